// CancelToken's subscriptions: what waits on an event loop hears of a cancellation at once.
#include "util/cancel.hpp"

#include <gtest/gtest.h>

#include <atomic>
#include <thread>

using cats_mcp::CancelToken;

TEST(CancelToken, ASubscriptionRunsOnceWhenCancelled) {
  CancelToken token;
  int runs = 0;
  token.on_cancel([&] { ++runs; });
  EXPECT_EQ(runs, 0);
  token.cancel();
  token.cancel();
  EXPECT_EQ(runs, 1);
  EXPECT_TRUE(token.cancelled());
}

TEST(CancelToken, SubscribingToACancelledTokenRunsAtOnce) {
  CancelToken token;
  token.cancel();
  int runs = 0;
  token.on_cancel([&] { ++runs; });
  EXPECT_EQ(runs, 1);
}

TEST(CancelToken, AForgottenSubscriptionNeverRuns) {
  CancelToken token;
  int runs = 0;
  auto id = token.on_cancel([&] { ++runs; });
  token.forget(id);
  token.cancel();
  EXPECT_EQ(runs, 0);
}

// forget() on one thread while cancel() runs on another: once forget() returns, the callback is
// not running and never will, so what it uses may be freed (run under TSan).
TEST(CancelToken, ForgetRacingCancelIsSafe) {
  for (int round = 0; round < 200; ++round) {
    CancelToken token;
    auto counter = std::make_unique<std::atomic<int>>(0);
    auto id = token.on_cancel([c = counter.get()] { ++*c; });
    std::thread canceller([&] { token.cancel(); });
    token.forget(id);
    int seen = counter->load();
    counter.reset();  // the callback must not touch it any more
    canceller.join();
    EXPECT_LE(seen, 1);
  }
}

TEST(CancelToken, SleepEndsEarlyWhenCancelled) {
  CancelToken token;
  std::thread canceller([&] { token.cancel(); });
  EXPECT_FALSE(token.sleep_for(std::chrono::seconds(10)));
  canceller.join();
}
