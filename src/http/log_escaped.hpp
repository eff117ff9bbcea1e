#pragma once
// The completion handler of every coroutine the HTTP server spawns and does not wait for.
// With asio::detached an exception that escapes a connection's coroutine vanishes without a
// trace; with this it is logged, and the server goes on serving the other connections.
#include "mcp/internal_error.hpp"
#include "util/log.hpp"

#include <exception>
#include <string>

namespace cats_mcp::http {

// `what` names the coroutine in the log line (e.g. "connection"): a string literal.
inline auto log_escaped(const char* what) {
  return [what](std::exception_ptr error) {
    if (error) log(LogLevel::error, std::string(what) + " ended by an exception", {{"error", mcp::describe(error)}});
  };
}

}  // namespace cats_mcp::http
