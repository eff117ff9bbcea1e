#pragma once
// The one place an exception becomes a JSON-RPC answer. Whatever escapes the handling of a
// request (a provider that throws despite its contract, an allocation that fails) is logged
// and answered with -32603, on every transport alike, and the server goes on serving.
#include "mcp/jsonrpc.hpp"
#include "util/escaped_exceptions.hpp"

#include <exception>
#include <optional>
#include <string>
#include <string_view>

namespace cats_mcp::mcp {

// Logs `error` (escaping `what`, e.g. "tool call") and returns the -32603 answer to `id`.
json::object internal_error(const json::value& id, std::string_view what, std::exception_ptr error);

// Runs `work` (returning the answer to request `id`, if any); an exception that escapes it
// becomes internal_error's answer instead.
template <class Work>
std::optional<json::object> answer_or_internal_error(const json::value& id, std::string_view what, Work&& work) {
  try {
    return std::forward<Work>(work)();
  } catch (...) {
    return internal_error(id, what, std::current_exception());
  }
}

}  // namespace cats_mcp::mcp
