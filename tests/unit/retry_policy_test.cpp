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
  EXPECT_FALSE(parse_retry_after("soon"));
}

TEST(RetryPolicy, ReadsRetryAfterAsAnHttpDate) {
  EXPECT_EQ(parse_retry_after("Sun, 06 Nov 1994 08:49:37 GMT"), 0ms);  // already past: retry now
  EXPECT_GT(parse_retry_after("Fri, 01 Jan 2100 00:00:00 GMT").value_or(0ms), kPolicy.retry_after_cap);
}

TEST(RetryPolicy, ClampsRetryAfterOutOfRangeRatherThanIgnoringIt) {
  EXPECT_EQ(parse_retry_after("-5"), 0ms);
  auto huge = parse_retry_after("99999999999999999999");
  ASSERT_TRUE(huge);
  EXPECT_GT(*huge, kPolicy.retry_after_cap);
  auto o = status(429);
  o.retry_after = huge;
  EXPECT_FALSE(next_retry_delay(kPolicy, 1, o, half));  // beyond 30 s: the text says when to retry
}

TEST(RetryPolicy, CountsAnHttpDateFromNow) {
  using namespace std::chrono;
  auto now = sys_days{year{2026} / November / 26} + 12h;
  EXPECT_EQ(parse_retry_after("Thu, 26 Nov 2026 12:00:10 GMT", now), 10000ms);
  EXPECT_EQ(parse_retry_after("Fri, 27 Nov 2026 13:00:00 GMT", now), 24h);  // clamped to a day
  EXPECT_EQ(parse_retry_after("Fri, 31 Dec 9999 23:59:59 GMT", now), 24h);  // past what nanoseconds hold
  EXPECT_FALSE(parse_retry_after("Thu, 31 Feb 2026 12:00:00 GMT", now));
  EXPECT_FALSE(parse_retry_after("Thu, 26 Nov 2026 12:00:10 UTC", now));
  EXPECT_FALSE(parse_retry_after("Thu, 26 Foo 2026 12:00:10 GMT", now));
  EXPECT_FALSE(parse_retry_after("Thu, 26 Nov 2026 25:00:10 GMT", now));
}
