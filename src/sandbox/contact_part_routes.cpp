// /contacts/{contact_id}/emails[/{id}] and /contacts/{contact_id}/phones[/{id}]
#include "sandbox/contact_writes.hpp"
#include "sandbox/records.hpp"
#include "sandbox/router.hpp"

namespace cats_mcp::sandbox {
namespace {

// One list/get implementation for both parts: they differ in table, columns and renderer.
struct Part {
  const char* table;
  const char* alias;
  const char* columns;
  const char* key;
  const char* missing;
  json::object (*render)(Query&, json::storage_ptr);
};
const Part kEmails{"emails", "e", kEmailColumns, "emails", "Email not found.", render_email};
const Part kPhones{"phones", "p", kPhoneColumns, "phones", "Phone not found.", render_phone};

Response list_part(Ctx& ctx, const Part& part) {
  return list_page(ctx, part.key,
                   std::string("SELECT ") + part.columns + " FROM " + part.table + " " + part.alias + " WHERE " +
                       part.alias + ".contact_pk = ? ORDER BY " + part.alias + ".id LIMIT ? OFFSET ?",
                   std::string("SELECT count(*) FROM ") + part.table + " WHERE contact_pk = ?", {contact_pk(ctx, ctx.param("contact_id"))},
                   [&](Query& q) { return part.render(q, {}); });
}

Response get_part(Ctx& ctx, const Part& part) {
  auto pk = contact_pk(ctx, ctx.param("contact_id"));
  auto q = ctx.db.query(std::string("SELECT ") + part.columns + " FROM " + part.table + " " + part.alias + " WHERE " +
                        part.alias + ".contact_pk = ? AND " + part.alias + ".id = ?");
  q.bind(1, pk).bind(2, ctx.param("id"));
  if (!q.step()) throw ApiError(404, part.missing);
  return json_response(200, part.render(q, {}));
}

std::string part_location(Ctx& ctx, const char* part, std::int64_t id) {
  return "/contacts/" + std::to_string(ctx.param("contact_id")) + "/" + part + "/" + std::to_string(id);
}

Response list_emails(Ctx& ctx) { return list_part(ctx, kEmails); }
Response get_email(Ctx& ctx) { return get_part(ctx, kEmails); }
Response list_phones(Ctx& ctx) { return list_part(ctx, kPhones); }
Response get_phone(Ctx& ctx) { return get_part(ctx, kPhones); }

Response create_email(Ctx& ctx) {
  auto pk = contact_pk(ctx, ctx.param("contact_id"));
  auto body = body_object(ctx.req);
  auto id = add_email(ctx, pk, required_string(body, "email", 254), optional_bool(body, "is_primary").value_or(false));
  touch_contact(ctx, pk);
  return created(part_location(ctx, "emails", id));
}

Response update_email(Ctx& ctx) {
  auto pk = contact_pk(ctx, ctx.param("contact_id"));
  auto body = body_object(ctx.req);
  set_email(ctx, pk, ctx.param("id"), optional_string(body, "email", 254), optional_bool(body, "is_primary"));
  touch_contact(ctx, pk);
  return no_content();
}

Response remove_email(Ctx& ctx) {
  auto pk = contact_pk(ctx, ctx.param("contact_id"));
  delete_email(ctx, pk, ctx.param("id"));
  touch_contact(ctx, pk);
  return no_content();
}

Response create_phone(Ctx& ctx) {
  auto pk = contact_pk(ctx, ctx.param("contact_id"));
  auto id = add_phone(ctx, pk, body_object(ctx.req));
  touch_contact(ctx, pk);
  return created(part_location(ctx, "phones", id));
}

Response update_phone(Ctx& ctx) {
  auto pk = contact_pk(ctx, ctx.param("contact_id"));
  set_phone(ctx, pk, ctx.param("id"), body_object(ctx.req));
  touch_contact(ctx, pk);
  return no_content();
}

Response remove_phone(Ctx& ctx) {
  auto pk = contact_pk(ctx, ctx.param("contact_id"));
  ctx.db.query("DELETE FROM phones WHERE account_pk = ? AND id = ? AND contact_pk = ?")
      .bind(1, ctx.account).bind(2, ctx.param("id")).bind(3, pk).run();
  require_changed(ctx, "Phone not found.");
  touch_contact(ctx, pk);
  return no_content();
}

}  // namespace

std::vector<Route> contact_part_routes() {
  return {
      {"GET", "/contacts/{contact_id}/emails", list_emails},
      {"POST", "/contacts/{contact_id}/emails", create_email},
      {"GET", "/contacts/{contact_id}/emails/{id}", get_email},
      {"PUT", "/contacts/{contact_id}/emails/{id}", update_email},
      {"DELETE", "/contacts/{contact_id}/emails/{id}", remove_email},
      {"GET", "/contacts/{contact_id}/phones", list_phones},
      {"POST", "/contacts/{contact_id}/phones", create_phone},
      {"GET", "/contacts/{contact_id}/phones/{id}", get_phone},
      {"PUT", "/contacts/{contact_id}/phones/{id}", update_phone},
      {"DELETE", "/contacts/{contact_id}/phones/{id}", remove_phone},
  };
}

}  // namespace cats_mcp::sandbox
