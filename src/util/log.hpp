#pragma once
// Structured logging: one JSON object per line on stderr (stdout belongs to the protocol in
// stdio mode). Levels are the eight syslog levels MCP uses, so the same level names serve
// both the process log and `notifications/message`.
#include <boost/json.hpp>

#include <optional>
#include <string>
#include <string_view>

namespace cats_mcp {

enum class LogLevel { debug = 0, info, notice, warning, error, critical, alert, emergency };

std::string_view to_string(LogLevel level);
std::optional<LogLevel> parse_log_level(std::string_view name);

void set_stderr_log_level(LogLevel level);
LogLevel stderr_log_level();

inline bool log_enabled(LogLevel level) { return level >= stderr_log_level(); }

// Writes {"ts":..., "level":..., "msg":..., ...fields} to stderr, with secrets redacted.
void log(LogLevel level, std::string_view message, boost::json::object fields = {});

}  // namespace cats_mcp
