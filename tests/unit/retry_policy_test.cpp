#include "cats/retry_policy.hpp"

#include <gtest/gtest.h>

using namespace cats_mcp::cats;
using namespace std::chrono_literals;

namespace {
const RetryPolicy kPolicy{};
auto half = [] { return 0.5; };
AttemptOutcome status(int code, bool idempotent = true) { return {idempotent, TransportFailure::none, code, std::nullopt}; }
AttemptOutcome failed(TransportFailure f, bool idempotent = true) { return {idempotent, f, 0, std::nullopt}; }
}  // namespace

TEST(RetryPolicy, RetriesIdempotentRequestsOn429And5xxAndBrokenConnections) {
  EXPECT_TRUE(next_retry_delay(kPolicy, 1, status(429), half));
  EXPECT_TRUE(next_retry_delay(kPolicy, 1, status(503), half));
  EXPECT_TRUE(next_retry_delay(kPolicy, 1, failed(TransportFailure::timed_out), half));
  EXPECT_TRUE(next_retry_delay(kPolicy, 1, failed(TransportFailure::network), half));
}

TEST(RetryPolicy, DoesNotRetryClientErrorsOrSuccess) {
  for (int code : {200, 201, 204, 400, 401, 404, 422}) EXPECT_FALSE(next_retry_delay(kPolicy, 1, status(code), half)) << code;
}

TEST(RetryPolicy, NeverResendsAPostThatMayHaveReachedCats) {
  EXPECT_FALSE(next_retry_delay(kPolicy, 1, status(503, false), half));
  EXPECT_FALSE(next_retry_delay(kPolicy, 1, status(429, false), half));
  EXPECT_FALSE(next_retry_delay(kPolicy, 1, failed(TransportFailure::timed_out, false), half));
  EXPECT_FALSE(next_retry_delay(kPolicy, 1, failed(TransportFailure::network, false), half));
}

TEST(RetryPolicy, ResendsAPostThatNeverLeft) {
  EXPECT_TRUE(next_retry_delay(kPolicy, 1, failed(TransportFailure::connect_failed, false), half));
}

TEST(RetryPolicy, StopsAfterThreeAttempts) {
  EXPECT_TRUE(next_retry_delay(kPolicy, 2, status(503), half));
  EXPECT_FALSE(next_retry_delay(kPolicy, 3, status(503), half));
}

TEST(RetryPolicy, FullJitterStaysUnderTheExponentialCeiling) {
  auto top = [] { return 0.999999; };
  auto zero = [] { return 0.0; };
  EXPECT_EQ(*next_retry_delay(kPolicy, 1, status(503), zero), 0ms);
  EXPECT_LE(*next_retry_delay(kPolicy, 1, status(503), top), 500ms);
  EXPECT_LE(*next_retry_delay(kPolicy, 2, status(503), top), 1000ms);
  EXPECT_GT(*next_retry_delay(kPolicy, 2, status(503), top), 900ms);
}

TEST(RetryPolicy, HonoursRetryAfterUpToTheCap) {
  auto o = status(429);
  o.retry_after = 7s;
  EXPECT_EQ(*next_retry_delay(kPolicy, 1, o, half), 7000ms);
  o.retry_after = 3600s;  // longer than the cap: the call ends and the text says when to retry
  EXPECT_FALSE(next_retry_delay(kPolicy, 1, o, half));
}

TEST(RetryPolicy, ParsesRetryAfterSeconds) {
  EXPECT_EQ(parse_retry_after("120"), 120000ms);
  EXPECT_EQ(parse_retry_after(" 3 "), 3000ms);
  EXPECT_FALSE(parse_retry_after("Wed, 21 Oct 2026 07:28:00 GMT"));
  EXPECT_FALSE(parse_retry_after("-1"));
}
