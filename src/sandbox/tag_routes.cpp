// /tags, /tags/{id}, /contacts/{contact_id}/tags[/{tag_id}]
#include "sandbox/contact_writes.hpp"
#include "sandbox/records.hpp"
#include "sandbox/router.hpp"

#include <set>

namespace cats_mcp::sandbox {
namespace {

constexpr const char* kTagColumns = "t.id, t.parent_id, t.title";

// The tag pks named by a {"tags": [{"id": n}, ...]} body; 400 for an unknown tag.
std::vector<std::int64_t> tag_pks(Ctx& ctx) {
  auto body = body_object(ctx.req);
  auto tags = body.if_contains("tags");
  if (!tags || !tags->is_array()) throw ApiError(400, "tags is required: an array of {\"id\": <tag id>}.");
  std::vector<std::int64_t> pks;
  for (const auto& t : tags->get_array()) {
    if (!t.is_object()) throw ApiError(400, "Each tag must be an object {\"id\": <tag id>}.");
    auto id = required_id(t.get_object(), "id");
    pks.push_back(require_pk(ctx, "tags", id, 400, "Tag " + std::to_string(id) + " does not exist."));
  }
  return pks;
}

void attach(Ctx& ctx, std::int64_t contact, const std::vector<std::int64_t>& tags) {
  for (auto tag : tags)
    ctx.db.query("INSERT OR IGNORE INTO contact_tags (contact_pk, tag_pk) VALUES (?, ?)").bind(1, contact).bind(2, tag).run();
}

Response list_all_tags(Ctx& ctx) {
  static const std::string select =
      std::string("SELECT ") + kTagColumns + " FROM tags t WHERE t.account_pk = ? ORDER BY t.id LIMIT ? OFFSET ?";
  return list_page(ctx, "tags", select, "SELECT count(*) FROM tags WHERE account_pk = ?", {ctx.account}, render_tag);
}

Response get_tag(Ctx& ctx) {
  auto q = ctx.db.query(std::string("SELECT ") + kTagColumns + " FROM tags t WHERE t.account_pk = ? AND t.id = ?");
  q.bind(1, ctx.account).bind(2, ctx.param("id"));
  if (!q.step()) throw ApiError(404, "Tag not found.");
  return json_response(200, render_tag(q));
}

Response list_contact_tags(Ctx& ctx) {
  static const std::string select = std::string("SELECT ") + kTagColumns +
                                    " FROM contact_tags ct JOIN tags t ON t.pk = ct.tag_pk WHERE ct.contact_pk = ? "
                                    "ORDER BY t.id LIMIT ? OFFSET ?";
  return list_page(ctx, "tags", select, "SELECT count(*) FROM contact_tags WHERE contact_pk = ?", {contact_pk(ctx, ctx.param("contact_id"))},
                   render_tag);
}

// PUT: attach, keeping the tags already there.
Response attach_tags(Ctx& ctx) {
  auto pk = contact_pk(ctx, ctx.param("contact_id"));
  attach(ctx, pk, tag_pks(ctx));
  touch_contact(ctx, pk);
  return no_content();
}

// POST: replace the whole set; an empty array removes every tag.
Response replace_tags(Ctx& ctx) {
  auto pk = contact_pk(ctx, ctx.param("contact_id"));
  auto tags = tag_pks(ctx);
  ctx.db.query("DELETE FROM contact_tags WHERE contact_pk = ?").bind(1, pk).run();
  attach(ctx, pk, tags);
  touch_contact(ctx, pk);
  return no_content();
}

Response detach_tag(Ctx& ctx) {
  auto pk = contact_pk(ctx, ctx.param("contact_id"));
  ctx.db.query("DELETE FROM contact_tags WHERE contact_pk = ? AND tag_pk = (SELECT pk FROM tags WHERE account_pk = ? AND id = ?)")
      .bind(1, pk).bind(2, ctx.account).bind(3, ctx.param("tag_id")).run();
  require_changed(ctx, "Tag " + std::to_string(ctx.param("tag_id")) + " is not attached to this contact.");
  touch_contact(ctx, pk);
  return no_content();
}

}  // namespace

std::vector<Route> tag_routes() {
  return {
      {"GET", "/tags", list_all_tags},
      {"GET", "/tags/{id}", get_tag},
      {"GET", "/contacts/{contact_id}/tags", list_contact_tags},
      {"PUT", "/contacts/{contact_id}/tags", attach_tags},
      {"POST", "/contacts/{contact_id}/tags", replace_tags},
      {"DELETE", "/contacts/{contact_id}/tags/{tag_id}", detach_tag},
  };
}

}  // namespace cats_mcp::sandbox
