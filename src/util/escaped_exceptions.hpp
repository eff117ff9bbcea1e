#pragma once
// What escapes a piece of work nobody waits for. A coroutine spawned with asio::detached loses
// its exception without a trace; spawned with log_escaped(...) as its completion handler, the
// exception is logged and the server goes on serving everything else.
#include "util/log.hpp"

#include <exception>
#include <string>

namespace cats_mcp {

// What an exception says, for a log line: its what(), or that it was no std::exception.
std::string describe(std::exception_ptr error);

// A completion handler for asio::co_spawn. `what` names the coroutine in the log line (e.g.
// "connection"): a string literal.
inline auto log_escaped(const char* what) {
  return [what](std::exception_ptr error) {
    if (error) log(LogLevel::error, std::string(what) + " ended by an exception", {{"error", describe(error)}});
  };
}

}  // namespace cats_mcp
