#include "storage/clock.hpp"

#include <chrono>
#include <ctime>

namespace cats_mcp::storage {

std::string now_rfc3339() {
  auto secs = std::chrono::system_clock::to_time_t(std::chrono::system_clock::now());
  std::tm tm{};
  gmtime_r(&secs, &tm);
  char buf[40];
  std::strftime(buf, sizeof buf, "%Y-%m-%dT%H:%M:%S+00:00", &tm);
  return buf;
}

}  // namespace cats_mcp::storage
