// /contacts/lists[/{id}], /contacts/lists/{id}/items, /contacts/lists/{list_id}/items/{item_id}
#include "sandbox/records.hpp"
#include "sandbox/router.hpp"

namespace cats_mcp::sandbox {
namespace {

json::object render_list(Query& q) {  // columns: id, name, notes, date_created, date_modified
  auto self = "/contacts/lists/" + std::to_string(q.integer(0));
  return {{"id", q.integer(0)}, {"name", q.text(1)}, {"notes", q.text(2)}, {"date_created", q.text(3)},
          {"date_modified", q.text(4)}, {"_links", links({{"self", self}, {"items", self + "/items"}})}};
}

json::object render_item(Query& q, std::int64_t list_id) {  // columns: id, contact_id, date_created
  auto self = "/contacts/lists/" + std::to_string(list_id) + "/items/" + std::to_string(q.integer(0));
  return {{"id", q.integer(0)}, {"contact_id", q.integer(1)}, {"date_created", q.text(2)},
          {"_links", links({{"self", self}, {"contact", "/contacts/" + std::to_string(q.integer(1))}})}};
}

std::int64_t list_pk(Ctx& ctx, std::int64_t id) { return require_pk(ctx, "lists", id, 404, "List not found."); }

Response list_lists(Ctx& ctx) {
  return list_page(ctx, "lists",
                   "SELECT id, name, notes, date_created, date_modified FROM lists WHERE account_pk = ? ORDER BY id LIMIT ? OFFSET ?",
                   "SELECT count(*) FROM lists WHERE account_pk = ?", {ctx.account}, render_list);
}

Response create_list(Ctx& ctx) {
  auto body = body_object(ctx.req);
  auto name = required_string(body, "name", 255);
  auto notes = optional_string(body, "notes", 100000).value_or("");
  auto id = ctx.store.next_id(ctx.account, "lists");
  auto now = now_rfc3339();
  ctx.db.query("INSERT INTO lists (account_pk, id, name, notes, date_created, date_modified) VALUES (?, ?, ?, ?, ?, ?)")
      .bind(1, ctx.account).bind(2, id).bind(3, name).bind(4, notes).bind(5, now).bind(6, now).run();
  return created("/contacts/lists/" + std::to_string(id));
}

Response get_list(Ctx& ctx) {
  auto q = ctx.db.query("SELECT id, name, notes, date_created, date_modified FROM lists WHERE account_pk = ? AND id = ?");
  q.bind(1, ctx.account).bind(2, ctx.param("id"));
  if (!q.step()) throw ApiError(404, "List not found.");
  return json_response(200, render_list(q));
}

Response delete_list(Ctx& ctx) {
  ctx.db.query("DELETE FROM lists WHERE pk = ?").bind(1, list_pk(ctx, ctx.param("id"))).run();
  return no_content();
}

Response list_items(Ctx& ctx) {
  return list_page(ctx, "items",
                   "SELECT i.id, c.id, i.date_created FROM list_items i JOIN contacts c ON c.pk = i.contact_pk "
                   "WHERE i.list_pk = ? ORDER BY i.id LIMIT ? OFFSET ?",
                   "SELECT count(*) FROM list_items WHERE list_pk = ?", {list_pk(ctx, ctx.param("id"))},
                   [&](Query& q) { return render_item(q, ctx.param("id")); });
}

// POST {"items": [{"contact_id": n}, ...]}: a contact already on the list keeps its one item.
// Location names the first item created (or the existing item when nothing was new).
Response add_items(Ctx& ctx) {
  auto list = list_pk(ctx, ctx.param("id"));
  auto body = body_object(ctx.req);
  auto items = body.if_contains("items");
  if (!items || !items->is_array() || items->get_array().empty())
    throw ApiError(400, "items is required: an array of {\"contact_id\": <contact id>}.");
  std::optional<std::int64_t> first;
  for (const auto& item : items->get_array()) {
    if (!item.is_object()) throw ApiError(400, "Each item must be an object {\"contact_id\": <contact id>}.");
    auto contact_id = required_id(item.get_object(), "contact_id");
    auto contact = require_pk(ctx, "contacts", contact_id, 400, "Contact " + std::to_string(contact_id) + " does not exist.");
    auto existing = ctx.db.query("SELECT id FROM list_items WHERE list_pk = ? AND contact_pk = ?");
    existing.bind(1, list).bind(2, contact);
    std::int64_t item_id;
    if (existing.step()) {
      item_id = existing.integer(0);
    } else {
      item_id = ctx.store.next_id(ctx.account, "list_items");
      ctx.db.query("INSERT INTO list_items (account_pk, id, list_pk, contact_pk, date_created) VALUES (?, ?, ?, ?, ?)")
          .bind(1, ctx.account).bind(2, item_id).bind(3, list).bind(4, contact).bind(5, now_rfc3339()).run();
    }
    if (!first) first = item_id;
  }
  ctx.db.query("UPDATE lists SET date_modified = ? WHERE pk = ?").bind(1, now_rfc3339()).bind(2, list).run();
  return created("/contacts/lists/" + std::to_string(ctx.param("id")) + "/items/" + std::to_string(*first));
}

Response get_item(Ctx& ctx) {
  auto list = list_pk(ctx, ctx.param("list_id"));
  auto q = ctx.db.query("SELECT i.id, c.id, i.date_created, c.pk FROM list_items i JOIN contacts c ON c.pk = i.contact_pk "
                        "WHERE i.list_pk = ? AND i.id = ?");
  q.bind(1, list).bind(2, ctx.param("item_id"));
  if (!q.step()) throw ApiError(404, "List item not found.");
  auto item = render_item(q, ctx.param("list_id"));
  std::int64_t contact = q.integer(3);
  item["_embedded"] = json::object{{"contact", render_contact(ctx.store, contact, {})}};
  return json_response(200, item);
}

Response delete_item(Ctx& ctx) {
  auto list = list_pk(ctx, ctx.param("list_id"));
  ctx.db.query("DELETE FROM list_items WHERE list_pk = ? AND id = ?").bind(1, list).bind(2, ctx.param("item_id")).run();
  require_changed(ctx, "List item not found.");
  return no_content();
}

}  // namespace

std::vector<Route> list_routes() {
  return {
      {"GET", "/contacts/lists", list_lists},
      {"POST", "/contacts/lists", create_list},
      {"GET", "/contacts/lists/{id}", get_list},
      {"DELETE", "/contacts/lists/{id}", delete_list},
      {"GET", "/contacts/lists/{id}/items", list_items},
      {"POST", "/contacts/lists/{id}/items", add_items},
      {"GET", "/contacts/lists/{list_id}/items/{item_id}", get_item},
      {"DELETE", "/contacts/lists/{list_id}/items/{item_id}", delete_item},
  };
}

}  // namespace cats_mcp::sandbox
