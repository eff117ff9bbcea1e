// Stored connections in a SQLite file: the default for one machine.
#include "connections/connection_rows.hpp"

#include "storage/sqlite.hpp"
#include "util/unix_time.hpp"

#include <array>

namespace cats_mcp::connections {
namespace {

// kMigrations[i] takes the file from version i to i + 1. Append; never edit one that shipped.
constexpr std::array<const char*, 2> kMigrations = {
    // 1: connections, the secret a secretbox under the master key. Idempotent: files from before
    // versions were recorded have the table already.
    R"SQL(
CREATE TABLE IF NOT EXISTS connections (
  pcid TEXT PRIMARY KEY,
  owner TEXT NOT NULL,
  label TEXT NOT NULL,
  kind TEXT NOT NULL CHECK (kind IN ('cats', 'sandbox')),
  base_url TEXT NOT NULL DEFAULT '',
  sealed_secret BLOB NOT NULL,
  date_created TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS connections_by_owner ON connections(owner);
)SQL",
    // 2: the secret sealed under a data key that the master key `key_id` wraps; legacy session notes.
    R"SQL(
ALTER TABLE connections ADD COLUMN key_id TEXT NOT NULL DEFAULT '';
ALTER TABLE connections ADD COLUMN wrapped_key BLOB NOT NULL DEFAULT x'';
CREATE TABLE legacy_sessions (
  sid TEXT PRIMARY KEY,
  ended INTEGER NOT NULL,
  log_level TEXT,
  expires_at INTEGER NOT NULL
);
CREATE INDEX legacy_sessions_by_expiry ON legacy_sessions(expires_at);
)SQL",
};

constexpr const char* kColumns = "pcid, owner, label, kind, base_url, date_created, key_id, wrapped_key, sealed_secret";
Connection row(storage::Query& q) { return {q.text(0), q.text(1), q.text(2), q.text(3), q.text(4), q.text(5)}; }
StoredSecret stored(storage::Query& q) { return {q.text(6), q.blob(7), q.blob(8)}; }

class SqliteConnectionRows final : public ConnectionRows {
 public:
  explicit SqliteConnectionRows(const std::string& path) : db_(path), path_(path) {
    storage::apply_migrations(db_, kMigrations, "the state database " + path);
  }

  void insert(const Connection& c, const StoredSecret& s) override {
    db_.query("INSERT INTO connections (pcid, owner, label, kind, base_url, date_created, key_id, wrapped_key, sealed_secret) "
              "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)")
        .bind(1, c.pcid).bind(2, c.owner).bind(3, c.label).bind(4, c.kind).bind(5, c.base_url).bind(6, c.date_created)
        .bind(7, s.key_id).bind_blob(8, s.wrapped_key).bind_blob(9, s.sealed).run();
  }

  bool erase(const std::string& pcid) override {
    db_.query("DELETE FROM connections WHERE pcid = ?").bind(1, pcid).run();
    return db_.changes() > 0;
  }

  std::vector<Connection> select(const std::optional<std::string>& owner) override {
    std::vector<Connection> out;
    auto q = db_.query("SELECT pcid, owner, label, kind, base_url, date_created FROM connections "
                       "WHERE ?1 IS NULL OR owner = ?1 ORDER BY owner, date_created, pcid");
    q.bind(1, owner);
    while (q.step()) out.push_back(row(q));
    return out;
  }

  bool any() override {
    auto q = db_.query("SELECT EXISTS (SELECT 1 FROM connections)");
    q.step();
    return q.integer(0) != 0;
  }

  std::optional<std::pair<Connection, StoredSecret>> find(const std::string& pcid, const std::string& owner) override {
    auto q = db_.query(std::string("SELECT ") + kColumns + " FROM connections WHERE pcid = ? AND owner = ?");
    q.bind(1, pcid).bind(2, owner);
    if (!q.step()) return std::nullopt;
    return std::make_pair(row(q), stored(q));
  }

  std::vector<std::pair<Connection, StoredSecret>> not_under(const std::string& key_id) override {
    std::vector<std::pair<Connection, StoredSecret>> out;
    auto q = db_.query(std::string("SELECT ") + kColumns + " FROM connections WHERE key_id <> ? ORDER BY pcid");
    q.bind(1, key_id);
    while (q.step()) out.emplace_back(row(q), stored(q));
    return out;
  }

  bool replace_secret(const std::string& pcid, const StoredSecret& was, const StoredSecret& now) override {
    db_.query("UPDATE connections SET key_id = ?, wrapped_key = ?, sealed_secret = ? "
              "WHERE pcid = ? AND key_id = ? AND wrapped_key = ? AND sealed_secret = ?")
        .bind(1, now.key_id).bind_blob(2, now.wrapped_key).bind_blob(3, now.sealed).bind(4, pcid)
        .bind(5, was.key_id).bind_blob(6, was.wrapped_key).bind_blob(7, was.sealed).run();
    return db_.changes() > 0;
  }

  std::vector<std::string> pcids_of(const std::string& owner, int limit) override {
    std::vector<std::string> out;
    auto q = db_.query("SELECT pcid FROM connections WHERE owner = ? ORDER BY date_created, pcid LIMIT ?");
    q.bind(1, owner).bind(2, limit);
    while (q.step()) out.push_back(q.text(0));
    return out;
  }

  std::optional<SessionNote> session_note(const std::string& sid) override {
    auto q = db_.query("SELECT ended, log_level FROM legacy_sessions WHERE sid = ? AND expires_at >= ?");
    q.bind(1, sid).bind(2, unix_seconds_now());
    if (!q.step()) return std::nullopt;
    SessionNote note{.ended = q.integer(0) != 0, .log_level = std::nullopt};
    if (!q.is_null(1)) note.log_level = q.text(1);
    return note;
  }

  void put_session_note(const std::string& sid, const SessionNote& note, std::int64_t expires_unix) override {
    storage::Transaction tx(db_);
    db_.query("DELETE FROM legacy_sessions WHERE expires_at < ?").bind(1, unix_seconds_now()).run();
    db_.query("INSERT INTO legacy_sessions (sid, ended, log_level, expires_at) VALUES (?1, ?2, ?3, ?4) "
              "ON CONFLICT (sid) DO UPDATE SET ended = ended OR excluded.ended, "
              "log_level = coalesce(excluded.log_level, log_level), expires_at = max(expires_at, excluded.expires_at)")
        .bind(1, sid).bind(2, note.ended).bind(3, note.log_level).bind(4, expires_unix).run();
    tx.commit();
  }

  std::string description() const override { return "the SQLite file " + path_; }

 private:
  storage::Db db_;
  std::string path_;
};

}  // namespace

std::unique_ptr<ConnectionRows> sqlite_connection_rows(const std::string& path) {
  return std::make_unique<SqliteConnectionRows>(path);
}

}  // namespace cats_mcp::connections
