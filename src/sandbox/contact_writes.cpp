#include "sandbox/contact_writes.hpp"

#include "sandbox/selections.hpp"

#include "cats/contact_rules.hpp"
#include "sandbox/records.hpp"
#include "util/json_numbers.hpp"

#include <algorithm>
#include <array>
#include <cctype>
#include <charconv>
#include <cmath>
#include <set>

namespace cats_mcp::sandbox {

namespace {

std::string lower(std::string s) {
  for (auto& c : s) c = char(std::tolower(static_cast<unsigned char>(c)));
  return s;
}

std::string checked_email(const std::string& email) {
  auto at = email.find('@');
  bool ok = at != std::string::npos && at > 0 && at + 1 < email.size() && email.find('@', at + 1) == std::string::npos &&
            std::none_of(email.begin(), email.end(), [](unsigned char c) { return std::isspace(c) || c < 0x20; });
  if (!ok) throw ApiError(400, "\"" + email + "\" is not a valid email address.");
  return email;
}

std::string checked_phone_number(const std::string& number) {
  if (!cats::valid_phone_number(number))
    throw ApiError(400, "number must start with + and the country code, e.g. +16124063451.");
  return number;
}

std::string checked_phone_type(const std::string& type) {
  if (std::find(cats::kPhoneTypes.begin(), cats::kPhoneTypes.end(), type) == cats::kPhoneTypes.end())
    throw ApiError(400, "type must be one of " + cats::listed(cats::kPhoneTypes) + ".");
  return type;
}

void require_reference(Ctx& ctx, std::string_view table, std::string_view field, std::int64_t id) {
  if (!exists(ctx.db, table, ctx.account, id))
    throw ApiError(400, std::string(field) + " " + std::to_string(id) + " does not exist.");
}

std::int64_t email_count(Ctx& ctx, std::int64_t contact_pk) {
  auto q = ctx.db.query("SELECT count(*) FROM emails WHERE contact_pk = ?");
  q.bind(1, contact_pk);
  q.step();
  return q.integer(0);
}

void demote_primary(Ctx& ctx, std::int64_t contact_pk) {
  ctx.db.query("UPDATE emails SET is_primary = 0 WHERE contact_pk = ? AND is_primary = 1").bind(1, contact_pk).run();
}

// After a primary email is removed or demoted: the oldest remaining email becomes primary.
void promote_oldest_if_none_primary(Ctx& ctx, std::int64_t contact_pk) {
  ctx.db.query("UPDATE emails SET is_primary = 1 WHERE pk = (SELECT pk FROM emails WHERE contact_pk = ?1 ORDER BY id LIMIT 1) "
               "AND NOT EXISTS (SELECT 1 FROM emails WHERE contact_pk = ?1 AND is_primary = 1)")
      .bind(1, contact_pk)
      .run();
}

const json::array* optional_array(const json::object& body, std::string_view name) {
  auto v = body.if_contains(name);
  if (!v || v->is_null()) return nullptr;
  if (!v->is_array()) throw ApiError(400, std::string(name) + " must be an array.");
  return &v->get_array();
}

const json::object& element_object(const json::value& v, std::string_view array_name) {
  if (!v.is_object()) throw ApiError(400, "Each item of " + std::string(array_name) + " must be an object.");
  return v.get_object();
}

void write_emails(Ctx& ctx, std::int64_t pk, const json::array& emails) {
  for (const auto& e : emails) {
    const auto& item = element_object(e, "emails");
    add_email(ctx, pk, required_string(item, "email", 254), optional_bool(item, "is_primary").value_or(false));
  }
}

void write_phones(Ctx& ctx, std::int64_t pk, const json::array& phones) {
  for (const auto& p : phones) add_phone(ctx, pk, element_object(p, "phones"));
}

void write_field_values(Ctx& ctx, std::int64_t pk, const json::array& values) {
  for (const auto& v : values) {
    const auto& item = element_object(v, "custom_fields");
    auto value = item.if_contains("value");
    set_field_value(ctx, pk, required_id(item, "id"), value ? *value : json::value(nullptr));
  }
}

std::string social_urls(const json::array& urls) {
  for (const auto& u : urls)
    if (!u.is_string()) throw ApiError(400, "social_media_urls must be an array of strings.");
  return json::serialize(urls);
}

bool valid_date(std::string_view d) {
  if (d.size() != 10 || d[4] != '-' || d[7] != '-') return false;
  int y = 0, m = 0, day = 0;
  std::from_chars(d.data(), d.data() + 4, y);
  std::from_chars(d.data() + 5, d.data() + 7, m);
  std::from_chars(d.data() + 8, d.data() + 10, day);
  static constexpr int kDays[] = {31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  return y > 0 && m >= 1 && m <= 12 && day >= 1 && day <= kDays[m - 1] &&
         std::all_of(d.begin(), d.end(), [](char c) { return std::isdigit(static_cast<unsigned char>(c)) || c == '-'; });
}

// The value as its definition's type stores it, or ApiError.
json::value checked_field_value(const std::string& name, const std::string& type, const json::value& options,
                                const json::value& value) {
  auto refuse = [&](const std::string& rule) { throw ApiError(400, "Custom field \"" + name + "\" " + rule); };
  if (type == "text" || type == "textarea") {
    if (!value.is_string()) refuse("takes text.");
    return value;
  }
  if (type == "dropdown" || type == "radio" || type == "multiselect") {
    auto selections = selections_of(options);
    auto choices = [&] {
      std::string text;
      for (const auto& s : selections)
        text += (text.empty() ? "" : ", ") + json::serialize(s.at("id")) + " (" + std::string(s.at("label").as_string()) + ")";
      return text;
    };
    // A dropdown keeps the chosen label, as it reads back; a multi-select keeps the chosen ids.
    if (type != "multiselect") {
      if (auto* chosen = find_selection(selections, value)) return chosen->at("label");
      refuse("takes one of its selections, by id or label: " + choices() + ".");
    }
    json::array wanted;
    if (value.is_array()) {
      wanted = value.get_array();
    } else if (value.is_string()) {  // "4,6": how a text-valued tool argument names several
      std::string_view rest = value.get_string();
      while (!rest.empty()) {
        auto comma = rest.find(',');
        auto part = rest.substr(0, comma);
        while (!part.empty() && part.front() == ' ') part.remove_prefix(1);
        while (!part.empty() && part.back() == ' ') part.remove_suffix(1);
        if (!part.empty()) wanted.emplace_back(part);
        rest = comma == std::string_view::npos ? std::string_view() : rest.substr(comma + 1);
      }
    } else {
      refuse("takes a list of selection ids: " + choices() + ".");
    }
    json::array ids;
    for (const auto& each : wanted) {
      auto* chosen = find_selection(selections, each);
      if (!chosen) refuse("has no selection " + json::serialize(each) + "; it takes ids of: " + choices() + ".");
      if (std::find(ids.begin(), ids.end(), chosen->at("id")) == ids.end()) ids.push_back(chosen->at("id"));
    }
    return ids;
  }
  if (type == "checkbox") {
    if (value.is_bool()) return value;
    if (value.is_string()) {
      auto s = lower(std::string(value.get_string()));
      if (s == "true" || s == "1" || s == "yes") return true;
      if (s == "false" || s == "0" || s == "no") return false;
    }
    refuse("takes true or false.");
  }
  if (type == "date") {
    if (!value.is_string() || !valid_date(value.get_string())) refuse("takes a date as YYYY-MM-DD.");
    return value;
  }
  if (type == "number") {
    if (value.is_number()) return value;
    if (value.is_string()) {
      std::string_view s = value.get_string();
      double d = 0;
      auto [end, ec] = std::from_chars(s.data(), s.data() + s.size(), d);
      // from_chars reads "inf" and "nan", which JSON cannot store: they would be acknowledged,
      // then read back as null.
      if (ec == std::errc() && end == s.data() + s.size() && !s.empty() && std::isfinite(d)) {
        if (auto n = exact_int64(d)) return *n;
        return d;
      }
    }
    refuse("takes a number.");
  }
  return value;  // other definition types accept what they are given
}

}  // namespace

std::int64_t add_email(Ctx& ctx, std::int64_t contact_pk, const std::string& email, bool make_primary) {
  checked_email(email);
  // The first email of a contact is its primary; a new primary demotes the old one.
  bool primary = make_primary || email_count(ctx, contact_pk) == 0;
  if (primary) demote_primary(ctx, contact_pk);
  auto id = ctx.store.next_id(ctx.account, "emails");
  auto now = now_rfc3339();
  ctx.db.query("INSERT INTO emails (account_pk, id, contact_pk, email, is_primary, date_created, date_modified) "
               "VALUES (?, ?, ?, ?, ?, ?, ?)")
      .bind(1, ctx.account).bind(2, id).bind(3, contact_pk).bind(4, email).bind(5, primary).bind(6, now).bind(7, now)
      .run();
  return id;
}

void set_email(Ctx& ctx, std::int64_t contact_pk, std::int64_t email_id, const std::optional<std::string>& email,
               std::optional<bool> is_primary) {
  auto q = ctx.db.query("SELECT pk, is_primary FROM emails WHERE account_pk = ? AND id = ? AND contact_pk = ?");
  q.bind(1, ctx.account).bind(2, email_id).bind(3, contact_pk);
  if (!q.step()) throw ApiError(404, "Email not found.");
  std::int64_t pk = q.integer(0);
  bool was_primary = q.integer(1) != 0;
  if (email) ctx.db.query("UPDATE emails SET email = ? WHERE pk = ?").bind(1, checked_email(*email)).bind(2, pk).run();
  if (is_primary && *is_primary && !was_primary) {
    demote_primary(ctx, contact_pk);
    ctx.db.query("UPDATE emails SET is_primary = 1 WHERE pk = ?").bind(1, pk).run();
  } else if (is_primary && !*is_primary && was_primary) {
    // Someone else must be primary: the oldest other email, if there is one.
    ctx.db.query("UPDATE emails SET is_primary = 1 WHERE pk = (SELECT pk FROM emails WHERE contact_pk = ? AND pk != ? "
                 "ORDER BY id LIMIT 1)")
        .bind(1, contact_pk).bind(2, pk).run();
    if (ctx.db.changes() > 0) ctx.db.query("UPDATE emails SET is_primary = 0 WHERE pk = ?").bind(1, pk).run();
  }
  ctx.db.query("UPDATE emails SET date_modified = ? WHERE pk = ?").bind(1, now_rfc3339()).bind(2, pk).run();
}

void delete_email(Ctx& ctx, std::int64_t contact_pk, std::int64_t email_id) {
  ctx.db.query("DELETE FROM emails WHERE account_pk = ? AND id = ? AND contact_pk = ?")
      .bind(1, ctx.account).bind(2, email_id).bind(3, contact_pk).run();
  require_changed(ctx, "Email not found.");
  promote_oldest_if_none_primary(ctx, contact_pk);
}

std::int64_t add_phone(Ctx& ctx, std::int64_t contact_pk, const json::object& phone) {
  auto number = checked_phone_number(required_string(phone, "number", 64));
  auto type = checked_phone_type(required_string(phone, "type", 16));
  auto extension = optional_string(phone, "extension", 32).value_or("");
  auto id = ctx.store.next_id(ctx.account, "phones");
  auto now = now_rfc3339();
  ctx.db.query("INSERT INTO phones (account_pk, id, contact_pk, number, extension, type, date_created, date_modified) "
               "VALUES (?, ?, ?, ?, ?, ?, ?, ?)")
      .bind(1, ctx.account).bind(2, id).bind(3, contact_pk).bind(4, number).bind(5, extension).bind(6, type)
      .bind(7, now).bind(8, now).run();
  return id;
}

void set_phone(Ctx& ctx, std::int64_t contact_pk, std::int64_t phone_id, const json::object& changes) {
  auto q = ctx.db.query("SELECT pk FROM phones WHERE account_pk = ? AND id = ? AND contact_pk = ?");
  q.bind(1, ctx.account).bind(2, phone_id).bind(3, contact_pk);
  if (!q.step()) throw ApiError(404, "Phone not found.");
  std::int64_t pk = q.integer(0);
  if (auto n = optional_string(changes, "number", 64))
    ctx.db.query("UPDATE phones SET number = ? WHERE pk = ?").bind(1, checked_phone_number(*n)).bind(2, pk).run();
  if (auto t = optional_string(changes, "type", 16))
    ctx.db.query("UPDATE phones SET type = ? WHERE pk = ?").bind(1, checked_phone_type(*t)).bind(2, pk).run();
  if (auto e = optional_string(changes, "extension", 32))
    ctx.db.query("UPDATE phones SET extension = ? WHERE pk = ?").bind(1, *e).bind(2, pk).run();
  ctx.db.query("UPDATE phones SET date_modified = ? WHERE pk = ?").bind(1, now_rfc3339()).bind(2, pk).run();
}

void set_field_value(Ctx& ctx, std::int64_t contact_pk, std::int64_t field_id, const json::value& value) {
  auto q = ctx.db.query("SELECT pk, name, type, options FROM custom_fields WHERE account_pk = ? AND id = ?");
  q.bind(1, ctx.account).bind(2, field_id);
  if (!q.step()) throw ApiError(404, "Custom field " + std::to_string(field_id) + " not found.");
  std::int64_t field_pk = q.integer(0);
  std::string name = q.text(1), type = q.text(2);
  json::value options = q.is_null(3) ? json::value(nullptr) : parse_json_text(q.text(3));
  if (value.is_null()) {
    ctx.db.query("DELETE FROM field_values WHERE contact_pk = ? AND field_pk = ?").bind(1, contact_pk).bind(2, field_pk).run();
    return;
  }
  auto stored = json::serialize(checked_field_value(name, type, options, value));
  ctx.db.query("INSERT INTO field_values (contact_pk, field_pk, value) VALUES (?, ?, ?) "
               "ON CONFLICT (contact_pk, field_pk) DO UPDATE SET value = excluded.value")
      .bind(1, contact_pk).bind(2, field_pk).bind(3, stored).run();
}

void touch_contact(Ctx& ctx, std::int64_t contact_pk) {
  ctx.db.query("UPDATE contacts SET date_modified = ? WHERE pk = ?").bind(1, now_rfc3339()).bind(2, contact_pk).run();
  ctx.store.reindex_contact(contact_pk);
}

void refuse_duplicate(Ctx& ctx, const json::object& body) {
  auto first = lower(required_string(body, "first_name", 1000));
  auto last = lower(required_string(body, "last_name", 1000));
  std::set<std::string> wanted;
  if (auto emails = optional_array(body, "emails"))
    for (const auto& e : *emails)
      if (e.is_object())
        if (auto s = optional_string(e.get_object(), "email", 254)) wanted.insert(lower(*s));

  std::vector<std::pair<std::int64_t, std::int64_t>> candidates;  // (pk, id)
  {
    auto q = ctx.db.query("SELECT pk, id FROM contacts WHERE account_pk = ? AND lower(first_name) = ? AND lower(last_name) = ?");
    q.bind(1, ctx.account).bind(2, first).bind(3, last);
    while (q.step()) candidates.emplace_back(q.integer(0), q.integer(1));
  }
  for (auto [pk, id] : candidates) {
    std::set<std::string> theirs;
    auto e = ctx.db.query("SELECT lower(email) FROM emails WHERE contact_pk = ?");
    e.bind(1, pk);
    while (e.step()) theirs.insert(e.text(0));
    bool shared = std::any_of(wanted.begin(), wanted.end(), [&](const std::string& w) { return theirs.count(w) > 0; });
    if (shared || (wanted.empty() && theirs.empty()))
      throw ApiError(409, "Duplicate contact: contact " + std::to_string(id) + " has the same name and " +
                              (shared ? "a shared email." : "no email either."),
                     {{"data_item", {{"id", id}, {"type", "contact"}}}});  // CATS names the existing record so
  }
}

namespace {
// Writes the scalar fields present in `body` onto the contact row.
void write_scalars(Ctx& ctx, std::int64_t pk, const json::object& body) {
  auto set_text = [&](const char* column, const std::optional<std::string>& v) {
    if (!v) return;
    ctx.db.query(std::string("UPDATE contacts SET ") + column + " = ? WHERE pk = ?").bind(1, *v).bind(2, pk).run();
  };
  auto set_int = [&](const char* column, std::optional<std::int64_t> v) {
    if (!v) return;
    ctx.db.query(std::string("UPDATE contacts SET ") + column + " = ? WHERE pk = ?").bind(1, *v).bind(2, pk).run();
  };
  if (body.contains("first_name")) set_text("first_name", required_string(body, "first_name", 1000));
  if (body.contains("last_name")) set_text("last_name", required_string(body, "last_name", 1000));
  set_text("title", optional_string(body, "title", 1000));
  set_text("notes", optional_string(body, "notes", 100000));
  set_text("country_code", optional_string(body, "country_code", 8));
  if (auto owner = optional_id(body, "owner_id")) {
    require_reference(ctx, "users", "owner_id", *owner);
    set_int("owner_id", owner);
  }
  if (auto company = optional_id(body, "company_id")) {
    require_reference(ctx, "companies", "company_id", *company);
    set_int("company_id", company);
  }
  if (auto boss = optional_id(body, "reports_to_id")) {
    require_reference(ctx, "contacts", "reports_to_id", *boss);
    set_int("reports_to_id", boss);
  }
  if (auto hot = optional_bool(body, "is_hot")) set_int("is_hot", *hot ? 1 : 0);
  if (auto left = optional_bool(body, "has_left_company")) set_int("has_left_company", *left ? 1 : 0);
  if (auto urls = optional_array(body, "social_media_urls")) set_text("social_media_urls", social_urls(*urls));
  if (auto address = body.if_contains("address"); address && !address->is_null()) {
    if (!address->is_object()) throw ApiError(400, "address must be an object.");
    const auto& a = address->get_object();
    set_text("street", optional_string(a, "street", 1000));
    set_text("city", optional_string(a, "city", 1000));
    set_text("state", optional_string(a, "state", 1000));
    set_text("postal_code", optional_string(a, "postal_code", 32));
  }
}
}  // namespace

std::int64_t create_contact(Ctx& ctx, const json::object& body) {
  auto first = required_string(body, "first_name", 1000);
  auto last = required_string(body, "last_name", 1000);
  auto owner = required_id(body, "owner_id");
  auto company = required_id(body, "company_id");
  require_reference(ctx, "users", "owner_id", owner);
  require_reference(ctx, "companies", "company_id", company);

  auto id = ctx.store.next_id(ctx.account, "contacts");
  auto now = now_rfc3339();
  ctx.db.query("INSERT INTO contacts (account_pk, id, first_name, last_name, owner_id, company_id, entered_by_id, "
               "status_id, date_created, date_modified) VALUES (?, ?, ?, ?, ?, ?, ?, NULL, ?, ?)")
      .bind(1, ctx.account).bind(2, id).bind(3, first).bind(4, last).bind(5, owner).bind(6, company).bind(7, owner)
      .bind(8, now).bind(9, now).run();
  std::int64_t pk = ctx.db.last_insert_rowid();
  write_scalars(ctx, pk, body);
  if (auto emails = optional_array(body, "emails")) write_emails(ctx, pk, *emails);
  if (auto phones = optional_array(body, "phones")) write_phones(ctx, pk, *phones);
  if (auto values = optional_array(body, "custom_fields")) write_field_values(ctx, pk, *values);
  ctx.store.reindex_contact(pk);
  return pk;
}

void update_contact(Ctx& ctx, std::int64_t pk, const json::object& body) {
  // CATS requires the four core fields on every update (cats-api-v3.md §6), as on a create.
  required_string(body, "first_name", 1000);
  required_string(body, "last_name", 1000);
  required_id(body, "owner_id");
  required_id(body, "company_id");
  write_scalars(ctx, pk, body);
  // Arrays given on update replace the contact's emails and phones (CATS sends the whole set).
  if (auto emails = optional_array(body, "emails")) {
    ctx.db.query("DELETE FROM emails WHERE contact_pk = ?").bind(1, pk).run();
    write_emails(ctx, pk, *emails);
  }
  if (auto phones = optional_array(body, "phones")) {
    ctx.db.query("DELETE FROM phones WHERE contact_pk = ?").bind(1, pk).run();
    write_phones(ctx, pk, *phones);
  }
  if (auto values = optional_array(body, "custom_fields")) write_field_values(ctx, pk, *values);
  touch_contact(ctx, pk);
}

}  // namespace cats_mcp::sandbox
