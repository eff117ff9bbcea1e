#pragma once
#include <optional>
#include <string>
#include <string_view>

namespace cats_mcp {

// Decodes standard base64 (RFC 4648 §4); whitespace is skipped, padding is optional.
// Returns nullopt on any other character or an impossible length.
std::optional<std::string> base64_decode(std::string_view text);
// The same, strictly: no whitespace, padding required (the length a multiple of 4). For values
// a peer must have encoded exactly, such as MCP's =?base64?...?= header values.
std::optional<std::string> base64_decode_strict(std::string_view text);
std::string base64_encode(std::string_view bytes);
// base64url without padding (RFC 4648 §5, as JOSE writes it), strictly: nullopt on any other
// character, on padding, or on an impossible length. libsodium's decoder does the work.
std::optional<std::string> base64url_decode(std::string_view text);

}  // namespace cats_mcp
