// /contacts, /contacts/{id}, /contacts/{id}/status
#include "sandbox/contact_writes.hpp"
#include "sandbox/records.hpp"
#include "sandbox/router.hpp"

#include <map>

namespace cats_mcp::sandbox {
namespace {

std::string contact_location(Ctx& ctx, std::int64_t pk) {
  auto q = ctx.db.query("SELECT id FROM contacts WHERE pk = ?");
  q.bind(1, pk);
  q.step();
  return "/contacts/" + std::to_string(q.integer(0));
}

Response list_contacts(Ctx& ctx) {
  auto paging = read_paging(ctx.req);
  std::vector<std::int64_t> pks;
  {
    auto q = ctx.db.query("SELECT pk FROM contacts WHERE account_pk = ? ORDER BY id LIMIT ? OFFSET ?");
    q.bind(1, ctx.account).bind(2, paging.per_page).bind(3, paging.offset());
    while (q.step()) pks.push_back(q.integer(0));
  }
  auto count = ctx.db.query("SELECT count(*) FROM contacts WHERE account_pk = ?");
  count.bind(1, ctx.account);
  count.step();
  auto arena = response_arena();  // travels with the page's document, freed with it
  json::array items(arena);
  for (auto pk : pks) items.push_back(render_contact(ctx.store, pk, arena));
  return collection(ctx, "contacts", std::move(items), count.integer(0), paging);
}

Response create(Ctx& ctx) {
  auto body = body_object(ctx.req);
  if (query_flag(ctx.req, "check_duplicate")) refuse_duplicate(ctx, body);
  auto pk = create_contact(ctx, body);
  return created(contact_location(ctx, pk));
}

Response get(Ctx& ctx) {
  // The record is built in one arena, which travels with the document and is freed with it.
  return json_response(200, render_contact(ctx.store, contact_pk(ctx, ctx.param("id")), response_arena()));
}

Response update(Ctx& ctx) {
  auto pk = contact_pk(ctx, ctx.param("id"));
  update_contact(ctx, pk, body_object(ctx.req));
  return no_content();
}

Response remove(Ctx& ctx) {
  auto pk = contact_pk(ctx, ctx.param("id"));
  ctx.store.unindex_contact(pk);
  // Emails, phones, tags, list items, values, activities, attachments and tasks go with it (ON DELETE CASCADE).
  ctx.db.query("DELETE FROM contacts WHERE pk = ?").bind(1, pk).run();
  return no_content();
}

// POST /contacts/{id}/status {status_id, triggers?} ?create_activity=
Response change_status(Ctx& ctx) {
  auto pk = contact_pk(ctx, ctx.param("id"));
  auto body = body_object(ctx.req);
  bool log_activity = query_flag(ctx.req, "create_activity");
  auto status_id = required_id(body, "status_id");
  auto s = ctx.db.query("SELECT pk, title FROM statuses WHERE account_pk = ? AND id = ?");
  s.bind(1, ctx.account).bind(2, status_id);
  if (!s.step()) throw ApiError(400, "status_id " + std::to_string(status_id) + " does not exist.");
  std::int64_t status_pk = s.integer(0);
  std::string title = s.text(1);

  // The status's triggers: id -> (name, required, on by default).
  struct Trigger { std::string name; bool required; bool default_on; };
  std::map<std::int64_t, Trigger> triggers;
  {
    auto t = ctx.db.query("SELECT id, name, is_required, default_on FROM status_triggers WHERE status_pk = ?");
    t.bind(1, status_pk);
    while (t.step()) triggers[t.integer(0)] = {t.text(1), t.integer(2) != 0, t.integer(3) != 0};
  }
  std::vector<std::string> fired;
  if (auto given = body.if_contains("triggers"); given && !given->is_null()) {
    // With `triggers`, every trigger of the status must be listed, and nothing is assumed.
    if (!given->is_array()) throw ApiError(400, "triggers must be an array of {id, fire}.");
    std::map<std::int64_t, bool> decisions;
    for (const auto& item : given->get_array()) {
      if (!item.is_object()) throw ApiError(400, "triggers must be an array of {id, fire}.");
      auto id = required_id(item.get_object(), "id");
      auto fire = optional_bool(item.get_object(), "fire");
      if (!fire) throw ApiError(400, "Each trigger needs fire: true or false.");
      if (!triggers.count(id)) throw ApiError(400, "Trigger " + std::to_string(id) + " is not attached to status " + std::to_string(status_id) + ".");
      decisions[id] = *fire;
    }
    if (decisions.size() != triggers.size()) {
      std::string all;
      for (const auto& [id, _] : triggers) all += (all.empty() ? "" : ", ") + std::to_string(id);
      throw ApiError(400, "triggers must list every trigger of status " + std::to_string(status_id) + ": " + all + ".");
    }
    for (const auto& [id, fire] : decisions)
      if (fire) fired.push_back(triggers[id].name);
  } else {
    for (const auto& [id, t] : triggers)
      if (t.required || t.default_on) fired.push_back(t.name);
  }

  ctx.db.query("UPDATE contacts SET status_id = ? WHERE pk = ?").bind(1, status_id).bind(2, pk).run();
  touch_contact(ctx, pk);
  if (log_activity) {
    std::string notes = "Status changed to " + title + ".";
    if (!fired.empty()) {
      notes += " Triggers fired:";
      for (const auto& f : fired) notes += " " + f + ";";
      notes.back() = '.';
    }
    auto now = now_rfc3339();
    ctx.db.query("INSERT INTO activities (account_pk, id, contact_pk, type, date, notes, entered_by_id, date_created, "
                 "date_modified) VALUES (?, ?, ?, 'other', ?, ?, (SELECT owner_id FROM contacts WHERE pk = ?), ?, ?)")
        .bind(1, ctx.account).bind(2, ctx.store.next_id(ctx.account, "activities")).bind(3, pk).bind(4, now)
        .bind(5, notes).bind(6, pk).bind(7, now).bind(8, now).run();
  }
  return no_content();
}

}  // namespace

std::vector<Route> contact_routes() {
  return {
      {"GET", "/contacts", list_contacts},
      {"POST", "/contacts", create},
      {"GET", "/contacts/{id}", get},
      {"PUT", "/contacts/{id}", update},
      {"DELETE", "/contacts/{id}", remove},
      {"POST", "/contacts/{id}/status", change_status},
  };
}

}  // namespace cats_mcp::sandbox
