#include "cats/retry_policy.hpp"

#include <algorithm>
#include <charconv>

namespace cats_mcp::cats {

std::optional<std::chrono::milliseconds> parse_retry_after(std::string_view value) {
  while (!value.empty() && value.front() == ' ') value.remove_prefix(1);
  while (!value.empty() && value.back() == ' ') value.remove_suffix(1);
  long long seconds = 0;
  auto [end, ec] = std::from_chars(value.data(), value.data() + value.size(), seconds);
  if (ec != std::errc() || end != value.data() + value.size() || seconds < 0) return std::nullopt;
  return std::chrono::milliseconds(std::min<long long>(seconds, 86400) * 1000);
}

std::optional<std::chrono::milliseconds> next_retry_delay(const RetryPolicy& policy, int attempt,
                                                          const AttemptOutcome& outcome,
                                                          const std::function<double()>& uniform01) {
  if (attempt >= policy.max_attempts) return std::nullopt;

  bool retryable = false;
  switch (outcome.failure) {
    case TransportFailure::connect_failed:
      retryable = true;  // nothing reached CATS, so even a create is safe to resend
      break;
    case TransportFailure::timed_out:
    case TransportFailure::network:
      retryable = outcome.idempotent;  // a POST may have been applied: never resend it
      break;
    case TransportFailure::cancelled:
      return std::nullopt;
    case TransportFailure::none:
      // A 429 or 5xx answer to a POST still means CATS saw it; a second create could duplicate.
      retryable = outcome.idempotent && (outcome.status == 429 || outcome.status >= 500);
      break;
  }
  if (!retryable) return std::nullopt;

  if (outcome.retry_after) {
    if (*outcome.retry_after > policy.retry_after_cap) return std::nullopt;
    return *outcome.retry_after;
  }
  // Full jitter: a uniform delay in [0, min(max_backoff, base * 2^(attempt-1))].
  auto ceiling = std::min<long long>(policy.max_backoff.count(),
                                     policy.base_delay.count() << std::min(attempt - 1, 20));
  return std::chrono::milliseconds(static_cast<long long>(uniform01() * double(ceiling)));
}

}  // namespace cats_mcp::cats
