#pragma once
// Small state handed to a client and back (MCP's requestState): sealed with libsodium's AEAD
// (XChaCha20-Poly1305) so the client can neither read nor alter it, and bound to a purpose
// (associated data) so a token minted for one use opens for no other. Printable: base64.
#include <optional>
#include <string>
#include <string_view>

namespace cats_mcp {

class SealedToken {
 public:
  // `key`: 32 raw bytes. Replicas that share the key open each other's tokens.
  explicit SealedToken(std::string key);
  // A random key: tokens open only in this process.
  static SealedToken with_random_key();
  // The key from 64 hex digits; nullopt when malformed.
  static std::optional<SealedToken> from_hex(std::string_view hex);

  std::string seal(std::string_view plaintext, std::string_view purpose) const;
  // nullopt when the token is malformed, altered, sealed under another key or for another purpose.
  std::optional<std::string> open(std::string_view token, std::string_view purpose) const;

 private:
  std::string key_;
};

}  // namespace cats_mcp
