// `sandbox serve`'s HTTP face: the token check, the /v3 prefix and the rate-limit emulation.
#include "sandbox/http_server.hpp"
#include "sandbox/rate_limiter.hpp"

#include <gtest/gtest.h>

using namespace cats_mcp::sandbox;

namespace {
struct Served : ::testing::Test {
  Store store{":memory:"};
  Router router{store};
  Response ask(RateLimiter& limiter, std::string target, std::string auth = "Token key-1") {
    std::vector<std::pair<std::string, std::string>> headers;
    if (!auth.empty()) headers.emplace_back("authorization", auth);
    return answer_http(router, limiter, "GET", target, headers, "");
  }
  static std::string header(const Response& r, std::string_view name) {
    for (const auto& [k, v] : r.headers)
      if (k == name) return v;
    return "";
  }
};
}  // namespace

TEST_F(Served, MissingOrMalformedTokenIs401InvalidCredentials) {
  RateLimiter limiter(500, false);
  for (std::string auth : {"", "Token", "Basic abc"}) {
    auto r = ask(limiter, "/v3/contacts/1", auth);
    EXPECT_EQ(r.status, 401) << auth;
    EXPECT_EQ(r.body, R"({"message":"Invalid credentials."})");
    EXPECT_EQ(header(r, "X-Rate-Limit-Limit"), "");  // CATS sends no budget on a 401
  }
}

TEST_F(Served, TokenAndBearerAreAcceptedAndEachKeyIsItsOwnAccount) {
  RateLimiter limiter(500, false);
  EXPECT_EQ(ask(limiter, "/v3/contacts/1", "Token key-1").status, 200);
  EXPECT_EQ(ask(limiter, "/v3/contacts/1", "Bearer key-2").status, 200);
  EXPECT_EQ(store.find_account("key-1") != store.find_account("key-2"), true);
}

TEST_F(Served, PathsOutsideV3AreNotFound) {
  RateLimiter limiter(500, false);
  EXPECT_EQ(ask(limiter, "/contacts/1").status, 404);
}

TEST_F(Served, EveryAnswerCarriesTheRateLimitBudget) {
  RateLimiter limiter(500, false);
  auto r = ask(limiter, "/v3/contacts/1");
  EXPECT_EQ(header(r, "X-Rate-Limit-Limit"), "500");
  EXPECT_EQ(header(r, "X-Rate-Limit-Remaining"), "499");
  EXPECT_EQ(header(ask(limiter, "/v3/contacts/2"), "X-Rate-Limit-Remaining"), "498");
}

TEST_F(Served, OverTheLimitIs429WithRetryAfter) {
  RateLimiter limiter(2, true);
  EXPECT_EQ(ask(limiter, "/v3/contacts/1").status, 200);
  EXPECT_EQ(ask(limiter, "/v3/contacts/1").status, 200);
  auto r = ask(limiter, "/v3/contacts/1");
  EXPECT_EQ(r.status, 429);
  EXPECT_EQ(header(r, "X-Rate-Limit-Remaining"), "0");
  EXPECT_GT(std::stol(header(r, "Retry-After")), 3500);
  EXPECT_EQ(ask(limiter, "/v3/contacts/1", "Token other-key").status, 200);  // budgets are per key
}

TEST(RateLimiter, TheWindowRollsOverAfterAnHour) {
  RateLimiter limiter(1, true);
  auto t0 = RateLimiter::Clock::now();
  EXPECT_TRUE(limiter.admit("k", t0).allowed);
  EXPECT_FALSE(limiter.admit("k", t0 + std::chrono::minutes(59)).allowed);
  EXPECT_TRUE(limiter.admit("k", t0 + std::chrono::minutes(61)).allowed);
}
