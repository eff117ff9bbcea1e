#include "sandbox/store.hpp"

#include "sandbox/schema.hpp"
#include "storage/data_directory.hpp"
#include "util/sha256.hpp"

#include <cstdlib>

namespace cats_mcp::sandbox {

Store::Store(const std::string& path) : db_(path) { apply_schema(db_, kSchemaVersion, kSchema, "the sandbox database " + path); }

std::int64_t Store::find_account(std::string_view api_key) {
  auto q = db_.query("SELECT pk FROM accounts WHERE key_hash = ?");
  q.bind(1, sha256_hex(api_key));
  return q.step() ? q.integer(0) : 0;
}

std::int64_t Store::create_account(std::string_view api_key, const std::function<void(std::int64_t)>& seed) {
  Transaction tx(db_);  // holds the write lock: no other process can create it between here and commit
  if (auto other = find_account(api_key)) return other;  // another process on this file came first
  db_.query("INSERT INTO accounts (key_hash, date_created) VALUES (?, ?)").bind(1, sha256_hex(api_key)).bind(2, now_rfc3339()).run();
  std::int64_t account = db_.last_insert_rowid();
  seed(account);
  tx.commit();
  return account;
}

std::int64_t Store::next_id(std::int64_t account, std::string_view sequence) {
  auto q = db_.query(
      "INSERT INTO sequences (account_pk, name, next_id) VALUES (?, ?, 2) "
      "ON CONFLICT (account_pk, name) DO UPDATE SET next_id = next_id + 1 RETURNING next_id - 1");
  q.bind(1, account).bind(2, sequence);
  q.step();
  return q.integer(0);
}

void Store::reindex_contact(std::int64_t contact_pk) {
  unindex_contact(contact_pk);
  db_.query(R"SQL(
    INSERT INTO contacts_fts (rowid, names, title, emails, phones, notes, company)
    SELECT c.pk, c.first_name || ' ' || c.last_name, COALESCE(c.title, ''),
           COALESCE((SELECT group_concat(email, ' ') FROM emails WHERE contact_pk = c.pk), ''),
           COALESCE((SELECT group_concat(number, ' ') FROM phones WHERE contact_pk = c.pk), ''),
           c.notes,
           COALESCE((SELECT name FROM companies WHERE account_pk = c.account_pk AND id = c.company_id), '')
    FROM contacts c WHERE c.pk = ?)SQL")
      .bind(1, contact_pk)
      .run();
}

void Store::unindex_contact(std::int64_t contact_pk) {
  db_.query("DELETE FROM contacts_fts WHERE rowid = ?").bind(1, contact_pk).run();
}

std::string default_database_path() {
  if (const char* p = std::getenv("CATS_SANDBOX_DB"); p && *p) return p;
  return storage::data_file("sandbox.db");
}

}  // namespace cats_mcp::sandbox
