#pragma once
// What an OAuth access token without cats.write may do: call the tools annotated read-only,
// and see only those in tools/list (in both eras, in a session or not). Everything else an MCP
// client sends (initialize, ping, resources, ...) only reads.
#include "mcp/jsonrpc.hpp"
#include "mcp/tool_provider.hpp"

#include <boost/json.hpp>

#include <set>
#include <string>

namespace cats_mcp::http {

class ScopePolicy {
 public:
  explicit ScopePolicy(const mcp::ToolProvider& provider);

  // Whether a read-only caller may send `message`: not a tools/call of a tool that changes
  // something. (An unknown tool is let through, for the protocol's own error.)
  bool allows_read_only(const mcp::Message& message) const;
  // Removes from a tools/list answer the tools a read-only caller may not call.
  void trim_for_read_only(const mcp::Message& message, boost::json::object& response) const;

 private:
  std::set<std::string, std::less<>> changing_;  // the tools not annotated read-only
};

}  // namespace cats_mcp::http
