#pragma once
// Stored CATS connections: a random PCID, the principal that owns it, a label, and either a
// CATS base URL with its sealed API key or a sandbox account (whose key is sealed too). The
// store also keeps the notes replicas share about legacy HTTP sessions.
#include "connections/connection_rows.hpp"
#include "connections/keyring.hpp"

#include <chrono>
#include <map>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

namespace cats_mcp::connections {

// Every tool call asks whether connections exist and opens its PCID's connection, so answers
// are remembered for `recheck` (a query and an unsealing per call cost more than the rest of a
// sandbox call). Changes made through this object show at once; changes made by another
// process (`connections add/remove` while a server runs) show within `recheck`.
class ConnectionStore {
 public:
  static constexpr std::chrono::milliseconds kDefaultRecheck{1000};

  // Opens (creating) the state database: a SQLite path, whose master key file sits next to it,
  // or a postgresql:// URI, whose master key comes from CATS_MCP_MASTER_KEY. Rows sealed before
  // data keys existed are sealed afresh.
  explicit ConnectionStore(const std::string& spec, std::chrono::milliseconds recheck = kDefaultRecheck);
  // What the connections are kept in, for logs (never a password).
  std::string description() const { return rows_->description(); }

  // Returns the new PCID. `secret` is the CATS API key ("cats"); a sandbox gets its own account.
  std::string add(const std::string& owner, const std::string& label, const std::string& kind, const std::string& base_url,
                  const std::string& secret);
  bool remove(const std::string& pcid);
  std::vector<Connection> list(const std::optional<std::string>& owner = std::nullopt);
  bool any();
  // The PCID of `owner`'s only connection; nullopt when it owns none or several.
  std::optional<std::string> sole_pcid_of(const std::string& owner);

  // The connection and its unsealed secret, if `pcid` exists and `owner` owns it and its secret
  // opens (a row that does not is logged: tampered, or sealed under a master key not given).
  std::optional<std::pair<Connection, std::string>> open_for(const std::string& pcid, const std::string& owner);

  // Wraps every row's data key with the current master key; rows under the previous one
  // (CATS_MCP_MASTER_KEY_PREVIOUS) open, rows under any other key are reported, not changed.
  // Safe while replicas serve and when run twice at once (each row is replaced only if unchanged).
  struct Rotation {
    std::size_t rewrapped = 0;
    std::vector<std::string> unopened;  // PCIDs
  };
  Rotation rotate_master_key();
  const std::string& master_key_id() const { return keyring_.key_id(); }

  // Every request in a shared legacy session asks for its note, so notes (and their absence) are
  // remembered like connections: one written here shows at once, one written by another
  // replica within 100 ms with PostgreSQL (announced) or within `recheck` with SQLite.
  std::optional<SessionNote> session_note(const std::string& sid);
  void put_session_note(const std::string& sid, const SessionNote& note, std::int64_t expires_unix);

 private:
  struct Opened {
    Connection connection;
    std::string secret;
  };
  // Drops remembered answers once they are older than `recheck_`. Caller holds `mutex_`.
  void expire_remembered();
  // Seals rows from schema version 1 (a secretbox under the master key) under data keys.
  void seal_rows_before_data_keys();
  // Drops remembered answers now: another process changed `what` (a connection, or a session's
  // note: connection_rows.hpp), or anything (nullopt).
  void forget_remembered(const std::optional<std::string>& what);

  std::mutex mutex_;
  std::unique_ptr<ConnectionRows> rows_;
  Keyring keyring_;
  std::chrono::milliseconds recheck_;
  std::chrono::steady_clock::time_point remembered_since_{};
  std::optional<bool> any_;
  std::map<std::string, Opened, std::less<>> opened_;  // by remembered_key; only connections that exist
  std::map<std::string, std::optional<std::string>, std::less<>> sole_;  // by owner
  std::map<std::string, std::optional<SessionNote>, std::less<>> notes_;  // by sid; nullopt: none
  // Announced changes (PostgreSQL) forget the remembered answers at once. Last, so it stops
  // before anything it touches is destroyed.
  std::shared_ptr<void> watch_;
};

// The key under which an opened connection is remembered, and its client kept: PCID and owner.
std::string remembered_key(std::string_view pcid, std::string_view owner);

// state.db in the data directory ($XDG_DATA_HOME/cats-contacts-mcp, created on first use),
// wherever the sandbox database is.
std::string default_state_path();

}  // namespace cats_mcp::connections
