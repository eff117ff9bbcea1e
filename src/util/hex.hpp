#pragma once
// Hexadecimal for keys and ids (libsodium's constant-time codec).
#include <cstddef>
#include <optional>
#include <string>
#include <string_view>

namespace cats_mcp {

std::string to_hex(std::string_view bytes);
// Exactly `bytes` bytes written as 2 * `bytes` hex digits; nullopt for anything else.
std::optional<std::string> bytes_from_hex(std::string_view hex, std::size_t bytes);
// `bytes` random bytes as hex (ids that must not be guessed).
std::string random_hex(std::size_t bytes);

}  // namespace cats_mcp
