#include "sandbox/records.hpp"

#include "sandbox/selections.hpp"

#include <cstdio>

namespace cats_mcp::sandbox {

json::value parse_json_text(const std::string& text) {
  boost::system::error_code ec;
  auto v = json::parse(text, ec);
  return ec ? json::value(nullptr) : v;
}

namespace {
json::value nullable_text(Query& q, int col) { return q.is_null(col) ? json::value(nullptr) : json::value(q.text(col)); }
json::value nullable_int(Query& q, int col) { return q.is_null(col) ? json::value(nullptr) : json::value(q.integer(col)); }
std::string contact_path(std::int64_t id) { return "/contacts/" + std::to_string(id); }
}  // namespace

std::string human_size(std::int64_t bytes) {
  char buf[32];
  if (bytes < 1024) std::snprintf(buf, sizeof buf, "%lld B", static_cast<long long>(bytes));
  else if (bytes < 1024 * 1024) std::snprintf(buf, sizeof buf, "%lld KB", static_cast<long long>((bytes + 512) / 1024));
  else std::snprintf(buf, sizeof buf, "%.1f MB", double(bytes) / (1024.0 * 1024.0));
  return buf;
}

json::object render_email(Query& q, json::storage_ptr sp) {
  auto contact = contact_path(q.integer(5));
  return json::object({{"id", q.integer(0)},
                       {"email", q.text(1)},
                       {"is_primary", q.integer(2) != 0},
                       {"date_created", q.text(3)},
                       {"date_modified", q.text(4)},
                       {"_links", links({{"self", contact + "/emails/" + std::to_string(q.integer(0))}, {"contact", contact}}, sp)}},
                      sp);
}

json::object render_phone(Query& q, json::storage_ptr sp) {
  auto contact = contact_path(q.integer(6));
  return json::object({{"id", q.integer(0)},
                       {"number", q.text(1)},
                       {"extension", q.text(2)},
                       {"type", q.text(3)},
                       {"date_created", q.text(4)},
                       {"date_modified", q.text(5)},
                       {"_links", links({{"self", contact + "/phones/" + std::to_string(q.integer(0))}, {"contact", contact}}, sp)}},
                      sp);
}

json::object render_status(Db& db, std::int64_t status_pk) {
  auto q = db.query("SELECT id, workflow_id, title, mapping FROM statuses WHERE pk = ?");
  q.bind(1, status_pk);
  if (!q.step()) return {};
  json::object status{{"id", q.integer(0)}, {"workflow_id", q.integer(1)}, {"title", q.text(2)}, {"mapping", q.text(3)},
                      {"prerequisites", json::array{}}};
  json::array triggers;
  auto t = db.query("SELECT id, name, is_required, default_on FROM status_triggers WHERE status_pk = ? ORDER BY id");
  t.bind(1, status_pk);
  while (t.step())
    triggers.push_back(json::object{{"id", t.integer(0)}, {"name", t.text(1)}, {"is_required", t.integer(2) != 0},
                                    {"is_default_on", t.integer(3) != 0}});
  status["triggers"] = std::move(triggers);
  status["_links"] = links({{"self", "/contacts/statuses/" + std::to_string(q.integer(0))}});
  return status;
}

json::object render_custom_field(Query& q) {
  json::object field{{"type", q.text(3)}};
  if (!q.is_null(4)) field["selections"] = selections_of(parse_json_text(q.text(4)));
  return {{"id", q.integer(0)},
          {"data_item_type", "contact"},
          {"name", q.text(1)},
          {"comment", q.text(2)},
          {"field", std::move(field)},
          {"_links", links({{"self", "/contacts/custom_fields/" + std::to_string(q.integer(0))}})}};
}

json::object render_activity(Query& q) {
  return {{"id", q.integer(0)},
          {"data_item", {{"id", q.integer(1)}, {"type", "contact"}}},
          {"date", q.text(3)},
          {"regarding_id", nullable_int(q, 4)},
          {"type", q.text(2)},
          {"notes", q.text(5)},
          {"annotation", q.text(6)},
          {"entered_by_id", q.integer(7)},
          {"date_created", q.text(8)},
          {"date_modified", q.text(9)},
          {"_links", links({{"self", "/activities/" + std::to_string(q.integer(0))},
                            {"data_item", contact_path(q.integer(1))}})}};
}

json::object render_attachment(Query& q) {
  auto self = "/attachments/" + std::to_string(q.integer(0));
  return {{"id", q.integer(0)},
          {"filename", q.text(2)},
          {"is_resume", false},
          {"size", human_size(q.integer(4))},
          {"version", "1"},
          {"content_type", q.text(3)},
          {"date_created", q.text(5)},
          {"data_item", {{"id", q.integer(1)}, {"type", "contact"}}},
          {"_links", links({{"self", self}, {"download", self + "/download"}})}};
}

json::object render_tag(Query& q) {
  return {{"id", q.integer(0)},
          {"parent_id", nullable_int(q, 1)},
          {"title", q.text(2)},
          {"_links", links({{"self", "/tags/" + std::to_string(q.integer(0))}})}};
}

json::object render_contact(Store& store, std::int64_t pk, json::storage_ptr sp) {
  Db& db = store.db();
  auto c = db.query(
      "SELECT id, first_name, last_name, title, reports_to_id, owner_id, company_id, street, city, state, postal_code, "
      "country_code, social_media_urls, is_hot, has_left_company, notes, entered_by_id, status_id, date_created, "
      "date_modified, account_pk FROM contacts WHERE pk = ?");
  c.bind(1, pk);
  if (!c.step()) throw ApiError(404, "Contact not found.");
  std::int64_t id = c.integer(0);
  std::int64_t account = c.integer(20);
  auto self = contact_path(id);

  json::array emails(sp), phones(sp);
  json::value primary = nullptr, secondary = nullptr;
  {
    static const std::string sql = std::string("SELECT ") + kEmailColumns +
                                   " FROM emails e WHERE e.contact_pk = ? ORDER BY e.is_primary DESC, e.id";
    auto e = db.query(sql);
    e.bind(1, pk);
    while (e.step()) {
      if (e.integer(2) && primary.is_null()) primary = e.text(1);
      else if (secondary.is_null()) secondary = e.text(1);
      emails.push_back(render_email(e, sp));
    }
  }
  // Fixed phone slots (GUESS, cats-api-v3.md 2.1): work -> work, mobile -> cell, the rest -> other.
  json::value work = nullptr, cell = nullptr, other = nullptr;
  {
    static const std::string sql = std::string("SELECT ") + kPhoneColumns + " FROM phones p WHERE p.contact_pk = ? ORDER BY p.id";
    auto p = db.query(sql);
    p.bind(1, pk);
    while (p.step()) {
      auto type = p.text(3);
      json::value& slot = type == "work" ? work : type == "mobile" ? cell : other;
      if (slot.is_null()) slot = p.text(1);
      phones.push_back(render_phone(p, sp));
    }
  }
  json::array values(sp);
  {
    auto v = db.query("SELECT f.id, fv.value FROM field_values fv JOIN custom_fields f ON f.pk = fv.field_pk "
                      "WHERE fv.contact_pk = ? ORDER BY f.id");
    v.bind(1, pk);
    while (v.step())
      values.push_back(json::object({{"id", v.integer(0)}, {"value", parse_json_text(v.text(1))},
                                     {"_links", links({{"self", self + "/custom_fields/" + std::to_string(v.integer(0))}}, sp)}},
                                    sp));
  }
  json::value status(sp);
  if (!c.is_null(17)) {
    auto& cache = store.status_cache();
    auto key = std::make_pair(account, c.integer(17));
    auto cached = cache.find(key);
    if (cached == cache.end()) {
      auto s = db.query("SELECT pk FROM statuses WHERE account_pk = ? AND id = ?");
      s.bind(1, account).bind(2, key.second);
      if (s.step()) cached = cache.emplace(key, render_status(db, s.integer(0))).first;
    }
    if (cached != cache.end()) status = json::value(cached->second, sp);
  }

  json::object out(24, sp);
  out["id"] = id;
  out["first_name"] = c.text(1);
  out["last_name"] = c.text(2);
  out["title"] = nullable_text(c, 3);
  out["reports_to_id"] = nullable_int(c, 4);
  out["owner_id"] = c.integer(5);
  out["company_id"] = c.integer(6);
  out["emails"] = {{"primary", primary}, {"secondary", secondary}};
  out["phones"] = {{"work", work}, {"cell", cell}, {"other", other}};
  out["address"] = {{"street", nullable_text(c, 7)}, {"city", nullable_text(c, 8)}, {"state", nullable_text(c, 9)},
                    {"postal_code", nullable_text(c, 10)}};
  out["country_code"] = nullable_text(c, 11);
  out["social_media_urls"] = parse_json_text(c.text(12));
  out["is_hot"] = c.integer(13) != 0;
  out["has_left_company"] = c.integer(14) != 0;
  out["notes"] = c.text(15);
  out["entered_by_id"] = c.integer(16);
  out["consent_status"] = nullptr;
  out["status_id"] = nullable_int(c, 17);
  out["date_created"] = c.text(18);
  out["date_modified"] = c.text(19);
  out["_links"] = links({{"self", self},
                         {"owner", "/users/" + std::to_string(c.integer(5))},
                         {"company", "/companies/" + std::to_string(c.integer(6))},
                         {"custom_fields", self + "/custom_fields"},
                         {"activities", self + "/activities"},
                         {"attachments", self + "/attachments"},
                         {"tags", self + "/tags"},
                         {"thumbnail", self + "/thumbnail"},
                         {"phones", self + "/phones"},
                         {"emails", self + "/emails"}},
                        sp);
  json::object embedded(4, sp);
  embedded.emplace("custom_fields", std::move(values));
  embedded.emplace("status", std::move(status));
  embedded.emplace("phones", std::move(phones));
  embedded.emplace("emails", std::move(emails));
  out["_embedded"] = std::move(embedded);
  return out;
}

}  // namespace cats_mcp::sandbox
