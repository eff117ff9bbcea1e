#pragma once
// The sandbox's tables. Every row belongs to one account (one API key); public ids are per
// account, so each account sees the same stable demo ids. Rows reference each other by the
// internal `pk`, and deleting a contact cascades to everything that hangs off it.
namespace cats_mcp::sandbox {

// Recorded in the file (apply_schema in sqlite.hpp). Raise it with every change to the tables.
inline constexpr int kSchemaVersion = 1;

inline constexpr const char* kSchema = R"SQL(
CREATE TABLE IF NOT EXISTS accounts (
  pk INTEGER PRIMARY KEY,
  key_hash TEXT NOT NULL UNIQUE,            -- SHA-256 of the API key: the key itself is never stored
  date_created TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS sequences (
  account_pk INTEGER NOT NULL REFERENCES accounts(pk) ON DELETE CASCADE,
  name TEXT NOT NULL,
  next_id INTEGER NOT NULL,
  PRIMARY KEY (account_pk, name)
) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS users (
  pk INTEGER PRIMARY KEY, account_pk INTEGER NOT NULL REFERENCES accounts(pk) ON DELETE CASCADE, id INTEGER NOT NULL,
  first_name TEXT NOT NULL, last_name TEXT NOT NULL, email TEXT NOT NULL,
  UNIQUE (account_pk, id)
);
CREATE TABLE IF NOT EXISTS companies (
  pk INTEGER PRIMARY KEY, account_pk INTEGER NOT NULL REFERENCES accounts(pk) ON DELETE CASCADE, id INTEGER NOT NULL,
  name TEXT NOT NULL, city TEXT, state TEXT, country_code TEXT, website TEXT,
  UNIQUE (account_pk, id)
);
CREATE TABLE IF NOT EXISTS tags (
  pk INTEGER PRIMARY KEY, account_pk INTEGER NOT NULL REFERENCES accounts(pk) ON DELETE CASCADE, id INTEGER NOT NULL,
  parent_id INTEGER, title TEXT NOT NULL,
  UNIQUE (account_pk, id)
);
CREATE TABLE IF NOT EXISTS statuses (
  pk INTEGER PRIMARY KEY, account_pk INTEGER NOT NULL REFERENCES accounts(pk) ON DELETE CASCADE, id INTEGER NOT NULL,
  workflow_id INTEGER NOT NULL, title TEXT NOT NULL, mapping TEXT NOT NULL DEFAULT '',
  UNIQUE (account_pk, id)
);
CREATE TABLE IF NOT EXISTS status_triggers (
  pk INTEGER PRIMARY KEY, status_pk INTEGER NOT NULL REFERENCES statuses(pk) ON DELETE CASCADE, id INTEGER NOT NULL,
  name TEXT NOT NULL, is_required INTEGER NOT NULL, default_on INTEGER NOT NULL
);
CREATE TABLE IF NOT EXISTS custom_fields (
  pk INTEGER PRIMARY KEY, account_pk INTEGER NOT NULL REFERENCES accounts(pk) ON DELETE CASCADE, id INTEGER NOT NULL,
  name TEXT NOT NULL, comment TEXT NOT NULL DEFAULT '', type TEXT NOT NULL, options TEXT,  -- options: JSON array
  UNIQUE (account_pk, id)
);
CREATE TABLE IF NOT EXISTS contacts (
  pk INTEGER PRIMARY KEY, account_pk INTEGER NOT NULL REFERENCES accounts(pk) ON DELETE CASCADE, id INTEGER NOT NULL,
  first_name TEXT NOT NULL, last_name TEXT NOT NULL, title TEXT,
  reports_to_id INTEGER, owner_id INTEGER NOT NULL, company_id INTEGER NOT NULL,
  street TEXT, city TEXT, state TEXT, postal_code TEXT, country_code TEXT,
  social_media_urls TEXT NOT NULL DEFAULT '[]', is_hot INTEGER NOT NULL DEFAULT 0,
  has_left_company INTEGER NOT NULL DEFAULT 0, notes TEXT NOT NULL DEFAULT '',
  entered_by_id INTEGER NOT NULL, status_id INTEGER,
  thumbnail_source TEXT NOT NULL DEFAULT 'disabled', thumbnail_attachment_id INTEGER,
  date_created TEXT NOT NULL, date_modified TEXT NOT NULL,
  UNIQUE (account_pk, id)
);
CREATE TABLE IF NOT EXISTS emails (
  pk INTEGER PRIMARY KEY, account_pk INTEGER NOT NULL, id INTEGER NOT NULL,
  contact_pk INTEGER NOT NULL REFERENCES contacts(pk) ON DELETE CASCADE,
  email TEXT NOT NULL, is_primary INTEGER NOT NULL, date_created TEXT NOT NULL, date_modified TEXT NOT NULL,
  UNIQUE (account_pk, id)
);
-- In the order a contact record lists them (primary first), so reading one needs no sort.
DROP INDEX IF EXISTS emails_by_contact;
CREATE INDEX IF NOT EXISTS emails_of_contact ON emails(contact_pk, is_primary DESC, id);
CREATE TABLE IF NOT EXISTS phones (
  pk INTEGER PRIMARY KEY, account_pk INTEGER NOT NULL, id INTEGER NOT NULL,
  contact_pk INTEGER NOT NULL REFERENCES contacts(pk) ON DELETE CASCADE,
  number TEXT NOT NULL, extension TEXT NOT NULL DEFAULT '', type TEXT NOT NULL,
  date_created TEXT NOT NULL, date_modified TEXT NOT NULL,
  UNIQUE (account_pk, id)
);
DROP INDEX IF EXISTS phones_by_contact;
CREATE INDEX IF NOT EXISTS phones_of_contact ON phones(contact_pk, id);
CREATE TABLE IF NOT EXISTS contact_tags (
  contact_pk INTEGER NOT NULL REFERENCES contacts(pk) ON DELETE CASCADE,
  tag_pk INTEGER NOT NULL REFERENCES tags(pk) ON DELETE CASCADE,
  PRIMARY KEY (contact_pk, tag_pk)
) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS lists (
  pk INTEGER PRIMARY KEY, account_pk INTEGER NOT NULL REFERENCES accounts(pk) ON DELETE CASCADE, id INTEGER NOT NULL,
  name TEXT NOT NULL, notes TEXT NOT NULL DEFAULT '', date_created TEXT NOT NULL, date_modified TEXT NOT NULL,
  UNIQUE (account_pk, id)
);
CREATE TABLE IF NOT EXISTS list_items (
  pk INTEGER PRIMARY KEY, account_pk INTEGER NOT NULL, id INTEGER NOT NULL,
  list_pk INTEGER NOT NULL REFERENCES lists(pk) ON DELETE CASCADE,
  contact_pk INTEGER NOT NULL REFERENCES contacts(pk) ON DELETE CASCADE,
  date_created TEXT NOT NULL,
  UNIQUE (account_pk, id), UNIQUE (list_pk, contact_pk)
);
CREATE INDEX IF NOT EXISTS list_items_by_contact ON list_items(contact_pk);
CREATE TABLE IF NOT EXISTS field_values (
  contact_pk INTEGER NOT NULL REFERENCES contacts(pk) ON DELETE CASCADE,
  field_pk INTEGER NOT NULL REFERENCES custom_fields(pk) ON DELETE CASCADE,
  value TEXT NOT NULL,  -- JSON
  PRIMARY KEY (contact_pk, field_pk)
) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS activities (
  pk INTEGER PRIMARY KEY, account_pk INTEGER NOT NULL, id INTEGER NOT NULL,
  contact_pk INTEGER NOT NULL REFERENCES contacts(pk) ON DELETE CASCADE,
  type TEXT NOT NULL, date TEXT NOT NULL, regarding_id INTEGER, notes TEXT NOT NULL DEFAULT '',
  annotation TEXT NOT NULL DEFAULT '', entered_by_id INTEGER NOT NULL,
  date_created TEXT NOT NULL, date_modified TEXT NOT NULL,
  UNIQUE (account_pk, id)
);
CREATE INDEX IF NOT EXISTS activities_by_contact ON activities(contact_pk);
CREATE TABLE IF NOT EXISTS attachments (
  pk INTEGER PRIMARY KEY, account_pk INTEGER NOT NULL, id INTEGER NOT NULL,
  contact_pk INTEGER NOT NULL REFERENCES contacts(pk) ON DELETE CASCADE,
  filename TEXT NOT NULL, content_type TEXT NOT NULL, size INTEGER NOT NULL, content BLOB NOT NULL,
  date_created TEXT NOT NULL,
  UNIQUE (account_pk, id)
);
CREATE INDEX IF NOT EXISTS attachments_by_contact ON attachments(contact_pk);
CREATE TABLE IF NOT EXISTS tasks (
  pk INTEGER PRIMARY KEY, account_pk INTEGER NOT NULL, id INTEGER NOT NULL,
  contact_pk INTEGER NOT NULL REFERENCES contacts(pk) ON DELETE CASCADE,
  entered_by_id INTEGER NOT NULL, assigned_to_id INTEGER NOT NULL, description TEXT NOT NULL,
  priority INTEGER NOT NULL, date_due TEXT, is_completed INTEGER NOT NULL DEFAULT 0, date_completed TEXT,
  date_created TEXT NOT NULL, date_updated TEXT NOT NULL,
  UNIQUE (account_pk, id)
);
CREATE INDEX IF NOT EXISTS tasks_by_contact ON tasks(contact_pk);
-- Free-text search over a contact; rowid = contacts.pk, kept in step by the store.
CREATE VIRTUAL TABLE IF NOT EXISTS contacts_fts USING fts5(
  names, title, emails, phones, notes, company, tokenize = 'unicode61 remove_diacritics 2'
);
)SQL";

}  // namespace cats_mcp::sandbox
