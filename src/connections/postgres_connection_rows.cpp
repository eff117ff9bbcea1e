// Stored connections in PostgreSQL: every replica of a hosted server reads and writes the same
// rows. The schema's version is recorded in cats_mcp_schema and migrated forward under an
// advisory lock, so replicas starting together migrate once.
#include "connections/connection_rows.hpp"

#include "storage/postgres.hpp"
#include "storage/postgres_listener.hpp"

#include <array>
#include <stdexcept>

namespace cats_mcp::connections {
namespace {

using storage::PgParam;

// kMigrations[i] takes the schema from version i to i + 1. Append; never edit one that shipped.
constexpr std::array<const char*, 2> kMigrations = {
    // 1: connections, the secret a secretbox under the master key.
    R"SQL(
CREATE TABLE connections (
  pcid text PRIMARY KEY,
  owner text NOT NULL,
  label text NOT NULL,
  kind text NOT NULL CHECK (kind IN ('cats', 'sandbox')),
  base_url text NOT NULL DEFAULT '',
  sealed_secret bytea NOT NULL,  -- libsodium secretbox: nonce || ciphertext
  date_created text NOT NULL
);
CREATE INDEX connections_by_owner ON connections (owner);
)SQL",
    // 2: the secret sealed under a data key that the master key `key_id` wraps; legacy session notes.
    R"SQL(
ALTER TABLE connections ADD COLUMN key_id text NOT NULL DEFAULT '',
                        ADD COLUMN wrapped_key bytea NOT NULL DEFAULT ''::bytea;
CREATE TABLE legacy_sessions (
  sid text PRIMARY KEY,
  ended boolean NOT NULL,
  log_level text,
  expires_at bigint NOT NULL
);
CREATE INDEX legacy_sessions_by_expiry ON legacy_sessions (expires_at);
)SQL",
};
constexpr std::int64_t kSchemaVersion = kMigrations.size();
constexpr std::int64_t kMigrationLock = 0x63617473'6d637031;  // "catsmcp1": pg_advisory_xact_lock's key
// Every write announces itself here, in the same statement: PostgreSQL delivers the
// notification when (and only if) the write commits.
constexpr const char* kChangesChannel = "cats_mcp_connections";

constexpr const char* kColumns = "pcid, owner, label, kind, base_url, date_created, key_id, wrapped_key, sealed_secret";
Connection row(const storage::PgResult& r, int i) {
  return {r.bytes(i, 0), r.bytes(i, 1), r.bytes(i, 2), r.bytes(i, 3), r.bytes(i, 4), r.bytes(i, 5)};
}
StoredSecret stored(const storage::PgResult& r, int i) { return {r.bytes(i, 6), r.bytes(i, 7), r.bytes(i, 8)}; }
std::string seconds(std::int64_t n) { return std::to_string(n); }

class PostgresConnectionRows final : public ConnectionRows {
 public:
  explicit PostgresConnectionRows(const std::string& uri)
      : db_(uri), uri_(uri), description_(storage::redact_conninfo(uri)) {
    try {
      migrate();
    } catch (const storage::PostgresError& e) {
      throw std::runtime_error("cannot use the state database " + description_ + ": " + e.what());
    }
  }

  void insert(const Connection& c, const StoredSecret& s) override {
    db_.run("WITH added AS (INSERT INTO connections (pcid, owner, label, kind, base_url, date_created, key_id, wrapped_key, "
            "sealed_secret) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) RETURNING pcid) "
            "SELECT pg_notify('cats_mcp_connections', pcid) FROM added",
            {PgParam::text(c.pcid), PgParam::text(c.owner), PgParam::text(c.label), PgParam::text(c.kind),
             PgParam::text(c.base_url), PgParam::text(c.date_created), PgParam::text(s.key_id),
             PgParam::bytes(s.wrapped_key), PgParam::bytes(s.sealed)});
  }

  bool erase(const std::string& pcid) override {
    return db_.run("WITH gone AS (DELETE FROM connections WHERE pcid = $1 RETURNING pcid) "
                   "SELECT pg_notify('cats_mcp_connections', pcid) FROM gone",
                   {PgParam::text(pcid)})
               .rows() > 0;
  }

  std::vector<Connection> select(const std::optional<std::string>& owner) override {
    auto r = db_.run("SELECT pcid, owner, label, kind, base_url, date_created FROM connections "
                     "WHERE $1::text IS NULL OR owner = $1 ORDER BY owner, date_created, pcid",
                     {PgParam{owner, false}});
    std::vector<Connection> out;
    for (int i = 0; i < r.rows(); ++i) out.push_back(row(r, i));
    return out;
  }

  bool any() override { return db_.run("SELECT 1 FROM connections LIMIT 1").rows() > 0; }

  std::optional<std::pair<Connection, StoredSecret>> find(const std::string& pcid, const std::string& owner) override {
    auto r = db_.run(std::string("SELECT ") + kColumns + " FROM connections WHERE pcid = $1 AND owner = $2",
                     {PgParam::text(pcid), PgParam::text(owner)});
    if (r.rows() == 0) return std::nullopt;
    return std::make_pair(row(r, 0), stored(r, 0));
  }

