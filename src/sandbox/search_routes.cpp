// GET /contacts/search?query= (free text, FTS5) and POST /contacts/search (field filters).
#include "cats/contact_rules.hpp"
#include "sandbox/records.hpp"
#include "util/json_numbers.hpp"
#include "sandbox/router.hpp"

#include <cctype>
#include <variant>

namespace cats_mcp::sandbox {
namespace {

// ---- free text ----

// "Ada Love" -> "ada"* "love"*: every word must match the start of a word in the contact.
std::string fts_query(std::string_view text) {
  std::string out, word;
  auto flush = [&] {
    if (word.empty()) return;
    out += (out.empty() ? "\"" : " \"") + word + "\"*";
    word.clear();
  };
  for (unsigned char c : text) {
    if (std::isalnum(c) || c >= 0x80) word.push_back(char(c));
    else flush();
  }
  flush();
  return out;
}

// ---- filters ----

// Which fields exist, their types and the filters each takes are CATS's rules (cats/contact_rules);
// what the sandbox adds is where each field lives: an SQL expression over contacts c.
using cats::FieldType;
using Field = cats::FilterField;

std::string column_of(const Field& f) {
  static const std::pair<std::string_view, std::string_view> kColumns[] = {
      {"emails.primary", "(SELECT email FROM emails WHERE contact_pk = c.pk AND is_primary = 1)"},
      {"emails.secondary", "(SELECT email FROM emails WHERE contact_pk = c.pk AND is_primary = 0 ORDER BY id LIMIT 1)"},
      {"address.street", "c.street"},
      {"address.city", "c.city"},
      {"address.state", "c.state"},
      {"address.postal_code", "c.postal_code"},
  };
  for (const auto& [name, sql] : kColumns)
    if (name == f.name) return std::string(sql);
  return "c." + std::string(f.name);  // the rest are columns of contacts under their own names
}

using Param = std::variant<std::int64_t, double, std::string>;

struct Where {
  std::string sql;
  std::vector<Param> params;
};

Param scalar(const Field& f, const json::value& v) {
  switch (f.type) {
    case FieldType::number:
      if (auto n = exact_int64(v)) return *n;
      if (v.is_number()) return v.to_number<double>();  // a fraction, or beyond int64's range
      break;
    case FieldType::boolean:
      if (v.is_bool()) return std::int64_t(v.get_bool() ? 1 : 0);
      break;
    case FieldType::text:
    case FieldType::date:
      if (v.is_string()) return std::string(v.get_string());
      if (v.is_number()) return json::serialize(v);
      break;
  }
  throw ApiError(400, "The value for " + std::string(f.name) + " has the wrong type.");
}

std::string lower_key(std::string_view k) {
  std::string s(k);
  for (auto& c : s) c = char(std::tolower(static_cast<unsigned char>(c)));
  return s;
}

void build(const json::value& node, Where& out, int depth) {
  if (depth > 8) throw ApiError(400, "Filters are nested too deeply.");
  if (!node.is_object()) throw ApiError(400, "A filter must be an object {field, filter, value}.");
  const auto& o = node.get_object();
  // {"and": [...]} / {"or": [...]} in either case: a combination of filters.
  for (const auto& [key, member] : o) {
    auto k = lower_key(key);
    if (k != "and" && k != "or") continue;
    if (!member.is_array() || member.get_array().empty())
      throw ApiError(400, "\"" + std::string(key) + "\" takes a non-empty array of filters.");
    out.sql += "(";
    bool first = true;
    for (const auto& child : member.get_array()) {
      if (!first) out.sql += k == "and" ? " AND " : " OR ";
      first = false;
      build(child, out, depth + 1);
    }
    out.sql += ")";
    return;
  }
  auto field_name = o.if_contains("field");
  auto op_value = o.if_contains("filter");
  if (!field_name || !field_name->is_string() || !op_value || !op_value->is_string())
    throw ApiError(400, "A filter needs field and filter (and usually value).");
  std::string_view name = field_name->get_string(), op = op_value->get_string();
  const Field* field = cats::find_filter_field(name);
  if (!field) throw ApiError(400, "Unknown filter field \"" + std::string(name) + "\".");
  if (!cats::filter_applies(*field, op)) throw ApiError(400, "That filter cannot be used on this field");
  static const json::value kNull;
  const json::value& value = o.contains("value") ? o.at("value") : kNull;
  std::string expr = column_of(*field);

  if (op == "is_empty") {
    bool empty = value.is_bool() ? value.get_bool() : true;
    out.sql += empty ? "(" + expr + " IS NULL OR " + expr + " = '')" : "(" + expr + " IS NOT NULL AND " + expr + " != '')";
  } else if (op == "contains") {
    // CATS splits the value into words and matches any of them (OBSERVED: "Logan Lake" finds "Williams Lake").
    if (!value.is_string()) throw ApiError(400, "contains takes a string.");
    std::vector<std::string> words;
    std::string word;
    for (char c : std::string(value.get_string()) + " ") {
      if (std::isspace(static_cast<unsigned char>(c))) {
        if (!word.empty()) words.push_back(word);
        word.clear();
      } else {
        word.push_back(c);
      }
    }
    if (words.empty()) throw ApiError(400, "contains needs at least one word.");
    out.sql += "(";
    for (std::size_t i = 0; i < words.size(); ++i) {
      out.sql += (i ? " OR " : "") + expr + " LIKE ? ESCAPE '\\'";
      std::string escaped;
      for (char c : words[i]) {
        if (c == '%' || c == '_' || c == '\\') escaped.push_back('\\');
        escaped.push_back(c);
      }
      out.params.push_back("%" + escaped + "%");
    }
    out.sql += ")";
  } else if (op == "exactly") {
    out.sql += field->type == FieldType::text ? expr + " = ? COLLATE NOCASE" : expr + " = ?";
    out.params.push_back(scalar(*field, value));
  } else if (op == "greater_than" || op == "less_than") {
    out.sql += expr + (op == "greater_than" ? " > ?" : " < ?");
    out.params.push_back(scalar(*field, value));
  } else if (op == "between") {
    if (!value.is_array() || value.get_array().size() != 2) throw ApiError(400, "between takes [low, high].");
    out.sql += expr + " BETWEEN ? AND ?";  // inclusive (GUESS)
    out.params.push_back(scalar(*field, value.get_array()[0]));
    out.params.push_back(scalar(*field, value.get_array()[1]));
  } else {  // geo_distance
    throw ApiError(400, "The sandbox cannot evaluate geo_distance: it has no geographic data.");
  }
}

// One page of contacts matching `where` (and the free text, when given), with the total.
// With free text the FTS index drives the query: matches come out in rowid order, which is
// creation order and so id order within an account, and the page needs no sort.
Response respond_with_contacts(Ctx& ctx, const std::string& where, const std::vector<Param>& where_params,
                               const Paging& paging) {
  std::string from = "contacts c", order = "c.id", conditions = "c.account_pk = ? AND " + where;
  std::vector<Param> params{ctx.account};
  auto text = ctx.req.query_param("query");
  if (text && !text->empty()) {  // as on CATS: no query, no narrowing
    auto match = fts_query(*text);
    if (match.empty()) return collection(ctx, "contacts", {}, 0, paging);
    from = "contacts_fts CROSS JOIN contacts c ON c.pk = contacts_fts.rowid";
    order = "contacts_fts.rowid";
    conditions = "contacts_fts MATCH ? AND " + conditions;
    params.insert(params.begin(), match);
  }
  params.insert(params.end(), where_params.begin(), where_params.end());
  auto bind_all = [&](Query& q) {
    int i = 1;
    for (const auto& p : params) std::visit([&](const auto& v) { q.bind(i++, v); }, p);
    return i;
  };
  std::vector<std::int64_t> pks;
  {
    auto q = ctx.db.transient("SELECT c.pk FROM " + from + " WHERE " + conditions + " ORDER BY " + order + " LIMIT ? OFFSET ?");
    int i = bind_all(q);
    q.bind(i, paging.per_page).bind(i + 1, paging.offset());
    while (q.step()) pks.push_back(q.integer(0));
  }
  auto count = ctx.db.transient("SELECT count(*) FROM " + from + " WHERE " + conditions);
  bind_all(count);
  count.step();
  auto arena = response_arena();  // travels with the page's document, freed with it
  json::array items(arena);
  for (auto pk : pks) items.push_back(render_contact(ctx.store, pk, arena));
  return collection(ctx, "contacts", std::move(items), count.integer(0), paging);
}

Response search(Ctx& ctx) { return respond_with_contacts(ctx, "1", {}, read_paging(ctx.req)); }

Response filter(Ctx& ctx) {
  auto paging = read_paging(ctx.req);
  auto body = body_object(ctx.req);
  Where w;
  build(body, w, 0);
  return respond_with_contacts(ctx, "(" + w.sql + ")", w.params, paging);
}

}  // namespace

std::vector<Route> search_routes() {
  return {{"GET", "/contacts/search", search}, {"POST", "/contacts/search", filter}};
}

}  // namespace cats_mcp::sandbox
