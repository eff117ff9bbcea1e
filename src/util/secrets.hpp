#pragma once
// One registry of secret strings (CATS keys, bearer tokens). Every text that leaves the
// process through a log line or a tool result passes redact(), so a secret that slips into
// an upstream error body or an exception message is masked before anyone sees it.
#include <string>
#include <string_view>

namespace cats_mcp {

void register_secret(std::string_view secret);
// Returns text with every registered secret replaced by "[redacted]".
std::string redact(std::string_view text);

}  // namespace cats_mcp
