#include "cats/client.hpp"

#include "cats/hal.hpp"
#include "util/metrics.hpp"
#include "util/secrets.hpp"

#include <boost/asio/post.hpp>
#include <boost/asio/steady_timer.hpp>

#include <algorithm>
#include <cstdio>
#include <future>
#include <thread>

namespace cats_mcp::cats {
namespace json = boost::json;

namespace {
std::string_view failure_name(TransportFailure f) {
  switch (f) {
    case TransportFailure::none: return "none";
    case TransportFailure::connect_failed: return "connect_failed";
    case TransportFailure::timed_out: return "timed_out";
    case TransportFailure::network: return "network";
    case TransportFailure::cancelled: return "cancelled";
    case TransportFailure::too_large: return "too_large";
    case TransportFailure::no_slot: return "no_slot";
  }
  return "unknown";
}

bool default_sleep(std::chrono::milliseconds d, CancelToken* cancel) {
  if (cancel) return cancel->sleep_for(d);
  std::this_thread::sleep_for(d);
  return true;
}
}  // namespace

Client::Client(std::shared_ptr<Transport> transport, ClientOptions options)
    : transport_(std::move(transport)), options_(std::move(options)), sleeper_(default_sleep) {
  register_secret(options_.api_key);
  uniform01_ = [] {
    thread_local std::mt19937_64 rng{std::random_device{}()};
    return std::uniform_real_distribution<double>(0.0, 1.0)(rng);
  };
}

RateBudget Client::budget() const {
  RateBudget b;
  if (auto l = limit_.load(); l >= 0) b.limit = l;
  if (auto r = remaining_.load(); r >= 0) b.remaining = r;
  return b;
}

void Client::record_budget(const CatsResponse& response, RateBudget& out) {
  if (auto v = response.header("x-rate-limit-limit")) {
    json::value s = json::string(*v);
    if (auto n = lenient_integer(&s)) limit_ = *n, out.limit = *n;
  }
  if (auto v = response.header("x-rate-limit-remaining")) {
    json::value s = json::string(*v);
    if (auto n = lenient_integer(&s)) remaining_ = *n, out.remaining = *n;
  }
}

namespace {
// One line per attempt, to stderr at debug level and to the MCP client when it asked for debug.
void log_attempt(const CatsRequest& request, int attempt, std::chrono::milliseconds elapsed, const ClientOutcome& outcome,
                 const CallHooks& hooks) {
  bool to_client = hooks.client_log && hooks.client_log_level <= LogLevel::debug;
  if (!log_enabled(LogLevel::debug) && !to_client) return;
  json::object fields{{"method", request.method}, {"path", request.path}, {"attempt", attempt}, {"ms", elapsed.count()}};
  if (outcome.last.failure == TransportFailure::none) {
    fields["status"] = outcome.last.response.status;
    if (outcome.budget.remaining) fields["rate_limit_remaining"] = *outcome.budget.remaining;
    if (outcome.budget.limit) fields["rate_limit_limit"] = *outcome.budget.limit;
  } else {
    fields["failure"] = failure_name(outcome.last.failure);
    fields["detail"] = redact(outcome.last.detail);
  }
  log(LogLevel::debug, "cats request", fields);
  if (to_client) hooks.client_log(LogLevel::debug, "cats request", fields);
}

// An operator hears before CATS starts refusing: under a tenth of the budget left.
void warn_if_budget_low(const RateBudget& budget) {
  if (budget.remaining && budget.limit && *budget.limit > 0 && *budget.remaining * 10 < *budget.limit)
    log(LogLevel::warning, "cats rate-limit budget low",
        {{"rate_limit_remaining", *budget.remaining}, {"rate_limit_limit", *budget.limit}});
}

std::string retry_reason(const TransportResult& last) {
  return last.failure == TransportFailure::none ? "HTTP " + std::to_string(last.response.status)
                                                : std::string(failure_name(last.failure));
}

std::string megabytes(std::size_t bytes) {
  char text[32];
  std::snprintf(text, sizeof text, "%.1f", double(bytes) / 1e6);
  return text;
}

std::string seconds(std::chrono::steady_clock::duration d) {
  return std::to_string(std::chrono::duration_cast<std::chrono::seconds>(d).count()) + " s";
}
}  // namespace

SendOptions Client::send_options_for(const CatsRequest&, const CallHooks& hooks) const {
  SendOptions options;
  options.timeout = options_.timeout;
  options.cancel = hooks.cancel;
  options.max_response_bytes = options_.max_response_bytes;
  return options;
}

AttemptOutcome Client::observe(const CatsRequest& request, ClientOutcome& outcome) {
  AttemptOutcome attempt{request.idempotent(), outcome.last.failure, 0, std::nullopt};
  if (outcome.last.failure != TransportFailure::none) return attempt;
  const auto& response = outcome.last.response;
  attempt.status = response.status;
  record_budget(response, outcome.budget);
  metrics().count_cats_status(response.status);
  metrics().set_rate_budget(outcome.budget.remaining, outcome.budget.limit);
  if (auto ra = response.header("retry-after")) attempt.retry_after = parse_retry_after(*ra);
  outcome.retry_after = attempt.retry_after;
  return attempt;
}

// One call in progress: its tries, what each said, the one deadline over all of them, and its
// progress on one scale (seconds since the call started, out of the deadline). send() drives it
// in a loop on the caller's thread; start() drives it with timers on the transport's loop.
class Client::Call : public std::enable_shared_from_this<Call> {
 public:
  Call(Client& client, CatsRequest request, const CallHooks& hooks)
      : client_(client), request_(std::move(request)), hooks_(hooks), started_(client.now_()),
        deadline_(started_ + client.options_.call_deadline) {
    if (!client_.options_.api_key.empty()) request_.headers.emplace_back("Authorization", "Token " + client_.options_.api_key);
    send_options_ = client_.send_options_for(request_, hooks_);
    // Large uploads report the bytes sent, at most every 5%, so a client sees the call is alive.
    if (hooks_.progress && request_.body && request_.body->size() > 256 * 1024)
      send_options_.upload_progress = [this, last = std::size_t(0)](std::size_t sent, std::size_t total) mutable {
        if ((sent < total && sent - last < total / 20) || sent == last) return;
        last = sent;
        report("uploading to CATS: " + megabytes(sent) + " of " + megabytes(total) + " MB");
      };
  }

