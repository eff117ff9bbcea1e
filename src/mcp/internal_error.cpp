#include "mcp/internal_error.hpp"

#include "util/log.hpp"

namespace cats_mcp::mcp {

json::object internal_error(const json::value& id, std::string_view what, std::exception_ptr error) {
  // The client learns only that it failed: the exception's text may name internals.
  log(LogLevel::error, std::string(what) + " failed", {{"error", describe(error)}});
  return make_error(id, kInternalError, "Internal error");
}

}  // namespace cats_mcp::mcp
