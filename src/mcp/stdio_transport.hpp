#pragma once
// MCP over stdio: newline-delimited JSON-RPC on stdin/stdout. One reader thread parses and
// answers quick requests inline; tool calls run on a small worker pool so pings and
// cancellations are handled while a call waits on the network. Only protocol goes to stdout.
#include "mcp/protocol.hpp"
#include "mcp/server_options.hpp"

#include <chrono>
#include <cstddef>

namespace cats_mcp::mcp {

struct StdioOptions {
  // A 20 MB attachment as base64 is ~27 MB; anything larger is refused unread.
  std::size_t max_message_bytes = 32 * 1024 * 1024;
  unsigned workers = 4;
  std::chrono::milliseconds drain_deadline{10000};  // in-flight calls may finish after EOF/SIGTERM
};

// Serves until EOF on `in_fd` or SIGTERM/SIGINT; returns the process exit code.
int serve_stdio(ToolProvider& provider, const ServerOptions& server_options, const StdioOptions& options,
                int in_fd = 0, int out_fd = 1);

}  // namespace cats_mcp::mcp