  ClientOutcome outcome;

  // False, with the outcome saying so, when the call was cancelled before its next try went
  // out: CATS never sees it.
  bool may_try() {
    if (!cancelled()) return true;
    outcome.last = {};
    outcome.last.failure = TransportFailure::cancelled;
    outcome.last.detail = attempt_ == 0 ? "cancelled before it was sent" : "cancelled while waiting to retry";
    return false;
  }

  // The next try's request and options: it gets at most what is left of the call's deadline.
  void begin_try() {
    ++attempt_;
    auto left = std::chrono::duration_cast<std::chrono::milliseconds>(deadline_ - client_.now_());
    send_options_.timeout = std::max(std::chrono::milliseconds(1), std::min(client_.options_.timeout, left));
    try_started_ = std::chrono::steady_clock::now();
    phase_ = "waiting for CATS (" + request_.method + " " + request_.path + ", try " + std::to_string(attempt_) + " of " +
             std::to_string(client_.options_.retry.max_attempts) + ")";
  }
  const CatsRequest& request() const { return request_; }
  const SendOptions& send_options() const { return send_options_; }

  // Takes a try's answer; returns how long to wait before the next try (the retry already
  // announced), or nothing when the call is over.
  std::optional<std::chrono::milliseconds> after_try(TransportResult result) {
    outcome.last = std::move(result);
    outcome.attempts = attempt_;
    auto elapsed = std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::steady_clock::now() - try_started_);
    AttemptOutcome attempt = client_.observe(request_, outcome);
    log_attempt(request_, attempt_, elapsed, outcome, hooks_);
    warn_if_budget_low(outcome.budget);
    auto delay = next_retry_delay(client_.options_.retry, attempt_, attempt, client_.uniform01_);
    if (!delay || cancelled()) return std::nullopt;
    // A retry that could not even start before the deadline is not made: the call ends now,
    // with what the last try said, rather than after the client itself gave up waiting.
    if (client_.now_() + *delay >= deadline_) {
      if (outcome.last.failure != TransportFailure::none)
        outcome.last.detail += "; the call's " + std::to_string(client_.options_.call_deadline.count() / 1000) +
                               " s deadline leaves no time to try again";
      return std::nullopt;
    }
    std::string why = retry_reason(outcome.last);
    log(LogLevel::info, "retrying cats request",
        {{"method", request_.method}, {"path", request_.path}, {"after_ms", delay->count()}, {"why", why}});
    report("CATS answered " + why + "; retrying in " + std::to_string(delay->count()) + " ms");
    phase_ = "CATS answered " + why + "; waiting to retry";
    return delay;
  }

  void cancelled_while_waiting() {
    outcome.last.failure = TransportFailure::cancelled;
    outcome.last.detail = "cancelled while waiting to retry";
  }

  // --- start(): the same steps on the transport's loop ---

  void begin(std::shared_ptr<Client> keep, ClientDone done) {
    keep_ = std::move(keep);
    done_ = std::move(done);
    executor_ = client_.transport_->executor();
    boost::asio::post(executor_, [self = shared_from_this()] { self->first_step(); });
  }

