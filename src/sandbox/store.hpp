#pragma once
// The sandbox's SQLite store: the connection, the schema, accounts (one per API key, created
// with demo data on first use), per-account id sequences and the search index.
#include "storage/clock.hpp"
#include "storage/sqlite.hpp"

#include <boost/json.hpp>

#include <cstdint>
#include <functional>
#include <map>
#include <mutex>
#include <string>

namespace cats_mcp::sandbox {

// The sandbox keeps its rows with the storage layer's SQLite wrapper and clock.
using storage::Access;
using storage::apply_schema;
using storage::Db;
using storage::now_rfc3339;
using storage::Query;
using storage::SqliteError;
using storage::Transaction;

class Store {
 public:
  // Opens (creating if needed) the database at `path`; ":memory:" for tests.
  explicit Store(const std::string& path);

  Db& db() { return db_; }
  // One writer at a time: every request holds this while it touches the database.
  std::mutex& mutex() { return mutex_; }

  // The account for an API key, or 0 when there is none yet.
  std::int64_t find_account(std::string_view api_key);
  // Creates the account; `seed` fills it (inside the same transaction). When another process on
  // the same file created it first, returns that one and seeds nothing.
  std::int64_t create_account(std::string_view api_key, const std::function<void(std::int64_t)>& seed);

  // The next public id of `sequence` ("contacts", "emails", ...) in an account.
  std::int64_t next_id(std::int64_t account, std::string_view sequence);
  // Rebuilds the search row of one contact (names, title, emails, phones, notes, company).
  void reindex_contact(std::int64_t contact_pk);
  void unindex_contact(std::int64_t contact_pk);

  // Rendered contact statuses by (account pk, status id). Statuses are configuration: no API
  // call changes them, and every contact record embeds its status, so each is looked up and
  // rendered once per process.
  std::map<std::pair<std::int64_t, std::int64_t>, boost::json::object>& status_cache() { return status_cache_; }

 private:
  std::map<std::pair<std::int64_t, std::int64_t>, boost::json::object> status_cache_;
  Db db_;
  std::mutex mutex_;
};

// The default database path: $CATS_SANDBOX_DB, else $XDG_DATA_HOME (or ~/.local/share)/cats-contacts-mcp/sandbox.db.
std::string default_database_path();

}  // namespace cats_mcp::sandbox
