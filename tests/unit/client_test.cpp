// The client over a scripted transport: auth header, retry decisions, POST safety, progress,
// cancellation and the rate-limit budget.
#include "cats/client.hpp"

#include <gtest/gtest.h>

#include <deque>

using namespace cats_mcp::cats;
using namespace std::chrono_literals;

namespace {
class ScriptedTransport : public Transport {
 public:
  std::deque<TransportResult> script;
  std::vector<CatsRequest> sent;
  TransportResult send(const CatsRequest& request, const SendOptions&) override {
    sent.push_back(request);
    auto r = script.front();
    if (script.size() > 1) script.pop_front();
    return r;
  }
};

TransportResult answer(int status, std::vector<std::pair<std::string, std::string>> headers = {}) {
  TransportResult r;
  r.response.status = status;
  r.response.headers = std::move(headers);
  return r;
}
TransportResult failure(TransportFailure f) {
  TransportResult r;
  r.failure = f;
  r.detail = "scripted";
  return r;
}

struct Fixture {
  std::shared_ptr<ScriptedTransport> transport = std::make_shared<ScriptedTransport>();
  std::vector<std::chrono::milliseconds> sleeps;
  Client client{transport, ClientOptions{"test-key-123", 1000ms, RetryPolicy{}}};
  Fixture() {
    client.set_uniform_source([] { return 0.5; });
    client.set_sleeper([this](std::chrono::milliseconds d, cats_mcp::CancelToken* c) {
      sleeps.push_back(d);
      return !(c && c->cancelled());
    });
  }
};

CatsRequest get() { return {"GET", "/contacts/5", {}, {}, {}, {}}; }
CatsRequest post() { return {"POST", "/contacts", {}, "{}", "application/json", {}}; }
}  // namespace

TEST(Client, SendsTheKeyAsATokenAuthorizationHeader) {
  Fixture f;
  f.transport->script = {answer(200)};
  f.client.send(get(), {});
  ASSERT_EQ(f.transport->sent.size(), 1u);
  EXPECT_EQ(f.transport->sent[0].headers, (std::vector<std::pair<std::string, std::string>>{{"Authorization", "Token test-key-123"}}));
}

TEST(Client, RetriesAGetThroughTwoServerErrors) {
  Fixture f;
  f.transport->script = {answer(503), answer(502), answer(200)};
  auto outcome = f.client.send(get(), {});
  EXPECT_EQ(outcome.attempts, 3);
  EXPECT_EQ(outcome.last.response.status, 200);
  EXPECT_EQ(f.sleeps, (std::vector<std::chrono::milliseconds>{250ms, 500ms}));
}

TEST(Client, GivesUpAfterThreeAttempts) {
  Fixture f;
  f.transport->script = {answer(503)};
  auto outcome = f.client.send(get(), {});
  EXPECT_EQ(outcome.attempts, 3);
  EXPECT_EQ(f.transport->sent.size(), 3u);
}

TEST(Client, NeverResendsAPostAfterAServerErrorOrTimeout) {
  for (auto first : {answer(503), answer(429), failure(TransportFailure::timed_out), failure(TransportFailure::network)}) {
    Fixture f;
    f.transport->script = {first, answer(201)};
    auto outcome = f.client.send(post(), {});
    EXPECT_EQ(f.transport->sent.size(), 1u);
    EXPECT_EQ(outcome.attempts, 1);
  }
}

TEST(Client, ResendsAPostWhoseConnectionNeverOpened) {
  Fixture f;
  f.transport->script = {failure(TransportFailure::connect_failed), answer(201)};
  auto outcome = f.client.send(post(), {});
  EXPECT_EQ(f.transport->sent.size(), 2u);
  EXPECT_EQ(outcome.last.response.status, 201);
}

TEST(Client, WaitsAsLongAsRetryAfterSays) {
  Fixture f;
  f.transport->script = {answer(429, {{"retry-after", "2"}}), answer(200)};
  f.client.send(get(), {});
  EXPECT_EQ(f.sleeps, (std::vector<std::chrono::milliseconds>{2000ms}));
}

TEST(Client, ReportsProgressWhileWaitingToRetry) {
  Fixture f;
  f.transport->script = {answer(503), answer(200)};
  std::vector<std::string> messages;
  CallHooks hooks;
  hooks.progress = [&](double, double, std::string m) { messages.push_back(m); };
  f.client.send(get(), hooks);
  ASSERT_EQ(messages.size(), 1u);
  EXPECT_NE(messages[0].find("HTTP 503; retrying"), std::string::npos);
}

TEST(Client, CancellationDuringBackoffEndsTheCall) {
  Fixture f;
  f.transport->script = {answer(503), answer(200)};
  cats_mcp::CancelToken token;
  f.client.set_sleeper([&](std::chrono::milliseconds, cats_mcp::CancelToken* c) {
    token.cancel();  // the client cancels while the call waits to retry
    return !(c && c->cancelled());
  });
  CallHooks hooks;
  hooks.cancel = &token;
  auto outcome = f.client.send(get(), hooks);
  EXPECT_EQ(f.transport->sent.size(), 1u);
  EXPECT_EQ(outcome.attempts, 1);
  EXPECT_EQ(outcome.last.failure, TransportFailure::cancelled);
}

