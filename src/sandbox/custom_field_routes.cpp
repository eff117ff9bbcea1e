// /contacts/custom_fields[/{id}] (definitions), /contacts/{id}/custom_fields and
// /contacts/{contact_id}/custom_fields/{custom_field_id} (values)
#include "sandbox/contact_writes.hpp"
#include "sandbox/records.hpp"
#include "sandbox/router.hpp"

namespace cats_mcp::sandbox {
namespace {

Response list_definitions(Ctx& ctx) {
  return list_page(ctx, "custom_fields",
                   "SELECT id, name, comment, type, options FROM custom_fields WHERE account_pk = ? ORDER BY id LIMIT ? OFFSET ?",
                   "SELECT count(*) FROM custom_fields WHERE account_pk = ?", {ctx.account}, render_custom_field);
}

Response get_definition(Ctx& ctx) {
  auto q = ctx.db.query("SELECT id, name, comment, type, options FROM custom_fields WHERE account_pk = ? AND id = ?");
  q.bind(1, ctx.account).bind(2, ctx.param("id"));
  if (!q.step()) throw ApiError(404, "Custom field not found.");
  return json_response(200, render_custom_field(q));
}

// A value is {id (the definition's), value}; a field never set reads as null.
json::object render_value(std::int64_t contact_id, Query& q) {  // columns: field id, value or NULL
  auto self = "/contacts/" + std::to_string(contact_id) + "/custom_fields/" + std::to_string(q.integer(0));
  return {{"id", q.integer(0)},
          {"value", q.is_null(1) ? json::value(nullptr) : parse_json_text(q.text(1))},
          {"_links", links({{"self", self}, {"custom_field", "/contacts/custom_fields/" + std::to_string(q.integer(0))}})}};
}

constexpr const char* kValueSelect =
    "SELECT f.id, fv.value FROM custom_fields f LEFT JOIN field_values fv ON fv.field_pk = f.pk AND fv.contact_pk = ? "
    "WHERE f.account_pk = ?";

Response list_values(Ctx& ctx) {
  static const std::string select = std::string(kValueSelect) + " ORDER BY f.id LIMIT ? OFFSET ?";
  // Both queries take (contact pk, account); the count has no use for the first.
  return list_page(ctx, "custom_fields", select, "SELECT count(*) FROM custom_fields WHERE ?1 > 0 AND account_pk = ?2",
                   {contact_pk(ctx, ctx.param("id")), ctx.account}, [&](Query& q) { return render_value(ctx.param("id"), q); });
}

Response get_value(Ctx& ctx) {
  auto pk = contact_pk(ctx, ctx.param("contact_id"));
  auto q = ctx.db.query(std::string(kValueSelect) + " AND f.id = ?");
  q.bind(1, pk).bind(2, ctx.account).bind(3, ctx.param("custom_field_id"));
  if (!q.step()) throw ApiError(404, "Custom field not found.");
  return json_response(200, render_value(ctx.param("contact_id"), q));
}

Response set_value(Ctx& ctx) {
  auto pk = contact_pk(ctx, ctx.param("contact_id"));
  auto body = body_object(ctx.req);
  auto value = body.if_contains("value");
  if (!value) throw ApiError(400, "value is required (null clears the field).");
  set_field_value(ctx, pk, ctx.param("custom_field_id"), *value);
  touch_contact(ctx, pk);
  return no_content();
}

}  // namespace

std::vector<Route> custom_field_routes() {
  return {
      {"GET", "/contacts/custom_fields", list_definitions},
      {"GET", "/contacts/custom_fields/{id}", get_definition},
      {"GET", "/contacts/{id}/custom_fields", list_values},
      {"GET", "/contacts/{contact_id}/custom_fields/{custom_field_id}", get_value},
      {"PUT", "/contacts/{contact_id}/custom_fields/{custom_field_id}", set_value},
  };
}

}  // namespace cats_mcp::sandbox
