#pragma once
// A thin RAII layer over SQLite: one connection, prepared statements cached by their SQL text
// and reused, typed binding, and transactions that roll back unless committed.
#include <sqlite3.h>

#include <cstdint>
#include <map>
#include <memory>
#include <optional>
#include <stdexcept>
#include <span>
#include <string>
#include <string_view>

namespace cats_mcp::storage {

struct SqliteError : std::runtime_error {
  SqliteError(const std::string& what, int code) : std::runtime_error(what), code(code) {}
  int code;
};

class Db;

// A cached prepared statement in use. Resets and clears its bindings when it goes out of scope.
class Query {
 public:
  Query(sqlite3_stmt* stmt, sqlite3* db, bool owned = false) : stmt_(stmt), db_(db), owned_(owned) {}
  Query(Query&& other) noexcept : stmt_(other.stmt_), db_(other.db_), owned_(other.owned_) { other.stmt_ = nullptr; }
  Query(const Query&) = delete;
  ~Query() {
    if (!stmt_) return;
    if (owned_) {
      sqlite3_finalize(stmt_);
      return;
    }
    sqlite3_reset(stmt_);
    sqlite3_clear_bindings(stmt_);
  }

  Query& bind(int index, std::int64_t v) { return check(sqlite3_bind_int64(stmt_, index, v)); }
  Query& bind(int index, int v) { return bind(index, std::int64_t(v)); }
  Query& bind(int index, bool v) { return bind(index, std::int64_t(v ? 1 : 0)); }
  Query& bind(int index, double v) { return check(sqlite3_bind_double(stmt_, index, v)); }
  Query& bind(int index, std::string_view v) {
    return check(sqlite3_bind_text64(stmt_, index, v.data(), v.size(), SQLITE_TRANSIENT, SQLITE_UTF8));
  }
  Query& bind(int index, const char* v) { return bind(index, std::string_view(v)); }
  Query& bind(int index, const std::string& v) { return bind(index, std::string_view(v)); }
  Query& bind(int index, std::nullptr_t) { return check(sqlite3_bind_null(stmt_, index)); }
  template <class T>
  Query& bind(int index, const std::optional<T>& v) {
    return v ? bind(index, *v) : bind(index, nullptr);
  }
  Query& bind_blob(int index, std::string_view bytes) {
    return check(sqlite3_bind_blob64(stmt_, index, bytes.data(), bytes.size(), SQLITE_TRANSIENT));
  }

  // Steps once; true when a row is available.
  bool step();
  // Runs a statement that returns no rows.
  void run() {
    while (step()) {
    }
  }

  bool is_null(int col) const { return sqlite3_column_type(stmt_, col) == SQLITE_NULL; }
  std::int64_t integer(int col) const { return sqlite3_column_int64(stmt_, col); }
  double real(int col) const { return sqlite3_column_double(stmt_, col); }
  std::string text(int col) const {
    auto p = reinterpret_cast<const char*>(sqlite3_column_text(stmt_, col));
    return p ? std::string(p, std::size_t(sqlite3_column_bytes(stmt_, col))) : std::string();
  }
  std::optional<std::int64_t> optional_integer(int col) const {
    return is_null(col) ? std::nullopt : std::optional(integer(col));
  }
  std::string blob(int col) const {
    auto p = static_cast<const char*>(sqlite3_column_blob(stmt_, col));
    return p ? std::string(p, std::size_t(sqlite3_column_bytes(stmt_, col))) : std::string();
  }

 private:
  Query& check(int rc);
  sqlite3_stmt* stmt_;
  sqlite3* db_;
  bool owned_;
};

class Db {
 public:
  explicit Db(const std::string& path);
  ~Db();
  Db(const Db&) = delete;
  Db& operator=(const Db&) = delete;

  void exec(std::string_view sql);
  // The statement for this SQL, prepared once and cached for the connection's life.
  Query query(std::string_view sql);
  // A statement built from request data (filters): prepared for this use only, so the cache
  // cannot grow with every shape a client invents.
  Query transient(std::string_view sql);
  std::int64_t last_insert_rowid() const { return sqlite3_last_insert_rowid(db_); }
  int changes() const { return sqlite3_changes(db_); }

 private:
  friend class Transaction;
  sqlite3* db_ = nullptr;
  int open_units_ = 0;  // Transactions in progress on this connection, outermost first
  std::map<std::string, sqlite3_stmt*, std::less<>> statements_;
};

// What a unit of work will do, which decides how the outermost one starts.
enum class Access {
  read,   // BEGIN (deferred): readers never wait for each other, in WAL mode not even for a writer
  write,  // BEGIN IMMEDIATE: takes the database's write lock up front, so a second process on the
          // same file waits for it (busy_timeout) instead of failing when a deferred read upgrades
};

// One unit of work: the outermost is a transaction (BEGIN or BEGIN IMMEDIATE); units inside it
// are SAVEPOINTs, so they nest (demo data is written through the same handlers inside the
// transaction that creates its account). Rolls back unless committed.
class Transaction {
 public:
  explicit Transaction(Db& db, Access access = Access::write);
  ~Transaction();
  Transaction(const Transaction&) = delete;
  Transaction& operator=(const Transaction&) = delete;
  void commit();

 private:
  Db& db_;
  bool outermost_;
  bool done_ = false;
};

// Creates or checks a database's tables. The schema's version is recorded in the file (PRAGMA
// user_version); a file written by a newer version is refused, unwritten, because its tables may
// mean things this version does not know. Version 0 is a file from before versions were recorded.
// `what` names the file in errors ("the sandbox database /path").
void apply_schema(Db& db, int version, std::string_view schema, const std::string& what);
// The same for a schema kept as a list of steps: migrations[i] takes the file from version i to
// i + 1 (append; never edit one that shipped). Version 0 runs them all, so the first must be
// idempotent (CREATE ... IF NOT EXISTS) for a file from before versions were recorded.
void apply_migrations(Db& db, std::span<const char* const> migrations, const std::string& what);

}  // namespace cats_mcp::storage
