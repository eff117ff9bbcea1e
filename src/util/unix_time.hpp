#pragma once
// Seconds since the Unix epoch: the expiry times that sealed tickets and the state database
// keep, comparable across processes and machines.
#include <chrono>
#include <cstdint>

namespace cats_mcp {

inline std::int64_t unix_seconds_now() {
  return std::chrono::duration_cast<std::chrono::seconds>(std::chrono::system_clock::now().time_since_epoch()).count();
}

}  // namespace cats_mcp
