#include "cats/client.hpp"

#include "cats/hal.hpp"
#include "util/metrics.hpp"
#include "util/secrets.hpp"

#include <algorithm>
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
// Large uploads report bytes sent, at most every 5%, so a client sees the call is alive.
std::function<void(size_t, size_t)> upload_progress_for(const CatsRequest& request, const CallHooks& hooks) {
  if (!hooks.progress || !request.body || request.body->size() <= 256 * 1024) return {};
  auto last = std::make_shared<size_t>(0);
  return [&hooks, last](size_t sent, size_t total) {
    if (sent < total && sent - *last < total / 20) return;
    if (sent == *last) return;
    *last = sent;
    hooks.progress(double(sent), double(total), "uploading to CATS");
  };
}

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
}  // namespace

SendOptions Client::send_options_for(const CatsRequest& request, const CallHooks& hooks) const {
  SendOptions options;
  options.timeout = options_.timeout;
  options.cancel = hooks.cancel;
  options.max_response_bytes = options_.max_response_bytes;
  options.upload_progress = upload_progress_for(request, hooks);
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

bool Client::wait_to_retry(const CatsRequest& request, int attempt, std::chrono::milliseconds delay,
                           const ClientOutcome& outcome, const CallHooks& hooks) {
  std::string why = retry_reason(outcome.last);
  log(LogLevel::info, "retrying cats request",
      {{"method", request.method}, {"path", request.path}, {"after_ms", delay.count()}, {"why", why}});
  if (hooks.progress)
    hooks.progress(double(attempt), double(options_.retry.max_attempts),
                   "CATS answered " + why + "; retrying in " + std::to_string(delay.count()) + " ms");
  return sleeper_(delay, hooks.cancel);
}

ClientOutcome Client::send(CatsRequest request, const CallHooks& hooks) {
  if (!options_.api_key.empty()) request.headers.emplace_back("Authorization", "Token " + options_.api_key);
  SendOptions send_options = send_options_for(request, hooks);
  ClientOutcome outcome;
  const auto deadline = now_() + options_.call_deadline;
  auto deadline_text = [&] { return "the call's " + std::to_string(options_.call_deadline.count() / 1000) + " s deadline"; };
  for (int attempt = 1;; ++attempt) {
    if (hooks.cancel && hooks.cancel->cancelled()) {  // cancelled before it went out: CATS never sees it
      outcome.last = {};
      outcome.last.failure = TransportFailure::cancelled;
      outcome.last.detail = "cancelled before it was sent";
      return outcome;
    }
    // Each try gets at most what is left of the call's deadline.
    auto left = std::chrono::duration_cast<std::chrono::milliseconds>(deadline - now_());
    send_options.timeout = std::max(std::chrono::milliseconds(1), std::min(options_.timeout, left));
    auto started = std::chrono::steady_clock::now();
    outcome.last = transport_->send(request, send_options);
    outcome.attempts = attempt;
    auto elapsed = std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::steady_clock::now() - started);
    AttemptOutcome attempt_outcome = observe(request, outcome);
    log_attempt(request, attempt, elapsed, outcome, hooks);
    warn_if_budget_low(outcome.budget);

    auto delay = next_retry_delay(options_.retry, attempt, attempt_outcome, uniform01_);
    if (!delay || (hooks.cancel && hooks.cancel->cancelled())) return outcome;
    // A retry that could not even start before the deadline is not made: the call ends now,
    // with what the last try said, rather than after the client itself gave up waiting.
    if (now_() + *delay >= deadline) {
      if (outcome.last.failure != TransportFailure::none)
        outcome.last.detail += "; " + deadline_text() + " leaves no time to try again";
      return outcome;
    }
    if (!wait_to_retry(request, attempt, *delay, outcome, hooks)) {
      outcome.last.failure = TransportFailure::cancelled;
      outcome.last.detail = "cancelled while waiting to retry";
      return outcome;
    }
  }
}

}  // namespace cats_mcp::cats