  std::vector<std::pair<Connection, StoredSecret>> not_under(const std::string& key_id) override {
    auto r = db_.run(std::string("SELECT ") + kColumns + " FROM connections WHERE key_id <> $1 ORDER BY pcid",
                     {PgParam::text(key_id)});
    std::vector<std::pair<Connection, StoredSecret>> out;
    for (int i = 0; i < r.rows(); ++i) out.emplace_back(row(r, i), stored(r, i));
    return out;
  }

  // Announced like any write: replicas forget what they opened and reopen under the new wrap.
  bool replace_secret(const std::string& pcid, const StoredSecret& was, const StoredSecret& now) override {
    return db_.run("WITH changed AS (UPDATE connections SET key_id = $2, wrapped_key = $3, sealed_secret = $4 "
                   "WHERE pcid = $1 AND key_id = $5 AND wrapped_key = $6 AND sealed_secret = $7 RETURNING pcid) "
                   "SELECT pg_notify('cats_mcp_connections', pcid) FROM changed",
                   {PgParam::text(pcid), PgParam::text(now.key_id), PgParam::bytes(now.wrapped_key),
                    PgParam::bytes(now.sealed), PgParam::text(was.key_id), PgParam::bytes(was.wrapped_key),
                    PgParam::bytes(was.sealed)})
               .rows() > 0;
  }

  std::optional<SessionNote> session_note(const std::string& sid) override {
    auto r = db_.run("SELECT ended::text, log_level FROM legacy_sessions "
                     "WHERE sid = $1 AND expires_at >= extract(epoch FROM now())::bigint",
                     {PgParam::text(sid)});
    if (r.rows() == 0) return std::nullopt;
    SessionNote note{.ended = r.bytes(0, 0) == "true", .log_level = std::nullopt};
    if (!r.is_null(0, 1)) note.log_level = r.bytes(0, 1);
    return note;
  }

  void put_session_note(const std::string& sid, const SessionNote& note, std::int64_t expires_unix) override {
    // Announced like a connection's change, so every replica rereads this session's note.
    db_.run("WITH purged AS (DELETE FROM legacy_sessions WHERE expires_at < extract(epoch FROM now())::bigint AND sid <> $1), "
            "noted AS (INSERT INTO legacy_sessions AS s (sid, ended, log_level, expires_at) "
            "VALUES ($1, $2::boolean, $3, $4::bigint) ON CONFLICT (sid) DO UPDATE SET ended = s.ended OR excluded.ended, "
            "log_level = coalesce(excluded.log_level, s.log_level), expires_at = greatest(s.expires_at, excluded.expires_at) "
            "RETURNING sid) "
            "SELECT pg_notify('cats_mcp_connections', $5 || sid) FROM noted",
            {PgParam::text(sid), PgParam::text(note.ended ? "true" : "false"), PgParam{note.log_level, false},
             PgParam::text(seconds(expires_unix)), PgParam::text(std::string(kSessionNoteChanged))});
  }

  std::vector<std::string> pcids_of(const std::string& owner, int limit) override {
    auto r = db_.run("SELECT pcid FROM connections WHERE owner = $1 ORDER BY date_created, pcid LIMIT $2::integer",
                     {PgParam::text(owner), PgParam::text(std::to_string(limit))});
    std::vector<std::string> out;
    for (int i = 0; i < r.rows(); ++i) out.push_back(r.bytes(i, 0));
    return out;
  }

  std::string description() const override { return "the PostgreSQL database " + description_; }

  std::shared_ptr<void> watch(OnChange on_change) override {
    return std::make_shared<storage::PgListener>(uri_, kChangesChannel, std::move(on_change));
  }

 private:
  // Creates or migrates the schema forward, in one transaction under an advisory lock.
  void migrate() {
    db_.exec("BEGIN");
    try {
      db_.run("SELECT pg_advisory_xact_lock($1::bigint)", {PgParam::text(std::to_string(kMigrationLock))});
      db_.exec("CREATE TABLE IF NOT EXISTS cats_mcp_schema (only_row boolean PRIMARY KEY DEFAULT true CHECK (only_row), "
               "version bigint NOT NULL)");
      auto r = db_.run("SELECT version FROM cats_mcp_schema");
      std::int64_t found = r.rows() ? r.int64(0, 0) : 0;
      if (found > kSchemaVersion)
        throw storage::PostgresError("it was written by a newer cats-contacts-mcp (schema version " + std::to_string(found) +
                                     ", this one reads up to " + std::to_string(kSchemaVersion) +
                                     "); run that version, or point --state-db at another database");
      for (auto v = found; v < kSchemaVersion; ++v) db_.exec(kMigrations[v]);
      if (found < kSchemaVersion)
        db_.run("INSERT INTO cats_mcp_schema (version) VALUES ($1::bigint) "
                "ON CONFLICT (only_row) DO UPDATE SET version = excluded.version",
                {PgParam::text(std::to_string(kSchemaVersion))});
      db_.exec("COMMIT");
    } catch (...) {
      try {
        db_.exec("ROLLBACK");
      } catch (...) {
      }
      throw;
    }
  }

  storage::PgConnection db_;
  std::string uri_;
  std::string description_;
};

}  // namespace

std::unique_ptr<ConnectionRows> postgres_connection_rows(const std::string& uri) {
  return std::make_unique<PostgresConnectionRows>(uri);
}

}  // namespace cats_mcp::connections
