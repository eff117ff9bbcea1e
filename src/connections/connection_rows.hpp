#pragma once
// Where stored connections live: one interface, two implementations with the same behaviour
// (the same tests run against both). SQLite keeps them in a local file, for one machine;
// PostgreSQL in a database that every replica of a hosted server shares. Rows carry the secret
// sealed (ConnectionStore seals and opens it); nothing here sees a key in the clear. The same
// database keeps what replicas share about legacy HTTP sessions (session notes).
#include "connections/stored_secret.hpp"
#include "util/session_note.hpp"

#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <utility>
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

// Each call is one statement (or one transaction); implementations are used under the store's
// lock, one call at a time.
class ConnectionRows {
 public:
  virtual ~ConnectionRows() = default;
  virtual void insert(const Connection& connection, const StoredSecret& secret) = 0;
  virtual bool erase(const std::string& pcid) = 0;  // whether a row was removed
  // Ordered by owner, date created, PCID; only `owner`'s when given.
  virtual std::vector<Connection> select(const std::optional<std::string>& owner) = 0;
  virtual bool any() = 0;
  // The row of `pcid` if `owner` owns it, with its sealed secret.
  virtual std::optional<std::pair<Connection, StoredSecret>> find(const std::string& pcid, const std::string& owner) = 0;
  // Every row whose data key is not wrapped by the master key `key_id` (rows before data keys
  // included), for a rotation.
  virtual std::vector<std::pair<Connection, StoredSecret>> not_under(const std::string& key_id) = 0;
  // Replaces the row's stored secret only if it is still `was` (another replica may have
  // rotated it meanwhile); whether it did.
  virtual bool replace_secret(const std::string& pcid, const StoredSecret& was, const StoredSecret& now) = 0;
  // Up to `limit` PCIDs that `owner` owns.
  virtual std::vector<std::string> pcids_of(const std::string& owner, int limit) = 0;
  // The note on legacy session `sid`, if any.
  virtual std::optional<SessionNote> session_note(const std::string& sid) = 0;
  // Merges `note` into the session's (ended stays ended; a log level replaces the last), kept
  // until `expires_unix`, when the session's id stops opening anyway. Drops expired notes.
  virtual void put_session_note(const std::string& sid, const SessionNote& note, std::int64_t expires_unix) = 0;
  // What the rows are kept in, for messages and logs (a URI's password removed).
  virtual std::string description() const = 0;
  // Calls `on_change` (from another thread) whenever any process changes the rows, for as long
  // as the returned handle lives, with what changed: a connection's PCID, or kSessionNoteChanged
  // and a session's sid; nullopt when anything may have changed. Returns nullptr when changes
  // are not announced (SQLite: the store's recheck finds them).
  using OnChange = std::function<void(const std::optional<std::string>& what)>;
  virtual std::shared_ptr<void> watch(OnChange /*on_change*/) { return nullptr; }
};

// How an announced change names a session note: this, then the session's sid.
inline constexpr std::string_view kSessionNoteChanged = "session:";

// A state-database setting: postgresql://… or postgres://… (any libpq URI) is PostgreSQL,
// anything else the path of a SQLite file (created if missing). Schemas are created or
// migrated forward; one written by a newer version is refused with a message.
std::unique_ptr<ConnectionRows> open_connection_rows(const std::string& spec);

std::unique_ptr<ConnectionRows> sqlite_connection_rows(const std::string& path);
std::unique_ptr<ConnectionRows> postgres_connection_rows(const std::string& uri);

}  // namespace cats_mcp::connections
