// The client's start(): the same retries, deadline and cancellation as send(), on a transport's
// event loop, plus the heartbeat a waiting call sends its client.
#include "cats/client.hpp"

#include <boost/asio/executor_work_guard.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/steady_timer.hpp>
#include <gtest/gtest.h>

#include <deque>
#include <future>
#include <mutex>
#include <thread>

using namespace cats_mcp::cats;
using namespace std::chrono_literals;
namespace asio = boost::asio;

namespace {
// An event loop on a thread of its own. It outlives what runs on it (it is stopped and joined
// first, then what its pending handlers hold is freed with it), as the process's CATS loop does.
struct Loop {
  asio::io_context io;
  asio::executor_work_guard<asio::io_context::executor_type> work{io.get_executor()};
  std::thread thread{[this] { io.run(); }};
  ~Loop() {
    work.reset();
    io.stop();
    thread.join();
  }
};

// Answers from a script on the loop, each after `delay`; a cancelled request ends at once.
class ScriptedLoopTransport : public Transport {
 public:
  explicit ScriptedLoopTransport(asio::io_context& io) : io_(io) {}
  std::deque<TransportResult> script;
  std::chrono::milliseconds delay{0};
  std::vector<CatsRequest> sent() {
    std::lock_guard lock(mutex_);
    return sent_;
  }

  TransportResult send(const CatsRequest&, const SendOptions&) override { throw std::logic_error("non-blocking only"); }
  bool non_blocking() const override { return true; }
  asio::any_io_executor executor() override { return io_.get_executor(); }
  void start(CatsRequest request, SendOptions options, TransportDone done) override {
    asio::post(io_, [this, request = std::move(request), options, done = std::move(done)]() mutable {
      {
        std::lock_guard lock(mutex_);
        sent_.push_back(request);
      }
      auto result = script.front();
      if (script.size() > 1) script.pop_front();
      auto timer = std::make_shared<asio::steady_timer>(io_, delay);
      std::uint64_t subscription = 0;
      if (options.cancel) subscription = options.cancel->on_cancel([this, timer] { asio::post(io_, [timer] { timer->cancel(); }); });
      timer->async_wait([timer, result, options, subscription, done = std::move(done)](const boost::system::error_code& ec) mutable {
        if (options.cancel) options.cancel->forget(subscription);
        if (ec) {
          result = {};
          result.failure = TransportFailure::cancelled;
        }
        done(result);
      });
    });
  }

 private:
  asio::io_context& io_;
  std::mutex mutex_;
  std::vector<CatsRequest> sent_;
};

TransportResult answer(int status, std::vector<std::pair<std::string, std::string>> headers = {}) {
  TransportResult r;
  r.response.status = status;
  r.response.headers = std::move(headers);
  return r;
}

CatsRequest get() { return {"GET", "/contacts/5", {}, {}, {}, {}}; }

struct Fixture {
  Loop loop;  // destroyed last
  std::shared_ptr<ScriptedLoopTransport> transport = std::make_shared<ScriptedLoopTransport>(loop.io);
  ClientOptions options{"test-key-123", 1000ms, RetryPolicy{}};
  std::shared_ptr<Client> client;
  std::shared_ptr<Client> make() {
    client = std::make_shared<Client>(transport, options);
    client->set_uniform_source([] { return 0.0; });  // no backoff jitter: retries at once
    return client;
  }
  ClientOutcome run(CatsRequest request, const CallHooks& hooks, std::chrono::seconds limit = 5s) {
    std::promise<ClientOutcome> outcome;
    auto future = outcome.get_future();
    client->start(std::move(request), hooks, [&](ClientOutcome o) { outcome.set_value(std::move(o)); });
    EXPECT_EQ(future.wait_for(limit), std::future_status::ready);
    return future.get();
  }
};
}  // namespace

TEST(ClientStart, RetriesOnTimersAndSendsTheKey) {
  Fixture f;
  f.transport->script = {answer(503), answer(200)};
  f.make();
  auto outcome = f.run(get(), {});
  EXPECT_EQ(outcome.attempts, 2);
  EXPECT_EQ(outcome.last.response.status, 200);
  ASSERT_EQ(f.transport->sent().size(), 2u);
  EXPECT_EQ(f.transport->sent()[1].headers[0].second, "Token test-key-123");
}

