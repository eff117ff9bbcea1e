#pragma once
// Secrets at rest: CATS API keys are sealed with libsodium's secretbox (XSalsa20-Poly1305)
// under a 32-byte master key, from CATS_MCP_MASTER_KEY (64 hex digits) or a key file created
// with mode 0600 on first use.
#include <optional>
#include <string>
#include <string_view>

namespace cats_mcp::connections {

class SealedBox {
 public:
  // The key from CATS_MCP_MASTER_KEY, else from `key_file` (created if missing; empty: there is
  // no file, the variable is required). Throws on a missing or malformed key or an unreadable file.
  static SealedBox load(const std::string& key_file);
  explicit SealedBox(std::string key);  // 32 raw bytes

  // nonce (24 bytes) || ciphertext
  std::string seal(std::string_view plaintext) const;
  // nullopt when the box was not sealed with this key or was altered.
  std::optional<std::string> open(std::string_view sealed) const;

 private:
  std::string key_;
};

}  // namespace cats_mcp::connections
