#include "sandbox/rate_limiter.hpp"

#include <algorithm>

namespace cats_mcp::sandbox {

RateDecision RateLimiter::admit(const std::string& key, Clock::time_point now) {
  constexpr auto kWindow = std::chrono::hours(1);
  std::lock_guard lock(mutex_);
  auto& times = seen_[key];
  while (!times.empty() && now - times.front() >= kWindow) times.pop_front();
  RateDecision d;
  d.limit = limit_;
  if (enforce_ && long(times.size()) >= limit_) {
    d.allowed = false;
    d.remaining = 0;
    auto wait = std::chrono::duration_cast<std::chrono::seconds>(times.front() + kWindow - now).count();
    d.retry_after_seconds = std::max<long>(1, long(wait));
    return d;
  }
  times.push_back(now);
  if (!enforce_ && long(times.size()) > limit_) times.pop_front();  // unenforced: keep memory bounded
  d.remaining = std::max<long>(0, limit_ - long(times.size()));
  return d;
}

}  // namespace cats_mcp::sandbox
