// /contacts/{id}/attachments, /attachments/{id}[/download], /contacts/{id}/thumbnail
#include "cats/contact_rules.hpp"
#include "sandbox/contact_writes.hpp"
#include "sandbox/records.hpp"
#include "sandbox/router.hpp"
#include "util/sha256.hpp"

#include <algorithm>
#include <cctype>

namespace cats_mcp::sandbox {
namespace {

// A file name, not a path: no folders, no "..", no control characters.
std::string checked_filename(std::optional<std::string_view> name) {
  if (!name || name->empty()) throw ApiError(400, "filename is required.");
  std::string_view n = *name;
  bool bad = n.size() > 255 || n == "." || n.find("..") != std::string_view::npos ||
             n.find_first_of("/\\") != std::string_view::npos ||
             std::any_of(n.begin(), n.end(), [](unsigned char c) { return c < 0x20 || c == 0x7f; });
  if (bad) throw ApiError(400, "filename must be a plain file name: no folders, no \"..\", no control characters.");
  return std::string(n);
}

std::string content_type_for(std::string_view filename, std::optional<std::string_view> sent) {
  static const std::pair<std::string_view, std::string_view> kTypes[] = {
      {".pdf", "application/pdf"}, {".txt", "text/plain"}, {".csv", "text/csv"}, {".rtf", "application/rtf"},
      {".doc", "application/msword"},
      {".docx", "application/vnd.openxmlformats-officedocument.wordprocessingml.document"},
      {".odt", "application/vnd.oasis.opendocument.text"}, {".png", "image/png"}, {".jpg", "image/jpeg"},
      {".jpeg", "image/jpeg"}, {".gif", "image/gif"}, {".webp", "image/webp"}};
  std::string lower(filename);
  for (auto& c : lower) c = char(std::tolower(static_cast<unsigned char>(c)));
  for (const auto& [ext, type] : kTypes)
    if (lower.ends_with(ext)) return std::string(type);
  if (sent && !sent->empty() && *sent != "application/octet-stream") return std::string(*sent);
  return "application/octet-stream";
}

Response upload(Ctx& ctx) {
  auto pk = contact_pk(ctx, ctx.param("id"));
  auto sent_type = ctx.req.header("content-type");
  if (sent_type && sent_type->starts_with("multipart/")) throw ApiError(415, "Unsupported Content-Type.");
  auto filename = checked_filename(ctx.req.query_param("filename"));
  if (ctx.req.body.empty()) throw ApiError(400, "The file is empty: send its bytes as the request body.");
  if (ctx.req.body.size() > ctx.limits.max_upload_bytes)
    throw ApiError(413, "The file is larger than the limit of " + human_size(std::int64_t(ctx.limits.max_upload_bytes)) + ".");
  auto id = ctx.store.next_id(ctx.account, "attachments");
  ctx.db.query("INSERT INTO attachments (account_pk, id, contact_pk, filename, content_type, size, content, date_created) "
               "VALUES (?, ?, ?, ?, ?, ?, ?, ?)")
      .bind(1, ctx.account).bind(2, id).bind(3, pk).bind(4, filename).bind(5, content_type_for(filename, sent_type))
      .bind(6, std::int64_t(ctx.req.body.size())).bind_blob(7, ctx.req.body).bind(8, now_rfc3339()).run();
  return created("/attachments/" + std::to_string(id));
}

Response list_attachments(Ctx& ctx) {
  static const std::string select = std::string("SELECT ") + kAttachmentColumns +
                                    " FROM attachments t WHERE t.contact_pk = ? ORDER BY t.id LIMIT ? OFFSET ?";
  return list_page(ctx, "attachments", select, "SELECT count(*) FROM attachments WHERE contact_pk = ?",
                   {contact_pk(ctx, ctx.param("id"))}, render_attachment);
}

Response get_attachment(Ctx& ctx) {
  auto q = ctx.db.query(std::string("SELECT ") + kAttachmentColumns + " FROM attachments t WHERE t.account_pk = ? AND t.id = ?");
  q.bind(1, ctx.account).bind(2, ctx.param("id"));
  if (!q.step()) throw ApiError(404, "Attachment not found.");
  return json_response(200, render_attachment(q));
}

Response download(Ctx& ctx) {
  auto q = ctx.db.query("SELECT filename, content_type, content FROM attachments WHERE account_pk = ? AND id = ?");
  q.bind(1, ctx.account).bind(2, ctx.param("id"));
  if (!q.step()) throw ApiError(404, "Attachment not found.");
  return {200, {{"Content-Type", q.text(1)}, {"Content-Disposition", "attachment; filename=\"" + q.text(0) + "\""}}, q.blob(2)};
}

Response delete_attachment(Ctx& ctx) {
  ctx.db.query("UPDATE contacts SET thumbnail_source = 'disabled', thumbnail_attachment_id = NULL "
               "WHERE account_pk = ? AND thumbnail_attachment_id = ?")
      .bind(1, ctx.account).bind(2, ctx.param("id")).run();
  ctx.db.query("DELETE FROM attachments WHERE account_pk = ? AND id = ?").bind(1, ctx.account).bind(2, ctx.param("id")).run();
  require_changed(ctx, "Attachment not found.");
  return no_content();
}

std::optional<std::string> primary_email(Ctx& ctx, std::int64_t pk) {
  auto q = ctx.db.query("SELECT email FROM emails WHERE contact_pk = ? AND is_primary = 1");
  q.bind(1, pk);
  if (!q.step()) return std::nullopt;
  return q.text(0);
}

Response get_thumbnail(Ctx& ctx) {
  auto pk = contact_pk(ctx, ctx.param("id"));
  auto q = ctx.db.query("SELECT thumbnail_source, thumbnail_attachment_id FROM contacts WHERE pk = ?");
  q.bind(1, pk);
  q.step();
  std::string source = q.text(0);
  auto attachment = q.optional_integer(1);
  json::value url = nullptr;
  if (source == "attachment" && attachment) {
    url = "/attachments/" + std::to_string(*attachment) + "/download";
  } else if (source == "gravatar") {
    // Gravatar takes the SHA-256 of the trimmed, lower-cased primary email.
    if (auto email = primary_email(ctx, pk)) {
      std::string key = *email;
      for (auto& c : key) c = char(std::tolower(static_cast<unsigned char>(c)));
      url = "https://www.gravatar.com/avatar/" + sha256_hex(key) + "?d=identicon";
    }
  }
  return json_response(200, json::object{{"source", source},
                                         {"attachment_id", attachment ? json::value(*attachment) : json::value(nullptr)},
                                         {"url", url},
                                         {"_links", links({{"self", "/contacts/" + std::to_string(ctx.param("id")) + "/thumbnail"}})}});
}

Response set_thumbnail(Ctx& ctx) {
  auto pk = contact_pk(ctx, ctx.param("id"));
  auto body = body_object(ctx.req);
  auto source = required_string(body, "source", 32);
  std::optional<std::int64_t> attachment;
  if (source == "attachment") {
    attachment = optional_id(body, "attachment_id");
    if (!attachment) throw ApiError(400, "attachment_id is required when source is attachment.");
    auto q = ctx.db.query("SELECT 1 FROM attachments WHERE account_pk = ? AND id = ? AND contact_pk = ?");
    q.bind(1, ctx.account).bind(2, *attachment).bind(3, pk);
    if (!q.step()) throw ApiError(400, "Attachment " + std::to_string(*attachment) + " does not belong to this contact.");
  } else if (std::find(cats::kThumbnailSources.begin(), cats::kThumbnailSources.end(), source) ==
             cats::kThumbnailSources.end()) {
    throw ApiError(400, "source must be one of " + cats::listed(cats::kThumbnailSources) + ".");
  }
  ctx.db.query("UPDATE contacts SET thumbnail_source = ?, thumbnail_attachment_id = ? WHERE pk = ?")
      .bind(1, source).bind(2, attachment).bind(3, pk).run();
  touch_contact(ctx, pk);
  return no_content();
}

}  // namespace

std::vector<Route> attachment_routes() {
  return {
      {"POST", "/contacts/{id}/attachments", upload},
      {"GET", "/contacts/{id}/attachments", list_attachments},
      {"GET", "/attachments/{id}", get_attachment},
      {"GET", "/attachments/{id}/download", download},
      {"DELETE", "/attachments/{id}", delete_attachment},
      {"GET", "/contacts/{id}/thumbnail", get_thumbnail},
      {"PUT", "/contacts/{id}/thumbnail", set_thumbnail},
  };
}

}  // namespace cats_mcp::sandbox
