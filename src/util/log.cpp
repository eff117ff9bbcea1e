#include "util/log.hpp"

#include "util/secrets.hpp"

#include <array>
#include <atomic>
#include <chrono>
#include <cstdio>
#include <ctime>
#include <mutex>

namespace cats_mcp {
namespace {
constexpr std::array<std::string_view, 8> kNames = {"debug",    "info",  "notice", "warning",
                                                    "error",    "critical", "alert", "emergency"};
std::atomic<LogLevel> g_level{LogLevel::info};
std::mutex g_write_mutex;

std::string utc_timestamp() {
  using namespace std::chrono;
  auto now = system_clock::now();
  auto secs = system_clock::to_time_t(now);
  auto millis = duration_cast<milliseconds>(now.time_since_epoch()).count() % 1000;
  std::tm tm{};
  gmtime_r(&secs, &tm);
  char buf[64];
  std::snprintf(buf, sizeof buf, "%04d-%02d-%02dT%02d:%02d:%02d.%03dZ", tm.tm_year + 1900,
                tm.tm_mon + 1, tm.tm_mday, tm.tm_hour, tm.tm_min, tm.tm_sec, int(millis));
  return buf;
}
}  // namespace

std::string_view to_string(LogLevel level) { return kNames[static_cast<size_t>(level)]; }

std::optional<LogLevel> parse_log_level(std::string_view name) {
  for (size_t i = 0; i < kNames.size(); ++i)
    if (kNames[i] == name) return static_cast<LogLevel>(i);
  return std::nullopt;
}

void set_stderr_log_level(LogLevel level) { g_level = level; }
LogLevel stderr_log_level() { return g_level; }

void log(LogLevel level, std::string_view message, boost::json::object fields) {
  if (level < g_level.load()) return;
  boost::json::object line;
  line["ts"] = utc_timestamp();
  line["level"] = to_string(level);
  line["msg"] = message;
  for (auto& [k, v] : fields) line[k] = std::move(v);
  std::string text = redact(boost::json::serialize(line));
  text.push_back('\n');
  std::lock_guard lock(g_write_mutex);
  std::fwrite(text.data(), 1, text.size(), stderr);
  std::fflush(stderr);
}

}  // namespace cats_mcp
