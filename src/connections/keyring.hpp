#pragma once
// Secrets at rest, sealed in two steps (envelope encryption): each stored CATS key is sealed
// under a data key of its own, and the data key is wrapped by the master key, whose id is kept
// beside it. Rotating the master key re-wraps the small data keys and never touches a secret;
// replicas holding the new key and the previous one open rows of either while it runs.
//
// Both seals are AEAD (XChaCha20-Poly1305) with the row's PCID and owner as associated data:
// sealed material copied onto another PCID or owner does not open.
//
// The master key comes from CATS_MCP_MASTER_KEY (64 hex digits) or a key file created with mode
// 0600 on first use; the previous one, during a rotation, from CATS_MCP_MASTER_KEY_PREVIOUS.
#include "connections/stored_secret.hpp"

#include <optional>
#include <string>
#include <string_view>

namespace cats_mcp::connections {

class Keyring {
 public:
  // The keys from the environment or `key_file` (created if missing; empty: there is no file,
  // CATS_MCP_MASTER_KEY is required). Throws on a missing or malformed key or an unreadable file.
  static Keyring load(const std::string& key_file);
  // 32 raw bytes each.
  explicit Keyring(std::string master_key, std::optional<std::string> previous_key = std::nullopt);

  // The current master key's id: 16 hex digits derived from the key, revealing nothing of it.
  const std::string& key_id() const { return current_.id; }
  bool holds_previous() const { return previous_.has_value(); }

  StoredSecret seal(std::string_view secret, std::string_view pcid, std::string_view owner) const;
  // nullopt when no key this ring holds opens it, or it was altered or moved to another row.
  std::optional<std::string> open(const StoredSecret& stored, std::string_view pcid, std::string_view owner) const;
  // The same secret with its data key wrapped by the current master key (a row before data keys
  // is sealed afresh); nullopt when it does not open.
  std::optional<StoredSecret> rewrap(const StoredSecret& stored, std::string_view pcid, std::string_view owner) const;

 private:
  struct MasterKey {
    std::string key;
    std::string id;
  };
  static MasterKey master(std::string key);
  const MasterKey* key_with_id(std::string_view id) const;
  std::optional<std::string> unwrap(const StoredSecret& stored, std::string_view pcid, std::string_view owner) const;
  StoredSecret wrap(std::string data_key, std::string sealed, std::string_view pcid, std::string_view owner) const;

  MasterKey current_;
  std::optional<MasterKey> previous_;
};

}  // namespace cats_mcp::connections
