// The CATS event loop: many requests wait at once on its one thread, a cancellation ends a
// running transfer at once, and --max-cats-inflight makes later requests wait their turn
// (cancellable, bounded by their time, never sent when they leave the queue).
#include "cats/curl_engine.hpp"
#include "cats/client.hpp"
#include "cats/error_text.hpp"
#include "cats/curl_transport.hpp"
#include "support/recording_cats.hpp"

#include <boost/asio/post.hpp>

#include <gtest/gtest.h>

#include <future>
#include <vector>

using namespace cats_mcp::cats;
using cats_mcp::testing::HeldCats;
using namespace std::chrono_literals;

namespace {
CatsRequest get(int id) { return {"GET", "/contacts/" + std::to_string(id), {}, {}, {}, {}}; }

// Starts a request and gives back its result when it comes.
std::future<TransportResult> start(CurlTransport& transport, CatsRequest request, SendOptions options = {}) {
  auto answer = std::make_shared<std::promise<TransportResult>>();
  auto future = answer->get_future();
  transport.start(std::move(request), std::move(options), [answer](TransportResult r) { answer->set_value(std::move(r)); });
  return future;
}
}  // namespace

TEST(CurlEngine, TwoHundredRequestsWaitOnCatsAtOnceOnOneThread) {
  HeldCats held;
  auto engine = std::make_shared<CurlEngine>();
  CurlTransport transport(held.cats.base_url(), engine);
  std::vector<std::future<TransportResult>> answers;
  for (int i = 0; i < 200; ++i) answers.push_back(start(transport, get(i + 1)));
  // The stand-in holds every answer: all 200 are on the wire together, driven by one thread.
  ASSERT_TRUE(held.wait_until_held(200)) << held.held.load();
  EXPECT_EQ(engine->running(), 200u);
  held.release();
  for (auto& a : answers) {
    ASSERT_EQ(a.wait_for(10s), std::future_status::ready);
    auto r = a.get();
    EXPECT_EQ(r.failure, TransportFailure::none) << r.detail;
    EXPECT_EQ(r.response.status, 200);
  }
  EXPECT_EQ(engine->running(), 0u);
}

TEST(CurlEngine, CancellingARunningTransferEndsItAtOnceAndClosesItsConnection) {
  HeldCats held;
  auto engine = std::make_shared<CurlEngine>();
  CurlTransport transport(held.cats.base_url(), engine);
  cats_mcp::CancelToken token;
  SendOptions options;
  options.cancel = &token;
  auto answer = start(transport, get(1), options);
  ASSERT_TRUE(held.wait_until_held(1));
  token.cancel();
  // Long before the stand-in's 10 s hold ends: the transfer left the loop when the token fired.
  ASSERT_EQ(answer.wait_for(3s), std::future_status::ready);
  auto r = answer.get();
  EXPECT_EQ(r.failure, TransportFailure::cancelled);
  EXPECT_NE(r.detail.find("cancelled while waiting for CATS"), std::string::npos) << r.detail;
  EXPECT_EQ(engine->running(), 0u);
  held.release();
}

TEST(CurlEngine, BeyondTheLimitARequestWaitsItsTurn) {
  HeldCats held;
  auto engine = std::make_shared<CurlEngine>(1);
  CurlTransport transport(held.cats.base_url(), engine);
  auto first = start(transport, get(1));
  auto second = start(transport, get(2));
  ASSERT_TRUE(held.wait_until_held(1));
  std::this_thread::sleep_for(200ms);
  EXPECT_EQ(held.held.load(), 1);  // the second is not on the wire
  EXPECT_EQ(engine->waiting(), 1u);
  held.release();
  ASSERT_EQ(first.wait_for(10s), std::future_status::ready);
  ASSERT_EQ(second.wait_for(10s), std::future_status::ready);
  EXPECT_EQ(second.get().response.status, 200);
  EXPECT_EQ(held.cats.requests().size(), 2u);
}

TEST(CurlEngine, AWaitingRequestThatIsCancelledIsNeverSent) {
  HeldCats held;
  auto engine = std::make_shared<CurlEngine>(1);
  CurlTransport transport(held.cats.base_url(), engine);
  auto first = start(transport, get(1));
  cats_mcp::CancelToken token;
  SendOptions options;
  options.cancel = &token;
  auto second = start(transport, {"POST", "/contacts", {}, "{}", "application/json", {}}, options);
  ASSERT_TRUE(held.wait_until_held(1));
  token.cancel();
  ASSERT_EQ(second.wait_for(3s), std::future_status::ready);
  auto r = second.get();
  EXPECT_EQ(r.failure, TransportFailure::cancelled);
  EXPECT_NE(r.detail.find("before it was sent"), std::string::npos) << r.detail;
  EXPECT_EQ(engine->waiting(), 0u);
  held.release();
  ASSERT_EQ(first.wait_for(10s), std::future_status::ready);
  ASSERT_EQ(held.cats.requests().size(), 1u);  // the create never reached CATS
  EXPECT_EQ(held.cats.requests()[0].method, "GET");
}

TEST(CurlEngine, AWaitingRequestWhoseTimeRunsOutLeavesTheQueueUnsent) {
  HeldCats held;
  auto engine = std::make_shared<CurlEngine>(1);
  CurlTransport transport(held.cats.base_url(), engine);
  auto first = start(transport, get(1));
  SendOptions options;
  options.timeout = 300ms;
  auto second = start(transport, {"POST", "/contacts", {}, "{}", "application/json", {}}, options);
  ASSERT_EQ(second.wait_for(5s), std::future_status::ready);
  auto r = second.get();
  EXPECT_EQ(r.failure, TransportFailure::no_slot);  // provably never sent
  EXPECT_NE(r.detail.find("--max-cats-inflight"), std::string::npos) << r.detail;
  auto text = error_text({"POST", "/contacts", {}, "{}", "application/json", {}}, ClientOutcome{r, 1, {}, {}});
  ASSERT_TRUE(text);
  EXPECT_NE(text->find("The server is busy: 1 CATS requests were already in flight"), std::string::npos) << *text;
  EXPECT_NE(text->find("Nothing was sent to CATS; try again in a moment."), std::string::npos) << *text;
  held.release();
  ASSERT_EQ(first.wait_for(10s), std::future_status::ready);
  EXPECT_EQ(held.cats.requests().size(), 1u);
}

TEST(CurlEngine, StoppingWithTransfersInFlightDropsThemSafely) {
  HeldCats held;
  auto engine = std::make_shared<CurlEngine>();
  CurlTransport transport(held.cats.base_url(), engine);
  auto answer = start(transport, get(1));
  ASSERT_TRUE(held.wait_until_held(1));
  engine->stop();  // as the process does at its end: `done` is dropped, and its promise with it
  EXPECT_THROW(answer.get(), std::future_error);
  auto late = start(transport, get(2));  // after the stop: refused at once
  EXPECT_EQ(late.get().failure, TransportFailure::cancelled);
  held.release();
}

TEST(CurlEngine, ABlockingSendFromTheEnginesOwnThreadIsRefused) {
  auto engine = std::make_shared<CurlEngine>();
  auto transport = std::make_shared<CurlTransport>("http://127.0.0.1:9/v3", engine);
  std::promise<bool> refused;
  boost::asio::post(engine->executor(), [&] {
    try {
      transport->send(get(1), {});
      refused.set_value(false);
    } catch (const std::logic_error&) {
      refused.set_value(true);  // it would wait forever on the loop it blocks
    }
  });
  EXPECT_TRUE(refused.get_future().get());
}
