// Stored connections in a SQLite file: the default for one machine.
#include "connections/connection_rows.hpp"

#include "storage/sqlite.hpp"

namespace cats_mcp::connections {
namespace {

constexpr int kSchemaVersion = 1;  // raise it with every change to the tables
constexpr const char* kSchema = R"SQL(
CREATE TABLE IF NOT EXISTS connections (
  pcid TEXT PRIMARY KEY,
  owner TEXT NOT NULL,
  label TEXT NOT NULL,
  kind TEXT NOT NULL CHECK (kind IN ('cats', 'sandbox')),
  base_url TEXT NOT NULL DEFAULT '',
  sealed_secret BLOB NOT NULL,  -- libsodium secretbox: nonce || ciphertext
  date_created TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS connections_by_owner ON connections(owner);
)SQL";

Connection row(storage::Query& q) { return {q.text(0), q.text(1), q.text(2), q.text(3), q.text(4), q.text(5)}; }

class SqliteConnectionRows final : public ConnectionRows {
 public:
  explicit SqliteConnectionRows(const std::string& path) : db_(path), path_(path) {
    storage::apply_schema(db_, kSchemaVersion, kSchema, "the state database " + path);
  }

  void insert(const Connection& c, const std::string& sealed) override {
    db_.query("INSERT INTO connections (pcid, owner, label, kind, base_url, sealed_secret, date_created) "
              "VALUES (?, ?, ?, ?, ?, ?, ?)")
        .bind(1, c.pcid).bind(2, c.owner).bind(3, c.label).bind(4, c.kind).bind(5, c.base_url).bind_blob(6, sealed)
        .bind(7, c.date_created).run();
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

  std::optional<std::pair<Connection, std::string>> find(const std::string& pcid, const std::string& owner) override {
    auto q = db_.query("SELECT pcid, owner, label, kind, base_url, date_created, sealed_secret FROM connections "
                       "WHERE pcid = ? AND owner = ?");
    q.bind(1, pcid).bind(2, owner);
    if (!q.step()) return std::nullopt;
    return std::make_pair(row(q), q.blob(6));
  }

  std::vector<std::string> pcids_of(const std::string& owner, int limit) override {
    std::vector<std::string> out;
    auto q = db_.query("SELECT pcid FROM connections WHERE owner = ? ORDER BY date_created, pcid LIMIT ?");
    q.bind(1, owner).bind(2, limit);
    while (q.step()) out.push_back(q.text(0));
    return out;
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
