#pragma once
// What a stored connection keeps of its secret (keyring.hpp seals and opens it).
#include <string>

namespace cats_mcp::connections {

// Rows written before data keys existed (schema version 1) have no key id and no wrapped key:
// their secret is a libsodium secretbox under the master key itself, and the store seals it
// afresh when it opens the database.
struct StoredSecret {
  std::string key_id;       // which master key wrapped `wrapped_key` ("" before data keys)
  std::string wrapped_key;  // the data key, sealed under that master key
  std::string sealed;       // the secret, sealed under the data key

  bool before_data_keys() const { return key_id.empty(); }
  bool operator==(const StoredSecret&) const = default;
};

}  // namespace cats_mcp::connections
