#pragma once
// The CATS v3 client: adds the auth header, sends through a Transport, retries what is safe
// to retry, and tracks the rate-limit budget CATS reports on each response.
#include "cats/http_types.hpp"
#include "cats/retry_policy.hpp"
#include "cats/transport.hpp"
#include "util/log.hpp"

#include <atomic>
#include <chrono>
#include <functional>
#include <memory>
#include <mutex>
#include <optional>
#include <random>
#include <string>

namespace cats_mcp::cats {

// What a single tool call lends the client: a way to stop, and ways to report while it waits.
struct CallHooks {
  CancelToken* cancel = nullptr;
  // (progress so far, total, message); empty when the caller asked for no progress.
  std::function<void(double, double, std::string)> progress;
  // Log lines meant for the MCP client (notifications/message), besides stderr; set only when
  // the client asked for this much detail, so nothing is built for a log nobody reads.
  std::function<void(LogLevel, std::string_view, const boost::json::object&)> client_log;
  LogLevel client_log_level = LogLevel::emergency;
};

struct RateBudget {
  std::optional<std::int64_t> limit;
  std::optional<std::int64_t> remaining;
};

struct ClientOutcome {
  TransportResult last;  // the final attempt
  int attempts = 0;
  RateBudget budget;     // as reported by the final response, if any
  std::optional<std::chrono::milliseconds> retry_after;  // from the final response
};

struct ClientOptions {
  std::string api_key;  // sent as "Authorization: Token <key>"; never logged
  std::chrono::milliseconds timeout{30000};
  RetryPolicy retry;
  std::size_t max_response_bytes = kDefaultMaxResponseBytes;  // a larger answer is dropped, not retried
  // One deadline for a call across all its tries and waits: each try gets at most what is
  // left, and no retry starts that could not finish in time. 50 s, so a client's usual 60 s
  // timeout never pre-empts the server's own clear error.
  std::chrono::milliseconds call_deadline{50000};
  // While a non-blocking call waits (on CATS, or to retry), a client that asked for progress
  // hears from it at least this often, so its own request timeout, if it resets on progress,
  // never runs out first.
  std::chrono::milliseconds heartbeat{10000};
};

using ClientDone = std::function<void(ClientOutcome)>;

class Client : public std::enable_shared_from_this<Client> {
 public:
  Client(std::shared_ptr<Transport> transport, ClientOptions options);

  // Sends the request (with retries) and blocks until the outcome is in. Over a non-blocking
  // transport it is start() and a wait, so it must not run on that transport's loop.
  ClientOutcome send(CatsRequest request, const CallHooks& hooks);
  // Whether start() can run: the transport waits on an event loop, not on a thread.
  bool non_blocking() const { return transport_ && transport_->non_blocking(); }
  // send() without blocking (a non_blocking() client owned by a shared_ptr): returns at once,
  // and `done` runs exactly once on the transport's loop. Retries wait on timers; a cancellation
  // ends the call at once, wherever it is. The hooks are copied; what they point at (the token,
  // what progress and client_log capture) must stay valid until `done`.
  void start(CatsRequest request, CallHooks hooks, ClientDone done);
  RateBudget budget() const;
  bool in_process() const { return transport_ && transport_->in_process(); }

  // Tests replace the jitter source and the sleep.
  void set_uniform_source(std::function<double()> uniform01) { uniform01_ = std::move(uniform01); }
  void set_sleeper(std::function<bool(std::chrono::milliseconds, CancelToken*)> sleeper) {
    sleeper_ = std::move(sleeper);
  }
  // Tests replace the clock the call deadline is measured on.
  void set_clock(std::function<std::chrono::steady_clock::time_point()> now) { now_ = std::move(now); }

 private:
  class Call;  // one call in progress, shared by send() and start()
  friend class Call;
  SendOptions send_options_for(const CatsRequest& request, const CallHooks& hooks) const;
  // Reads an attempt's answer: budget, metrics, Retry-After; what the retry policy decides on.
  AttemptOutcome observe(const CatsRequest& request, ClientOutcome& outcome);
  void record_budget(const CatsResponse& response, RateBudget& out);

  std::shared_ptr<Transport> transport_;
  ClientOptions options_;
  std::atomic<std::int64_t> limit_{-1};
  std::atomic<std::int64_t> remaining_{-1};
  std::function<double()> uniform01_;
  std::function<bool(std::chrono::milliseconds, CancelToken*)> sleeper_;
  std::function<std::chrono::steady_clock::time_point()> now_ = [] { return std::chrono::steady_clock::now(); };
};

}  // namespace cats_mcp::cats