TEST(Client, ACallCancelledBeforeItIsSentNeverReachesCats) {
  Fixture f;
  f.transport->script = {answer(201)};
  cats_mcp::CancelToken token;
  token.cancel();
  CallHooks hooks;
  hooks.cancel = &token;
  auto outcome = f.client.send(post(), hooks);
  EXPECT_TRUE(f.transport->sent.empty());
  EXPECT_EQ(outcome.last.failure, TransportFailure::cancelled);
}

TEST(Client, TracksTheRateLimitBudgetFromResponseHeaders) {
  Fixture f;
  f.transport->script = {answer(200, {{"x-rate-limit-limit", "500"}, {"x-rate-limit-remaining", "42"}})};
  auto outcome = f.client.send(get(), {});
  EXPECT_EQ(outcome.budget.remaining, 42);
  EXPECT_EQ(f.client.budget().limit, 500);
  EXPECT_EQ(f.client.budget().remaining, 42);
}

TEST(Client, ARetryAfterDateBeyondTheCapEndsTheCallAndSaysWhenToRetry) {
  Fixture f;
  f.transport->script = {answer(429, {{"retry-after", "Fri, 01 Jan 2100 00:00:00 GMT"}}), answer(200)};
  auto outcome = f.client.send(get(), {});
  EXPECT_EQ(outcome.attempts, 1);
  EXPECT_TRUE(f.sleeps.empty());
  ASSERT_TRUE(outcome.retry_after);
  EXPECT_GT(*outcome.retry_after, RetryPolicy{}.retry_after_cap);
}

TEST(Client, PassesTheResponseCapToTheTransport) {
  struct CapturingTransport : Transport {
    std::size_t cap = 0;
    TransportResult send(const CatsRequest&, const SendOptions& options) override {
      cap = options.max_response_bytes;
      return answer(200);
    }
  };
  auto transport = std::make_shared<CapturingTransport>();
  Client(transport, ClientOptions{"k-123456", 1000ms, RetryPolicy{}}).send(get(), {});
  EXPECT_EQ(transport->cap, kDefaultMaxResponseBytes);
  Client(transport, ClientOptions{"k-123456", 1000ms, RetryPolicy{}, 4096}).send(get(), {});
  EXPECT_EQ(transport->cap, 4096u);
}

namespace {
// A transport that takes all the time it is given, on a clock the test controls, and times out.
struct SlowCatsFixture {
  std::chrono::steady_clock::time_point now{};
  std::vector<std::chrono::milliseconds> timeouts;
  struct Slow : Transport {
    SlowCatsFixture* f = nullptr;
    TransportResult send(const CatsRequest&, const SendOptions& options) override {
      f->timeouts.push_back(options.timeout);
      f->now += options.timeout;
      return failure(TransportFailure::timed_out);
    }
  };
  std::shared_ptr<Slow> transport = std::make_shared<Slow>();
  Client client;
  explicit SlowCatsFixture(ClientOptions options) : client(transport, std::move(options)) {
    transport->f = this;
    client.set_uniform_source([] { return 0.5; });
    client.set_clock([this] { return now; });
    client.set_sleeper([this](std::chrono::milliseconds d, cats_mcp::CancelToken*) {
      now += d;
      return true;
    });
  }
};
}  // namespace

// Three tries of 30 s each took 91 s, past a client's usual 60 s: one deadline bounds them all.
TEST(Client, OneDeadlineBoundsEveryTryAndWaitOfACall) {
  ClientOptions options{"k", 30000ms, RetryPolicy{}};
  options.call_deadline = 50000ms;
  SlowCatsFixture f(options);
  auto outcome = f.client.send(get(), {});
  ASSERT_EQ(f.timeouts.size(), 2u);  // 30 s, then what is left after the backoff; never a third
  EXPECT_EQ(f.timeouts[0], 30000ms);
  EXPECT_LT(f.timeouts[1], 20000ms);
  EXPECT_LE(f.now - std::chrono::steady_clock::time_point{}, 50000ms);
  EXPECT_EQ(outcome.last.failure, TransportFailure::timed_out);
  EXPECT_EQ(outcome.attempts, 2);
}

TEST(Client, ARetryThatCouldNotStartBeforeTheDeadlineIsNotMadeAndTheErrorSaysWhy) {
  ClientOptions options{"k", 30000ms, RetryPolicy{}};
  options.call_deadline = 30000ms;  // the first try uses it all
  SlowCatsFixture f(options);
  auto outcome = f.client.send(get(), {});
  EXPECT_EQ(f.timeouts.size(), 1u);
  EXPECT_NE(outcome.last.detail.find("the call's 30 s deadline leaves no time to try again"), std::string::npos)
      << outcome.last.detail;
}
