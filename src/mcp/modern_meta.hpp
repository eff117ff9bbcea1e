#pragma once
// The per-request protocol fields of a modern (2026-07-28) request, in params._meta: checked
// once, before the request is dispatched, and handed on typed.
#include "mcp/jsonrpc.hpp"
#include "util/log.hpp"

#include <optional>
#include <string>
#include <string_view>
#include <variant>

namespace cats_mcp::mcp {

inline constexpr std::string_view kClientCapabilitiesKey = "io.modelcontextprotocol/clientCapabilities";
inline constexpr std::string_view kClientInfoKey = "io.modelcontextprotocol/clientInfo";
inline constexpr std::string_view kLogLevelKey = "io.modelcontextprotocol/logLevel";
inline constexpr std::string_view kServerInfoKey = "io.modelcontextprotocol/serverInfo";  // in a result's _meta

struct RequestMeta {
  std::string protocol_version;       // one of kModernVersions
  json::object client_capabilities;   // this request's, never an earlier one's
  std::optional<LogLevel> log_level;  // unset: no notifications/message for this request
  json::value progress_token;         // null: no notifications/progress
};

// Checks `m`'s params._meta. -32602 (with m.id) when protocolVersion is missing or not a string,
// clientCapabilities missing or not an object, clientInfo present but not an object, or logLevel
// present but not a level; then -32022 when the version is not one of kModernVersions. Unknown
// keys are ignored; a progressToken that is not a string or an integer asks for no progress.
// Returns the checked fields, or the error response to send.
std::variant<RequestMeta, json::object> check_request_meta(const Message& m);

// -32022 with data {supported: kModernVersions, requested}.
json::object unsupported_version_error(const json::value& id, json::value requested);

}  // namespace cats_mcp::mcp
