#pragma once
// JSON-RPC 2.0 framing for MCP: reading one message and building responses, errors and
// notifications. Classifies every input, however malformed, so the caller can answer it.
#include <boost/json.hpp>

#include <optional>
#include <string>
#include <string_view>

namespace cats_mcp::mcp {

namespace json = boost::json;

enum ErrorCode : int {
  kParseError = -32700,
  kInvalidRequest = -32600,
  kMethodNotFound = -32601,
  kInvalidParams = -32602,
  kInternalError = -32603,
  // MCP 2026-07-28's own codes.
  kHeaderMismatch = -32020,              // an HTTP header disagrees with the body
  kMissingRequiredClientCapability = -32021,  // data.requiredCapabilities: a ClientCapabilities object
  kUnsupportedProtocolVersion = -32022,  // data: {supported, requested}
};

struct Message {
  enum class Kind { request, notification, response, invalid } kind = Kind::invalid;
  json::value id;       // request id (string or integer); null when absent or unusable
  std::string method;
  json::object params;  // empty when absent
  bool params_ok = true;  // false when `params` was present but not an object
  std::string problem;  // why the message is invalid
  // A response (to a request the server sent): its result object; `failed` when it carries an
  // error instead (or a result that is not an object).
  json::object result;
  bool failed = false;
};

// Parses one message. On malformed JSON returns nullopt and fills `parse_error` with the
// -32700 response to send.
std::optional<Message> parse_message(std::string_view text, json::object& parse_error);

json::object make_result(const json::value& id, json::value result);
json::object make_error(const json::value& id, int code, std::string_view message, json::value data = nullptr);
json::object make_notification(std::string_view method, json::object params);
// The error code of response `response`; 0 when it is a result.
int error_code(const json::object& response);

// A stable text key for a request id, e.g. for cancellation maps ("s:abc", "i:7").
std::string id_key(const json::value& id);

}  // namespace cats_mcp::mcp
