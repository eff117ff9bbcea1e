#include "sandbox/api.hpp"
#include "util/json_numbers.hpp"

#include "cats/http_types.hpp"

#include <charconv>

namespace cats_mcp::sandbox {

std::optional<std::string_view> Request::query_param(std::string_view name) const {
  for (const auto& [k, v] : query)
    if (k == name) return std::string_view(v);
  return std::nullopt;
}

std::optional<std::string_view> Request::header(std::string_view lower_name) const {
  for (const auto& [k, v] : headers)
    if (k == lower_name) return std::string_view(v);
  return std::nullopt;
}

json::storage_ptr response_arena() { return json::make_shared_resource<json::monotonic_resource>(); }

bool owns_its_memory(const json::storage_ptr& storage) {
  return storage.is_shared() || storage.get() == json::storage_ptr().get();
}

Response json_response(int status, json::value document) {
  if (!owns_its_memory(document.storage()))
    throw std::logic_error("sandbox: a response document borrows memory that the handler frees");
  return {status, {{"Content-Type", "application/json; charset=utf-8"}}, {}, std::move(document)};
}

void serialise_document(Response& response) {
  if (!response.document) return;
  response.body = json::serialize(*response.document);
  response.document.reset();
}

Response no_content() { return {204, {}, {}}; }

Response created(const std::string& location) {
  Response r = json_response(201, json::object{{"message", "Created"}});
  r.headers.emplace_back("Location", location);
  return r;
}

namespace {
std::int64_t positive_query_integer(const Request& req, std::string_view name, std::int64_t fallback) {
  auto text = req.query_param(name);
  if (!text) return fallback;
  std::int64_t n = 0;
  auto [end, ec] = std::from_chars(text->data(), text->data() + text->size(), n);
  if (ec != std::errc() || end != text->data() + text->size())
    throw ApiError(400, std::string(name) + " must be an integer.");
  return n;
}

std::string page_href(const Ctx& ctx, std::int64_t page, std::int64_t per_page) {
  std::string href = ctx.req.path + "?";
  for (const auto& [k, v] : ctx.req.query) {
    if (k == "page" || k == "per_page") continue;
    href += cats::percent_encode(k) + "=" + cats::percent_encode(v) + "&";
  }
  return href + "page=" + std::to_string(page) + "&per_page=" + std::to_string(per_page);
}
}  // namespace

Paging read_paging(const Request& req) {
  Paging p;
  p.page = positive_query_integer(req, "page", 1);
  p.per_page = positive_query_integer(req, "per_page", 25);
  if (p.page < 1) throw ApiError(400, "page must be 1 or more.");
  if (p.per_page < 1 || p.per_page > 100) throw ApiError(400, "per_page must be between 1 and 100.");
  return p;
}

json::object links(std::initializer_list<std::pair<std::string_view, std::string>> relations, json::storage_ptr sp) {
  json::object out(relations.size(), sp);
  for (const auto& [rel, href] : relations) {
    json::object link(1, sp);
    link.emplace("href", href);
    out.emplace(rel, std::move(link));
  }
  return out;
}

Response collection(const Ctx& ctx, std::string_view key, json::array items, std::int64_t total, const Paging& paging) {
  std::int64_t last = std::max<std::int64_t>(1, (total + paging.per_page - 1) / paging.per_page);
  auto sp = items.storage();  // the envelope lives where the items do (a response's arena, often)
  if (!owns_its_memory(sp)) throw std::logic_error("sandbox: collection items borrow memory that the handler frees");
  json::object l(5, sp);
  l["self"] = {{"href", page_href(ctx, paging.page, paging.per_page)}};
  l["first"] = {{"href", page_href(ctx, 1, paging.per_page)}};
  l["last"] = {{"href", page_href(ctx, last, paging.per_page)}};
  if (paging.page > 1) l["prev"] = {{"href", page_href(ctx, std::min(paging.page - 1, last), paging.per_page)}};
  if (paging.page < last) l["next"] = {{"href", page_href(ctx, paging.page + 1, paging.per_page)}};
  json::object body(4, sp);
  body["count"] = items.size();
  body["total"] = total;
  body["_links"] = std::move(l);
  json::object embedded(1, sp);
  embedded.emplace(key, std::move(items));
  body["_embedded"] = std::move(embedded);
  return json_response(200, std::move(body));
}

Response list_page(const Ctx& ctx, std::string_view key, std::string_view select, std::string_view count,
                   std::initializer_list<std::int64_t> params, const std::function<json::object(Query&)>& render) {
  auto paging = read_paging(ctx.req);
  json::array items;
  {
    auto q = ctx.db.query(select);
    int i = 1;
    for (auto p : params) q.bind(i++, p);
    q.bind(i, paging.per_page).bind(i + 1, paging.offset());
    while (q.step()) items.push_back(render(q));
  }
  auto c = ctx.db.query(count);
  int i = 1;
  for (auto p : params) c.bind(i++, p);
  c.step();
  return collection(ctx, key, std::move(items), c.integer(0), paging);
}

json::object body_object(const Request& req) {
  if (auto type = req.header("content-type")) {
    std::string_view t = *type;
    if (!t.starts_with("application/json")) throw ApiError(415, "Unsupported Content-Type.");
  }
  if (req.body.empty()) return {};
  boost::system::error_code ec;
  auto doc = json::parse(req.body, ec);
  if (ec) throw ApiError(400, "The request body is not valid JSON.");
  if (!doc.is_object()) throw ApiError(400, "The request body must be a JSON object.");
  return std::move(doc.get_object());
}

std::optional<std::string> optional_string(const json::object& body, std::string_view name, std::size_t max_length) {
  auto v = body.if_contains(name);
  if (!v || v->is_null()) return std::nullopt;
  if (!v->is_string()) throw ApiError(400, std::string(name) + " must be a string.");
  if (v->get_string().size() > max_length)
    throw ApiError(400, std::string(name) + " must be at most " + std::to_string(max_length) + " characters.");
  return std::string(v->get_string());
}

std::string required_string(const json::object& body, std::string_view name, std::size_t max_length) {
  auto s = optional_string(body, name, max_length);
  if (!s || s->empty()) throw ApiError(400, std::string(name) + " is required.");
  return *s;
}

std::optional<std::int64_t> optional_id(const json::object& body, std::string_view name) {
  auto v = body.if_contains(name);
  if (!v || v->is_null()) return std::nullopt;
  auto n = exact_int64(*v);
  if (!n) throw ApiError(400, std::string(name) + " must be an integer.");
  if (*n < 1) throw ApiError(400, std::string(name) + " must be a positive integer.");
  return *n;
}

std::int64_t required_id(const json::object& body, std::string_view name) {
  auto id = optional_id(body, name);
  if (!id) throw ApiError(400, std::string(name) + " is required.");
  return *id;
}

std::optional<bool> optional_bool(const json::object& body, std::string_view name) {
  auto v = body.if_contains(name);
  if (!v || v->is_null()) return std::nullopt;
  if (!v->is_bool()) throw ApiError(400, std::string(name) + " must be a boolean.");
  return v->get_bool();
}

bool query_flag(const Request& req, std::string_view name) {
  auto v = req.query_param(name);
  if (!v) return false;
  if (*v == "true" || *v == "1") return true;
  if (*v == "false" || *v == "0" || v->empty()) return false;
  throw ApiError(400, std::string(name) + " must be true or false.");
}

std::int64_t Ctx::param(std::string_view name) const {
  for (const auto& p : path)
    if (p.name == name) return p.id;
  throw std::logic_error("the route's template has no {" + std::string(name) + "}");
}

std::optional<std::int64_t> find_pk(Db& db, std::string_view table, std::int64_t account, std::int64_t id) {
  auto q = db.query("SELECT pk FROM " + std::string(table) + " WHERE account_pk = ? AND id = ?");
  q.bind(1, account).bind(2, id);
  if (!q.step()) return std::nullopt;
  return q.integer(0);
}

std::int64_t require_pk(const Ctx& ctx, std::string_view table, std::int64_t id, int status, const std::string& message) {
  auto pk = find_pk(ctx.db, table, ctx.account, id);
  if (!pk) throw ApiError(status, message);
  return *pk;
}

std::int64_t contact_pk(const Ctx& ctx, std::int64_t contact_id) {
  return require_pk(ctx, "contacts", contact_id, 404, "Contact not found.");
}

void require_changed(const Ctx& ctx, const std::string& message) {
  if (ctx.db.changes() == 0) throw ApiError(404, message);
}

bool exists(Db& db, std::string_view table, std::int64_t account, std::int64_t id) {
  return find_pk(db, table, account, id).has_value();
}

}  // namespace cats_mcp::sandbox
