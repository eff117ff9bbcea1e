#include "connections/connection_store.hpp"

#include "storage/clock.hpp"
#include "storage/data_directory.hpp"

#include <sodium.h>

#include <filesystem>

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

std::string key_file_for(const std::string& db_path) {
  auto dir = std::filesystem::path(db_path).parent_path();
  return (dir.empty() ? std::filesystem::path("master.key") : dir / "master.key").string();
}

std::string random_hex(std::size_t bytes) {
  std::string raw(bytes, '\0');
  randombytes_buf(raw.data(), raw.size());
  std::string hex(bytes * 2 + 1, '\0');
  sodium_bin2hex(hex.data(), hex.size(), reinterpret_cast<const unsigned char*>(raw.data()), raw.size());
  hex.pop_back();
  return hex;
}

Connection row(storage::Query& q) { return {q.text(0), q.text(1), q.text(2), q.text(3), q.text(4), q.text(5)}; }
}  // namespace

std::string remembered_key(std::string_view pcid, std::string_view owner) {
  return std::string(pcid) + '\0' + std::string(owner);
}

std::string default_state_path() {
  return storage::data_file("state.db");
}

ConnectionStore::ConnectionStore(const std::string& path, std::chrono::milliseconds recheck)
    : db_(path), box_(SealedBox::load(key_file_for(path))), recheck_(recheck) {
  storage::apply_schema(db_, kSchemaVersion, kSchema, "the state database " + path);
}

void ConnectionStore::expire_remembered() {
  auto now = std::chrono::steady_clock::now();
  if (now - remembered_since_ < recheck_) return;
  any_.reset();
  opened_.clear();
  sole_.clear();
  remembered_since_ = now;
}

std::string ConnectionStore::add(const std::string& owner, const std::string& label, const std::string& kind,
                                 const std::string& base_url, const std::string& secret) {
  std::string pcid = "pc_" + random_hex(12);
  std::string stored_secret = kind == "sandbox" ? "sandbox-" + random_hex(16) : secret;
  std::lock_guard lock(mutex_);
  any_ = true;
  sole_.erase(owner);
  db_.query("INSERT INTO connections (pcid, owner, label, kind, base_url, sealed_secret, date_created) VALUES (?, ?, ?, ?, ?, ?, ?)")
      .bind(1, pcid).bind(2, owner).bind(3, label).bind(4, kind).bind(5, base_url).bind_blob(6, box_.seal(stored_secret))
      .bind(7, storage::now_rfc3339()).run();
  return pcid;
}

bool ConnectionStore::remove(const std::string& pcid) {
  std::lock_guard lock(mutex_);
  db_.query("DELETE FROM connections WHERE pcid = ?").bind(1, pcid).run();
  // Every owner's remembered answer for it: the keys from "pcid\0" up to (not including) "pcid\1".
  opened_.erase(opened_.lower_bound(remembered_key(pcid, "")), opened_.lower_bound(pcid + '\1'));
  any_.reset();
  sole_.clear();
  return db_.changes() > 0;
}

std::vector<Connection> ConnectionStore::list(const std::optional<std::string>& owner) {
  std::lock_guard lock(mutex_);
  std::vector<Connection> out;
  auto q = db_.query("SELECT pcid, owner, label, kind, base_url, date_created FROM connections "
                     "WHERE ?1 IS NULL OR owner = ?1 ORDER BY owner, date_created, pcid");
  q.bind(1, owner);
  while (q.step()) out.push_back(row(q));
  return out;
}

bool ConnectionStore::any() {
  std::lock_guard lock(mutex_);
  expire_remembered();
  if (!any_) {
    auto q = db_.query("SELECT EXISTS (SELECT 1 FROM connections)");
    q.step();
    any_ = q.integer(0) != 0;
  }
  return *any_;
}

std::optional<std::string> ConnectionStore::sole_pcid_of(const std::string& owner) {
  std::lock_guard lock(mutex_);
  expire_remembered();
  if (auto known = sole_.find(owner); known != sole_.end()) return known->second;
  auto q = db_.query("SELECT pcid FROM connections WHERE owner = ? LIMIT 2");
  q.bind(1, owner);
  std::optional<std::string> sole;
  if (q.step()) sole = q.text(0);
  if (sole && q.step()) sole.reset();
  if (sole_.size() >= 10'000) sole_.clear();  // one entry per principal seen: bounded
  return sole_[owner] = sole;
}

std::optional<std::pair<Connection, std::string>> ConnectionStore::open_for(const std::string& pcid, const std::string& owner) {
  std::lock_guard lock(mutex_);
  expire_remembered();
  // Remembered by (PCID, owner): someone else's PCID takes exactly the path of a made-up one (a
  // query that finds no row), never the owner's remembered answer, so timing cannot tell them apart.
  auto key = remembered_key(pcid, owner);
  auto known = opened_.find(key);
  if (known == opened_.end()) {
    auto q = db_.query("SELECT pcid, owner, label, kind, base_url, date_created, sealed_secret FROM connections "
                       "WHERE pcid = ? AND owner = ?");
    q.bind(1, pcid).bind(2, owner);
    if (!q.step()) return std::nullopt;
    auto secret = box_.open(q.blob(6));
    if (!secret) return std::nullopt;
    known = opened_.emplace(key, Opened{row(q), std::move(*secret)}).first;
  }
  return std::make_pair(known->second.connection, known->second.secret);
}

}  // namespace cats_mcp::connections
