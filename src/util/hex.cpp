#include "util/hex.hpp"

#include <sodium.h>

namespace cats_mcp {

std::string to_hex(std::string_view bytes) {
  std::string hex(2 * bytes.size() + 1, '\0');
  sodium_bin2hex(hex.data(), hex.size(), reinterpret_cast<const unsigned char*>(bytes.data()), bytes.size());
  hex.pop_back();  // the terminating NUL
  return hex;
}

std::optional<std::string> bytes_from_hex(std::string_view hex, std::size_t bytes) {
  std::string out(bytes, '\0');
  std::size_t length = 0;
  if (hex.size() != 2 * bytes ||
      sodium_hex2bin(reinterpret_cast<unsigned char*>(out.data()), out.size(), hex.data(), hex.size(), nullptr, &length,
                     nullptr) != 0 ||
      length != bytes)
    return std::nullopt;
  return out;
}

std::string random_hex(std::size_t bytes) {
  std::string raw(bytes, '\0');
  randombytes_buf(raw.data(), raw.size());  // libsodium initialises itself for this
  return to_hex(raw);
}

}  // namespace cats_mcp
