// What is logged on or attached to a contact: activities, attachments and the thumbnail made
// from one, tasks.
#include "cats/contact_rules.hpp"
#include "tools/catalog/builders.hpp"
#include "tools/catalog/families.hpp"

#include <array>

namespace cats_mcp::tools::catalog_entries {
namespace {

constexpr std::size_t kBase64Of20MiB = (cats::kMaxAttachmentBytes + 2) / 3 * 4;

}  // namespace

std::vector<Tool> activity_tools() {
  return {
      {"cats_contacts_create_a_contact_activity", "Log an activity on a contact",
       "Logs an activity (email, meeting, call, text...) on a contact. date defaults to now. Returns {id, location} "
       "of the new activity.",
       "POST", "/contacts/{id}/activities", Safety::create, ResultKind::created,
       {id_in_path("id", "The ID of the contact to create an activity for."),
        text("date", false, "When the activity took place, RFC 3339 (e.g. 2026-11-26T09:30:00+00:00). Defaults to now.", 64),
        text("notes", false, "Notes about the activity.", kLongText),
        id_in_body("regarding_id", false, "The ID of the job order this activity is about. Omit for a general activity."),
        one_of("type", true, cats::kActivityTypes,
               "One of email, meeting, call_talked, call_lvm, call_missed, text_message or other.")}},

      list_tool("cats_contacts_list_contact_activities", "List a contact's activities",
                "Lists the activities logged on a contact (calls, emails, meetings, status changes).",
                "/contacts/{id}/activities", {id_in_path("id", "The ID of the contact.")}),

      list_tool("cats_contacts_list_contact_attachments", "List a contact's attachments",
                "Lists a contact's attachments: {id, filename, size, ...}.",
                "/contacts/{id}/attachments", {id_in_path("id", "The ID of the contact.")}),

      {"cats_contacts_upload_a_contact_attachment", "Upload an attachment to a contact",
       "Uploads a file (up to 20 MB) to a contact: pass its name in filename and its bytes, base64-encoded, in "
       "content_base64. Returns {id, location} of the new attachment.",
       "POST", "/contacts/{id}/attachments", Safety::create, ResultKind::created,
       {id_in_path("id", "The ID of the contact."),
        {.name = "filename", .type = JsonType::string, .required = true, .place = Place::query,
         .description = "The file's name, e.g. resume.pdf (no folders).", .min_length = 1, .max_length = 255},
        {.name = "content_base64", .type = JsonType::string, .required = false, .place = Place::raw_body,
         .description = "The file's bytes, base64-encoded (at most 20 MB decoded).", .max_length = kBase64Of20MiB,
         .needed_hint = "pass the file's bytes, base64-encoded, in `content_base64`"}}},

      {"cats_contacts_change_a_contact_thumbnail", "Change a contact's thumbnail",
       "Sets where a contact's picture comes from: one of the contact's attachments, Gravatar (from the primary "
       "email), or none. Returns {ok: true}.",
       "PUT", "/contacts/{id}/thumbnail", Safety::update, ResultKind::no_content,
       {id_in_path("id", "The ID of the contact to change the thumbnail of."),
        id_in_body("attachment_id", false,
                   "Required when source is attachment: an attachment of this contact "
                   "(see cats_contacts_list_contact_attachments)."),
        one_of("source", false, cats::kThumbnailSources, "One of attachment, gravatar, or disabled.")},
       {{"source", "attachment", "attachment_id"}}},

      record_tool("cats_contacts_get_a_contact_thumbnail", "Get a contact's thumbnail",
                  "Returns where a contact's picture comes from: {source, attachment_id, url}.",
                  "/contacts/{id}/thumbnail", {id_in_path("id", "The ID of the contact.")}),

      list_tool("cats_contacts_list_contact_tasks", "List a contact's tasks",
                "Lists the tasks linked to a contact.",
                "/contacts/{id}/tasks", {id_in_path("id", "The ID of the contact.")}),
  };
}

}  // namespace cats_mcp::tools::catalog_entries
