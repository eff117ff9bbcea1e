#include "connections/connection_store.hpp"

#include "storage/clock.hpp"
#include "storage/data_directory.hpp"
#include "storage/postgres.hpp"
#include "util/hex.hpp"
#include "util/log.hpp"


#include <filesystem>

namespace cats_mcp::connections {
namespace {

// A SQLite file's master key sits next to it; a shared database has no file beside it.
std::string key_file_for(const std::string& spec) {
  if (storage::is_postgres_uri(spec)) return {};
  auto dir = std::filesystem::path(spec).parent_path();
  return (dir.empty() ? std::filesystem::path("master.key") : dir / "master.key").string();
}

}  // namespace

std::string remembered_key(std::string_view pcid, std::string_view owner) {
  return std::string(pcid) + '\0' + std::string(owner);
}

std::string default_state_path() {
  return storage::data_file("state.db");
}

ConnectionStore::ConnectionStore(const std::string& spec, std::chrono::milliseconds recheck)
    : keyring_(Keyring::load(key_file_for(spec))), recheck_(recheck) {
  rows_ = open_connection_rows(spec);  // after the key: a server without one touches no database
  seal_rows_before_data_keys();
  watch_ = rows_->watch([this](const std::optional<std::string>& what) { forget_remembered(what); });
}

void ConnectionStore::seal_rows_before_data_keys() {
  for (auto& [connection, stored] : rows_->not_under(keyring_.key_id()))
    if (stored.before_data_keys())
      if (auto fresh = keyring_.rewrap(stored, connection.pcid, connection.owner))
        rows_->replace_secret(connection.pcid, stored, *fresh);
}

ConnectionStore::Rotation ConnectionStore::rotate_master_key() {
  Rotation done;
  std::lock_guard lock(mutex_);
  for (auto& [connection, stored] : rows_->not_under(keyring_.key_id())) {
    auto fresh = keyring_.rewrap(stored, connection.pcid, connection.owner);
    if (!fresh) {
      done.unopened.push_back(connection.pcid);
      continue;
    }
    // Lost only to a row removed meanwhile, or rotated by another run (under this key too).
    if (rows_->replace_secret(connection.pcid, stored, *fresh)) ++done.rewrapped;
  }
  opened_.clear();
  return done;
}

std::optional<SessionNote> ConnectionStore::session_note(const std::string& sid) {
  std::lock_guard lock(mutex_);
  expire_remembered();
  if (auto known = notes_.find(sid); known != notes_.end()) return known->second;
  auto note = rows_->session_note(sid);
  if (notes_.size() >= 100'000) notes_.clear();  // one entry per live session: bounded
  notes_.emplace(sid, note);
  return note;
}

void ConnectionStore::put_session_note(const std::string& sid, const SessionNote& note, std::int64_t expires_unix) {
  std::lock_guard lock(mutex_);
  rows_->put_session_note(sid, note, expires_unix);
  notes_.erase(sid);  // read back merged with what other replicas noted
}

void ConnectionStore::forget_remembered(const std::optional<std::string>& what) {
  std::lock_guard lock(mutex_);
  if (what && what->starts_with(kSessionNoteChanged)) {
    notes_.erase(what->substr(kSessionNoteChanged.size()));
    return;
  }
  any_.reset();
  opened_.clear();
  sole_.clear();
  if (!what) notes_.clear();
}

void ConnectionStore::expire_remembered() {
  auto now = std::chrono::steady_clock::now();
  if (now - remembered_since_ < recheck_) return;
  any_.reset();
  opened_.clear();
  sole_.clear();
  notes_.clear();
  remembered_since_ = now;
}

std::string ConnectionStore::add(const std::string& owner, const std::string& label, const std::string& kind,
                                 const std::string& base_url, const std::string& secret) {
  Connection connection{"pc_" + random_hex(12), owner, label, kind, base_url, storage::now_rfc3339()};
  std::string stored_secret = kind == "sandbox" ? "sandbox-" + random_hex(16) : secret;
  std::lock_guard lock(mutex_);
  rows_->insert(connection, keyring_.seal(stored_secret, connection.pcid, owner));
  any_ = true;
  sole_.erase(owner);
  return connection.pcid;
}

bool ConnectionStore::remove(const std::string& pcid) {
  std::lock_guard lock(mutex_);
  bool removed = rows_->erase(pcid);
  // Every owner's remembered answer for it: the keys from "pcid\0" up to (not including) "pcid\1".
  opened_.erase(opened_.lower_bound(remembered_key(pcid, "")), opened_.lower_bound(pcid + '\1'));
  any_.reset();
  sole_.clear();
  return removed;
}

std::vector<Connection> ConnectionStore::list(const std::optional<std::string>& owner) {
  std::lock_guard lock(mutex_);
  return rows_->select(owner);
}

bool ConnectionStore::any() {
  std::lock_guard lock(mutex_);
  expire_remembered();
  if (!any_) any_ = rows_->any();
  return *any_;
}

std::optional<std::string> ConnectionStore::sole_pcid_of(const std::string& owner) {
  std::lock_guard lock(mutex_);
  expire_remembered();
  if (auto known = sole_.find(owner); known != sole_.end()) return known->second;
  auto pcids = rows_->pcids_of(owner, 2);
  std::optional<std::string> sole;
  if (pcids.size() == 1) sole = pcids.front();
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
    auto found = rows_->find(pcid, owner);
    if (!found) return std::nullopt;
    auto secret = keyring_.open(found->second, pcid, owner);
    if (!secret) {
      log(LogLevel::error, "a stored connection's key does not open: the row was altered, or its data key is wrapped "
                           "by a master key this server was not given",
          {{"pcid", pcid}, {"key_id", found->second.key_id}, {"master_key_id", keyring_.key_id()}});
      return std::nullopt;
    }
    known = opened_.emplace(key, Opened{std::move(found->first), std::move(*secret)}).first;
  }
  return std::make_pair(known->second.connection, known->second.secret);
}

}  // namespace cats_mcp::connections
