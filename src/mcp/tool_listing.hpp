#pragma once
// tools/list as both eras serve it: the provider's tools the filter offers, in the provider's
// order, a page at a time behind cursors the server issued.
#include "mcp/jsonrpc.hpp"
#include "mcp/server_options.hpp"
#include "mcp/tool_provider.hpp"

namespace cats_mcp::mcp {

// The response to tools/list request `m`: a page of tool definitions (with nextCursor while
// more follow), or -32602 for a cursor this server did not issue.
json::object list_tools(ToolProvider& provider, const ServerOptions& options, const Message& m);

}  // namespace cats_mcp::mcp
