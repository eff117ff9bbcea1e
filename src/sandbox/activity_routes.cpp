// /contacts/{id}/activities, /activities/{id}, /contacts/{id}/tasks, /contacts/statuses[/{id}]
#include "cats/contact_rules.hpp"
#include "sandbox/contact_writes.hpp"
#include "sandbox/records.hpp"
#include "sandbox/router.hpp"

#include <array>
#include <regex>

namespace cats_mcp::sandbox {
namespace {

bool rfc3339(const std::string& s) {
  static const std::regex pattern(R"(^\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})?$)");
  return std::regex_match(s, pattern);
}

Response list_activities(Ctx& ctx) {
  static const std::string select = std::string("SELECT ") + kActivityColumns +
                                    " FROM activities a WHERE a.contact_pk = ? ORDER BY a.date DESC, a.id DESC LIMIT ? OFFSET ?";
  return list_page(ctx, "activities", select, "SELECT count(*) FROM activities WHERE contact_pk = ?",
                   {contact_pk(ctx, ctx.param("id"))}, render_activity);
}

Response create_activity(Ctx& ctx) {
  auto pk = contact_pk(ctx, ctx.param("id"));
  auto body = body_object(ctx.req);
  auto type = required_string(body, "type", 32);
  if (std::find(cats::kActivityTypes.begin(), cats::kActivityTypes.end(), type) == cats::kActivityTypes.end())
    throw ApiError(400, "type must be one of " + cats::listed(cats::kActivityTypes) + ".");
  auto now = now_rfc3339();
  auto date = optional_string(body, "date", 64).value_or(now);  // defaults to now
  if (!rfc3339(date)) throw ApiError(400, "date must be a date and time like 2026-11-26T09:30:00+00:00.");
  auto id = ctx.store.next_id(ctx.account, "activities");
  ctx.db.query("INSERT INTO activities (account_pk, id, contact_pk, type, date, regarding_id, notes, entered_by_id, "
               "date_created, date_modified) VALUES (?, ?, ?, ?, ?, ?, ?, (SELECT owner_id FROM contacts WHERE pk = ?), ?, ?)")
      .bind(1, ctx.account).bind(2, id).bind(3, pk).bind(4, type).bind(5, date).bind(6, optional_id(body, "regarding_id"))
      .bind(7, optional_string(body, "notes", 100000).value_or("")).bind(8, pk).bind(9, now).bind(10, now).run();
  return created("/activities/" + std::to_string(id));
}

Response get_activity(Ctx& ctx) {
  auto q = ctx.db.query(std::string("SELECT ") + kActivityColumns + " FROM activities a WHERE a.account_pk = ? AND a.id = ?");
  q.bind(1, ctx.account).bind(2, ctx.param("id"));
  if (!q.step()) throw ApiError(404, "Activity not found.");
  return json_response(200, render_activity(q));
}

Response list_tasks(Ctx& ctx) {
  return list_page(
      ctx, "tasks",
      "SELECT id, entered_by_id, assigned_to_id, description, priority, date_due, is_completed, date_completed, "
      "date_created, date_updated FROM tasks WHERE contact_pk = ? ORDER BY id LIMIT ? OFFSET ?",
      "SELECT count(*) FROM tasks WHERE contact_pk = ?", {contact_pk(ctx, ctx.param("id"))}, [&](Query& q) {
        auto nullable = [&](int col) { return q.is_null(col) ? json::value(nullptr) : json::value(q.text(col)); };
        return json::object{{"id", q.integer(0)},
                            {"data_item", {{"id", ctx.param("id")}, {"type", "contact"}}},
                            {"entered_by_id", q.integer(1)},
                            {"assigned_to_id", q.integer(2)},
                            {"description", q.text(3)},
                            {"priority", q.integer(4)},
                            {"date_due", nullable(5)},
                            {"is_completed", q.integer(6) != 0},
                            {"date_completed", nullable(7)},
                            {"date_created", q.text(8)},
                            {"date_updated", q.text(9)},
                            {"_links", links({{"self", "/tasks/" + std::to_string(q.integer(0))}})}};
      });
}

Response list_statuses(Ctx& ctx) {
  auto paging = read_paging(ctx.req);
  std::vector<std::int64_t> pks;
  {
    auto q = ctx.db.query("SELECT pk FROM statuses WHERE account_pk = ? ORDER BY id LIMIT ? OFFSET ?");
    q.bind(1, ctx.account).bind(2, paging.per_page).bind(3, paging.offset());
    while (q.step()) pks.push_back(q.integer(0));
  }
  json::array items;
  for (auto pk : pks) items.push_back(render_status(ctx.db, pk));
  auto count = ctx.db.query("SELECT count(*) FROM statuses WHERE account_pk = ?");
  count.bind(1, ctx.account);
  count.step();
  return collection(ctx, "statuses", std::move(items), count.integer(0), paging);
}

Response get_status(Ctx& ctx) {
  return json_response(200, render_status(ctx.db, require_pk(ctx, "statuses", ctx.param("id"), 404, "Status not found.")));
}

}  // namespace

std::vector<Route> activity_routes() {
  return {
      {"GET", "/contacts/{id}/activities", list_activities},
      {"POST", "/contacts/{id}/activities", create_activity},
      {"GET", "/activities/{id}", get_activity},
      {"GET", "/contacts/{id}/tasks", list_tasks},
      {"GET", "/contacts/statuses", list_statuses},
      {"GET", "/contacts/statuses/{id}", get_status},
  };
}

}  // namespace cats_mcp::sandbox