TEST(ClientStart, AWaitingCallSendsAHeartbeatOnOneIncreasingScale) {
  Fixture f;
  f.transport->script = {answer(200)};
  f.transport->delay = 400ms;
  f.options.heartbeat = 50ms;
  f.make();
  std::mutex mutex;
  std::vector<double> values;
  std::vector<std::string> messages;
  CallHooks hooks;
  hooks.progress = [&](double progress, double total, std::string message) {
    std::lock_guard lock(mutex);
    values.push_back(progress);
    messages.push_back(message);
    EXPECT_EQ(total, 50.0);  // the call's deadline, in seconds
  };
  f.run(get(), hooks);
  std::lock_guard lock(mutex);
  ASSERT_GE(values.size(), 3u);
  for (std::size_t i = 1; i < values.size(); ++i) EXPECT_LT(values[i - 1], values[i]);
  EXPECT_NE(messages[0].find("waiting for CATS (GET /contacts/5, try 1 of 3)"), std::string::npos) << messages[0];
}

TEST(ClientStart, ACancellationDuringBackoffEndsTheCallAtOnce) {
  Fixture f;
  f.transport->script = {answer(503, {{"retry-after", "20"}}), answer(200)};
  f.make();
  cats_mcp::CancelToken token;
  CallHooks hooks;
  hooks.cancel = &token;
  std::vector<std::string> messages;
  std::promise<void> retrying;
  hooks.progress = [&](double, double, std::string m) {
    messages.push_back(m);
    if (m.find("retrying in 20000 ms") != std::string::npos) retrying.set_value();
  };
  std::promise<ClientOutcome> outcome;
  auto future = outcome.get_future();
  f.client->start(get(), hooks, [&](ClientOutcome o) { outcome.set_value(std::move(o)); });
  retrying.get_future().wait();
  token.cancel();
  // Not 20 s later: the backoff timer was cancelled with the call.
  ASSERT_EQ(future.wait_for(3s), std::future_status::ready);
  auto o = future.get();
  EXPECT_EQ(o.attempts, 1);
  EXPECT_EQ(o.last.failure, TransportFailure::cancelled);
  EXPECT_EQ(f.transport->sent().size(), 1u);
}

TEST(ClientStart, ACancellationDuringTheTransferReachesTheTransport) {
  Fixture f;
  f.transport->script = {answer(200)};
  f.transport->delay = 20s;
  f.make();
  cats_mcp::CancelToken token;
  CallHooks hooks;
  hooks.cancel = &token;
  std::promise<ClientOutcome> outcome;
  auto future = outcome.get_future();
  f.client->start(get(), hooks, [&](ClientOutcome o) { outcome.set_value(std::move(o)); });
  std::this_thread::sleep_for(100ms);
  token.cancel();
  ASSERT_EQ(future.wait_for(3s), std::future_status::ready);
  auto o = future.get();
  EXPECT_EQ(o.last.failure, TransportFailure::cancelled);
  EXPECT_EQ(o.attempts, 1);  // a cancelled try is never retried
}

TEST(ClientStart, ACallCancelledBeforeItStartsNeverReachesCats) {
  Fixture f;
  f.transport->script = {answer(201)};
  f.make();
  cats_mcp::CancelToken token;
  token.cancel();
  CallHooks hooks;
  hooks.cancel = &token;
  auto o = f.run({"POST", "/contacts", {}, "{}", "application/json", {}}, hooks);
  EXPECT_EQ(o.last.failure, TransportFailure::cancelled);
  EXPECT_EQ(o.attempts, 0);
  EXPECT_TRUE(f.transport->sent().empty());
}

TEST(ClientStart, TheDeadlineEndsRetriesThatCouldNotFinishInTime) {
  Fixture f;
  f.transport->script = {answer(503, {{"retry-after", "2"}}), answer(200)};
  f.options.call_deadline = 1000ms;
  f.make();
  auto o = f.run(get(), {});
  EXPECT_EQ(o.attempts, 1);
  EXPECT_EQ(o.last.response.status, 503);
  EXPECT_EQ(f.transport->sent().size(), 1u);
}

TEST(ClientStart, SendOverANonBlockingTransportWaitsForTheSameSteps) {
  Fixture f;
  f.transport->script = {answer(502), answer(200)};
  f.make();
  auto o = f.client->send(get(), {});
  EXPECT_EQ(o.attempts, 2);
  EXPECT_EQ(o.last.response.status, 200);
}
