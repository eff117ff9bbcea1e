#include "storage/sqlite.hpp"

namespace cats_mcp::storage {

bool Query::step() {
  int rc = sqlite3_step(stmt_);
  if (rc == SQLITE_ROW) return true;
  if (rc == SQLITE_DONE) return false;
  throw SqliteError(sqlite3_errmsg(db_), rc);
}

Query& Query::check(int rc) {
  if (rc != SQLITE_OK) throw SqliteError(sqlite3_errmsg(db_), rc);
  return *this;
}

Db::Db(const std::string& path) {
  int rc = sqlite3_open_v2(path.c_str(), &db_, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX, nullptr);
  if (rc != SQLITE_OK) {
    std::string message = db_ ? sqlite3_errmsg(db_) : "out of memory";
    sqlite3_close(db_);
    throw SqliteError("cannot open " + path + ": " + message, rc);
  }
  sqlite3_busy_timeout(db_, 5000);
  try {
    // WAL: readers do not block the writer; NORMAL sync keeps every committed write across a
    // process kill (the WAL is in the OS's hands once COMMIT returns).
    exec("PRAGMA journal_mode=WAL");
    exec("PRAGMA synchronous=NORMAL");
    exec("PRAGMA foreign_keys=ON");
    // Reads come from the mapped file instead of a read() per page; the page cache holds the
    // hot part of the index. Both are bounds, not allocations.
    exec("PRAGMA mmap_size=268435456");
    exec("PRAGMA cache_size=-16384");
  } catch (const SqliteError& e) {
    sqlite3_close(db_);  // the destructor does not run for a constructor that throws
    throw SqliteError("cannot use " + path + ": " + e.what(), e.code);  // e.g. "file is not a database"
  }
}

Db::~Db() {
  for (auto& [_, stmt] : statements_) sqlite3_finalize(stmt);
  sqlite3_close(db_);
}

void Db::exec(std::string_view sql) {
  char* error = nullptr;
  int rc = sqlite3_exec(db_, std::string(sql).c_str(), nullptr, nullptr, &error);
  if (rc != SQLITE_OK) {
    std::string message = error ? error : "error";
    sqlite3_free(error);
    throw SqliteError(message, rc);
  }
}

Query Db::query(std::string_view sql) {
  auto it = statements_.find(sql);
  if (it == statements_.end()) {
    sqlite3_stmt* stmt = nullptr;
    int rc = sqlite3_prepare_v3(db_, sql.data(), int(sql.size()), SQLITE_PREPARE_PERSISTENT, &stmt, nullptr);
    if (rc != SQLITE_OK) throw SqliteError(std::string(sqlite3_errmsg(db_)) + " in: " + std::string(sql), rc);
    it = statements_.emplace(std::string(sql), stmt).first;
  }
  return Query(it->second, db_);
}

Query Db::transient(std::string_view sql) {
  sqlite3_stmt* stmt = nullptr;
  int rc = sqlite3_prepare_v2(db_, sql.data(), int(sql.size()), &stmt, nullptr);
  if (rc != SQLITE_OK) throw SqliteError(std::string(sqlite3_errmsg(db_)) + " in: " + std::string(sql), rc);
  return Query(stmt, db_, true);
}

namespace {
// The file's recorded version, refused when newer than `version`. Inside the caller's transaction.
std::int64_t recorded_version(Db& db, std::int64_t version, const std::string& what) {
  auto q = db.query("PRAGMA user_version");
  q.step();
  std::int64_t found = q.integer(0);
  if (found > version)
    throw std::runtime_error(what + " was written by a newer cats-contacts-mcp (schema version " + std::to_string(found) +
                             ", this one reads up to " + std::to_string(version) + "); use that version, or another file");
  return found;
}
}  // namespace

void apply_schema(Db& db, int version, std::string_view schema, const std::string& what) {
  try {
    Transaction tx(db);
    auto found = recorded_version(db, version, what);
    db.exec(schema);
    if (found < version) db.exec("PRAGMA user_version = " + std::to_string(version));
    tx.commit();
  } catch (const SqliteError& e) {
    throw SqliteError("cannot use " + what + ": " + e.what(), e.code);
  }
}

void apply_migrations(Db& db, std::span<const char* const> migrations, const std::string& what) {
  const auto version = std::int64_t(migrations.size());
  try {
    Transaction tx(db, Access::write);
    auto found = recorded_version(db, version, what);
    for (auto v = found; v < version; ++v) db.exec(migrations[std::size_t(v)]);
    if (found < version) db.exec("PRAGMA user_version = " + std::to_string(version));
    tx.commit();
  } catch (const SqliteError& e) {
    throw SqliteError("cannot use " + what + ": " + e.what(), e.code);
  }
}

Transaction::Transaction(Db& db, Access access) : db_(db), outermost_(db.open_units_ == 0) {
  if (!outermost_) db_.query("SAVEPOINT unit").run();
  else if (access == Access::write) db_.query("BEGIN IMMEDIATE").run();
  else db_.query("BEGIN").run();
  ++db_.open_units_;
}

Transaction::~Transaction() {
  if (done_) return;
  --db_.open_units_;
  try {
    if (outermost_) {
      db_.query("ROLLBACK").run();
    } else {
      db_.query("ROLLBACK TO unit").run();
      db_.query("RELEASE unit").run();
    }
  } catch (...) {
    // SQLite may already have rolled the transaction back itself (disk full, I/O error); then
    // there is nothing left to undo.
  }
}

void Transaction::commit() {
  db_.query(outermost_ ? "COMMIT" : "RELEASE unit").run();
  done_ = true;
  --db_.open_units_;
}

}  // namespace cats_mcp::storage
