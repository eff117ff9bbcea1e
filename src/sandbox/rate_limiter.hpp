#pragma once
// CATS's rolling hourly request budget, per API key, for `sandbox serve`.
#include <chrono>
#include <deque>
#include <map>
#include <mutex>
#include <string>

namespace cats_mcp::sandbox {

struct RateDecision {
  bool allowed = true;
  long limit = 0;
  long remaining = 0;
  long retry_after_seconds = 0;  // when refused
};

class RateLimiter {
 public:
  using Clock = std::chrono::steady_clock;
  // enforce=false reports the budget but never refuses.
  RateLimiter(long per_hour, bool enforce) : limit_(per_hour), enforce_(enforce) {}

  RateDecision admit(const std::string& key, Clock::time_point now = Clock::now());

 private:
  long limit_;
  bool enforce_;
  std::mutex mutex_;
  std::map<std::string, std::deque<Clock::time_point>> seen_;
};

}  // namespace cats_mcp::sandbox
