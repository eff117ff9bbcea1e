#pragma once
// A Streamable HTTP POST of the modern era (MCP 2026-07-28): which POSTs belong to it, and the
// checks its headers get before the protocol core serves it. No session is looked up or made:
// each request stands alone, so any replica behind a round-robin balancer can answer it.
//
// The order of the checks is the one the conformance suite fixes: params._meta complete
// (-32602), MCP-Protocol-Version equal to its version and Mcp-Method equal to the method
// (-32020), the version served (-32022), the method known (-32601), Mcp-Name and Mcp-Param-*
// equal to the body (-32020), then the method runs. (initialize without a claim under a modern
// header is -32020 at once: the header, not the body, is what is wrong.)
#include "http/modern_headers.hpp"
#include "mcp/modern.hpp"

#include <boost/json.hpp>

#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

namespace cats_mcp::http {

// Whether the POST of `m` is modern: the body claims it (params._meta names a protocol
// version), or, without a claim, the MCP-Protocol-Version header names a modern version. Such
// a request lacks its _meta and is refused (-32602), never served as legacy. A posted JSON-RPC
// response (the answer to a legacy server request) is legacy.
bool is_modern_post(const mcp::Message& m, std::string_view protocol_version_header);
// Whether an MCP-Protocol-Version header names a modern version (2026-07-28 or a later date).
bool names_modern_version(std::string_view protocol_version_header);

// Each tool's arguments marked x-mcp-header in its input schema, read once from the provider.
using ToolHeaderParams = std::unordered_map<std::string, std::vector<HeaderParam>>;
ToolHeaderParams tool_header_params(mcp::ToolProvider& provider);

struct ModernReply {
  // With `response`: send it now with `status`. With `call`: run it, then answer with
  // modern_status(). With neither: a notification, answered 202 Accepted.
  std::optional<boost::json::object> response;
  unsigned status = 200;
  std::optional<mcp::PendingCall> call;
};

// Checks and serves modern request `m` (its arguments move into the call).
ModernReply answer_modern_post(const mcp::ModernHandler& handler, mcp::Message& m, const HeaderLookup& header,
                               const ToolHeaderParams& header_params, const std::string& principal);

// The HTTP status of a modern answer with JSON-RPC error `code` (0: a result): 400 for the
// revision's own errors (-32020, -32021, -32022), 404 for an unknown or removed method, 200
// otherwise, in-band errors such as an unknown tool included.
unsigned modern_status(int code);

}  // namespace cats_mcp::http
