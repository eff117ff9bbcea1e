#pragma once
// Stored CATS connections: a random PCID, the principal that owns it, a label, and either a
// CATS base URL with its sealed API key or a sandbox account (whose key is sealed too).
#include "connections/sealed_box.hpp"
#include "sandbox/sqlite.hpp"

#include <mutex>
#include <optional>
#include <string>
#include <vector>

namespace cats_mcp::connections {

struct Connection {
  std::string pcid;
  std::string owner;
  std::string label;
  std::string kind;      // "cats" or "sandbox"
  std::string base_url;  // for "cats"
  std::string date_created;
};

class ConnectionStore {
 public:
  // Opens (creating) the state database; the master key file sits next to it.
  explicit ConnectionStore(const std::string& path);

  // Returns the new PCID. `secret` is the CATS API key ("cats"); a sandbox gets its own account.
  std::string add(const std::string& owner, const std::string& label, const std::string& kind, const std::string& base_url,
                  const std::string& secret);
  bool remove(const std::string& pcid);
  std::vector<Connection> list(const std::optional<std::string>& owner = std::nullopt);
  bool any();

  // The connection and its unsealed secret, if `pcid` exists and `owner` owns it.
  std::optional<std::pair<Connection, std::string>> open_for(const std::string& pcid, const std::string& owner);

 private:
  std::mutex mutex_;
  sandbox::Db db_;
  SealedBox box_;
};

// $XDG_DATA_HOME/cats-contacts-mcp/state.db (created on first use).
std::string default_state_path();

}  // namespace cats_mcp::connections