 private:
  bool cancelled() const { return hooks_.cancel && hooks_.cancel->cancelled(); }

  // Progress on one scale, whatever reports it (a retry, an upload, a heartbeat): seconds since
  // the call started, out of its deadline, always increasing.
  void report(std::string message) {
    if (!hooks_.progress) return;
    std::lock_guard lock(progress_mutex_);  // an upload reports from the transport's thread
    double elapsed = std::chrono::duration<double>(client_.now_() - started_).count();
    last_progress_ = std::max(elapsed, last_progress_ + 0.001);
    hooks_.progress(last_progress_, std::chrono::duration<double>(client_.options_.call_deadline).count(), std::move(message));
  }

  void first_step() {
    if (hooks_.cancel) {
      // The token may fire on any thread; the loop decides what it stops.
      std::weak_ptr<Call> weak = weak_from_this();
      subscription_ = hooks_.cancel->on_cancel([weak, executor = executor_] {
        boost::asio::post(executor, [weak] {
          if (auto self = weak.lock(); self && self->backoff_) self->backoff_->cancel();
        });
      });
    }
    if (hooks_.progress && client_.options_.heartbeat.count() > 0) beat_later();
    next_try();
  }

  void next_try() {
    if (!may_try()) return finish();
    begin_try();
    client_.transport_->start(request_, send_options_, [self = shared_from_this()](TransportResult result) {
      auto delay = self->after_try(std::move(result));
      if (!delay) return self->finish();
      self->back_off(*delay);
    });
  }

  void back_off(std::chrono::milliseconds delay) {
    backoff_.emplace(executor_, delay);
    backoff_->async_wait([self = shared_from_this()](const boost::system::error_code& ec) {
      self->backoff_.reset();
      if (ec || self->cancelled()) {
        self->cancelled_while_waiting();
        return self->finish();
      }
      self->next_try();
    });
  }

  // A client that asked for progress hears at least every heartbeat that the call is alive.
  void beat_later() {
    heartbeat_.emplace(executor_, client_.options_.heartbeat);
    heartbeat_->async_wait([weak = weak_from_this()](const boost::system::error_code& ec) {
      auto self = weak.lock();
      if (ec || !self || self->finished_) return;
      self->report(self->phase_ + ", " + seconds(self->client_.now_() - self->started_) + " so far");
      self->beat_later();
    });
  }

  void finish() {
    finished_ = true;
    if (hooks_.cancel) hooks_.cancel->forget(subscription_);
    if (heartbeat_) heartbeat_->cancel();
    auto keep = std::move(keep_);  // the client may end with this call, after `done`
    auto done = std::move(done_);
    done(std::move(outcome));
  }

  Client& client_;
  std::shared_ptr<Client> keep_;  // start(): the client lives as long as its calls
  CatsRequest request_;
  CallHooks hooks_;
  SendOptions send_options_;
  std::chrono::steady_clock::time_point started_, deadline_, try_started_;
  int attempt_ = 0;
  std::string phase_;  // what the call is doing, as a heartbeat says it
  std::mutex progress_mutex_;
  double last_progress_ = 0;
  boost::asio::any_io_executor executor_;
  std::optional<boost::asio::steady_timer> backoff_, heartbeat_;
  std::uint64_t subscription_ = 0;
  bool finished_ = false;
  ClientDone done_;
};

void Client::start(CatsRequest request, CallHooks hooks, ClientDone done) {
  auto call = std::make_shared<Call>(*this, std::move(request), hooks);
  call->begin(shared_from_this(), std::move(done));
}

ClientOutcome Client::send(CatsRequest request, const CallHooks& hooks) {
  if (non_blocking()) {
    // The same timers and heartbeat as start(), with this thread waiting for the outcome.
    auto answer = std::make_shared<std::promise<ClientOutcome>>();
    auto future = answer->get_future();
    auto call = std::make_shared<Call>(*this, std::move(request), hooks);
    call->begin(nullptr, [answer = std::move(answer)](ClientOutcome outcome) { answer->set_value(std::move(outcome)); });
    call.reset();
    try {
      return future.get();
    } catch (const std::future_error&) {  // the loop stopped first: the process is ending
      ClientOutcome stopped;
      stopped.last.failure = TransportFailure::cancelled;
      stopped.last.detail = "the server is stopping";
      return stopped;
    }
  }
  Call call(*this, std::move(request), hooks);
  for (;;) {
    if (!call.may_try()) return std::move(call.outcome);
    call.begin_try();
    auto delay = call.after_try(transport_->send(call.request(), call.send_options()));
    if (!delay) return std::move(call.outcome);
    if (!sleeper_(*delay, hooks.cancel)) {
      call.cancelled_while_waiting();
      return std::move(call.outcome);
    }
  }
}

}  // namespace cats_mcp::cats
