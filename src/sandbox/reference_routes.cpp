// /users[/{id}] and /companies[/{id}]: read-only demo data that contacts refer to.
#include "sandbox/router.hpp"

namespace cats_mcp::sandbox {
namespace {

json::object render_user(Query& q) {  // id, first_name, last_name, email
  return {{"id", q.integer(0)}, {"first_name", q.text(1)}, {"last_name", q.text(2)}, {"email", q.text(3)},
          {"_links", links({{"self", "/users/" + std::to_string(q.integer(0))}})}};
}

json::object render_company(Query& q) {  // id, name, city, state, country_code, website
  auto text = [&](int col) { return q.is_null(col) ? json::value(nullptr) : json::value(q.text(col)); };
  return {{"id", q.integer(0)}, {"name", q.text(1)},
          {"address", {{"city", text(2)}, {"state", text(3)}}}, {"country_code", text(4)}, {"website", text(5)},
          {"_links", links({{"self", "/companies/" + std::to_string(q.integer(0))}})}};
}

struct Table {
  const char* name;
  const char* columns;
  const char* missing;
  json::object (*render)(Query&);
};
const Table kUsers{"users", "id, first_name, last_name, email", "User not found.", render_user};
const Table kCompanies{"companies", "id, name, city, state, country_code, website", "Company not found.", render_company};

Response list_table(Ctx& ctx, const Table& t) {
  return list_page(ctx, t.name,
                   std::string("SELECT ") + t.columns + " FROM " + t.name + " WHERE account_pk = ? ORDER BY id LIMIT ? OFFSET ?",
                   std::string("SELECT count(*) FROM ") + t.name + " WHERE account_pk = ?", {ctx.account}, t.render);
}

Response get_row(Ctx& ctx, const Table& t) {
  auto q = ctx.db.query(std::string("SELECT ") + t.columns + " FROM " + t.name + " WHERE account_pk = ? AND id = ?");
  q.bind(1, ctx.account).bind(2, ctx.param("id"));
  if (!q.step()) throw ApiError(404, t.missing);
  return json_response(200, t.render(q));
}

Response list_users(Ctx& ctx) { return list_table(ctx, kUsers); }
Response get_user(Ctx& ctx) { return get_row(ctx, kUsers); }
Response list_companies(Ctx& ctx) { return list_table(ctx, kCompanies); }
Response get_company(Ctx& ctx) { return get_row(ctx, kCompanies); }

}  // namespace

std::vector<Route> reference_routes() {
  return {
      {"GET", "/users", list_users},
      {"GET", "/users/{id}", get_user},
      {"GET", "/companies", list_companies},
      {"GET", "/companies/{id}", get_company},
  };
}

}  // namespace cats_mcp::sandbox
