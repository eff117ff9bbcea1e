#pragma once
// When to send a CATS request again, and how long to wait first. Pure: the randomness comes
// from a caller-supplied source so tests can pin it.
#include "cats/transport.hpp"

#include <chrono>
#include <functional>
#include <optional>
#include <string_view>

namespace cats_mcp::cats {

struct RetryPolicy {
  int max_attempts = 3;
  std::chrono::milliseconds base_delay{500};
  std::chrono::milliseconds max_backoff{8000};
  std::chrono::milliseconds retry_after_cap{30000};  // a longer Retry-After ends the call instead
};

struct AttemptOutcome {
  bool idempotent = true;  // false for POST
  TransportFailure failure = TransportFailure::none;
  int status = 0;                                    // when failure == none
  std::optional<std::chrono::milliseconds> retry_after;  // parsed Retry-After header
};

// The delay a Retry-After header asks for: delta-seconds (CATS's documented form) or an HTTP-date
// (IMF-fixdate, "Sun, 06 Nov 1994 08:49:37 GMT") counted from `now`. Out-of-range values are
// clamped to [0, 1 day] rather than ignored, so a huge one still ends the call; nullopt when the
// value is neither form.
std::optional<std::chrono::milliseconds> parse_retry_after(
    std::string_view value, std::chrono::system_clock::time_point now = std::chrono::system_clock::now());

// `attempt` counts from 1 (the attempt that just ended). Returns the delay before the next
// attempt, or nullopt when the outcome is final. `uniform01` yields values in [0, 1).
std::optional<std::chrono::milliseconds> next_retry_delay(const RetryPolicy& policy, int attempt,
                                                          const AttemptOutcome& outcome,
                                                          const std::function<double()>& uniform01);

}  // namespace cats_mcp::cats
