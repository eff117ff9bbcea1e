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
constexpr std::array<const char*, 1> kMigrations = {
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
};
constexpr std::int64_t kSchemaVersion = kMigrations.size();
constexpr std::int64_t kMigrationLock = 0x63617473'6d637031;  // "catsmcp1": pg_advisory_xact_lock's key
// Every write announces itself here, in the same statement: PostgreSQL delivers the
// notification when (and only if) the write commits.
constexpr const char* kChangesChannel = "cats_mcp_connections";

Connection row(const storage::PgResult& r, int i) {
  return {r.bytes(i, 0), r.bytes(i, 1), r.bytes(i, 2), r.bytes(i, 3), r.bytes(i, 4), r.bytes(i, 5)};
}

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

  void insert(const Connection& c, const std::string& sealed) override {
    db_.run("WITH added AS (INSERT INTO connections (pcid, owner, label, kind, base_url, sealed_secret, date_created) "
            "VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING pcid) "
            "SELECT pg_notify('cats_mcp_connections', pcid) FROM added",
            {PgParam::text(c.pcid), PgParam::text(c.owner), PgParam::text(c.label), PgParam::text(c.kind),
             PgParam::text(c.base_url), PgParam::bytes(sealed), PgParam::text(c.date_created)});
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

  std::optional<std::pair<Connection, std::string>> find(const std::string& pcid, const std::string& owner) override {
    auto r = db_.run("SELECT pcid, owner, label, kind, base_url, date_created, sealed_secret FROM connections "
                     "WHERE pcid = $1 AND owner = $2",
                     {PgParam::text(pcid), PgParam::text(owner)});
    if (r.rows() == 0) return std::nullopt;
    return std::make_pair(row(r, 0), r.bytes(0, 6));
  }

  std::vector<std::string> pcids_of(const std::string& owner, int limit) override {
    auto r = db_.run("SELECT pcid FROM connections WHERE owner = $1 ORDER BY date_created, pcid LIMIT $2::integer",
                     {PgParam::text(owner), PgParam::text(std::to_string(limit))});
    std::vector<std::string> out;
    for (int i = 0; i < r.rows(); ++i) out.push_back(r.bytes(i, 0));
    return out;
  }

  std::string description() const override { return "the PostgreSQL database " + description_; }

  std::shared_ptr<void> watch(std::function<void()> on_change) override {
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
