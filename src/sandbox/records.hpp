#pragma once
// How the sandbox renders its rows as CATS v3 HAL records (cats-api-v3.md section 2): the
// contact with its fixed-slot emails/phones and embedded parts, and each sub-record.
#include "sandbox/api.hpp"

namespace cats_mcp::sandbox {

// `sp` is where the record's JSON lives: a response's arena (response_arena()), so building and
// freeing the tree costs no per-node allocation, or {} for the default allocator. It must own
// its memory if the record leaves the handler (api.hpp).
json::object render_contact(Store& store, std::int64_t contact_pk, json::storage_ptr sp);
json::object render_email(Query& row, json::storage_ptr sp);  // columns: id, email, is_primary, date_created, date_modified, contact_id
json::object render_phone(Query& row, json::storage_ptr sp);  // columns: id, number, extension, type, date_created, date_modified, contact_id
json::object render_status(Db& db, std::int64_t status_pk);
json::object render_custom_field(Query& row); // columns: id, name, comment, type, options
json::object render_activity(Query& row);     // columns: id, contact_id, type, date, regarding_id, notes, annotation, entered_by_id, date_created, date_modified
json::object render_attachment(Query& row);   // columns: id, contact_id, filename, content_type, size, date_created
json::object render_tag(Query& row);          // columns: id, parent_id, title
json::value parse_json_text(const std::string& text);

// "245 KB", as CATS reports attachment sizes.
std::string human_size(std::int64_t bytes);

inline constexpr const char* kEmailColumns =
    "e.id, e.email, e.is_primary, e.date_created, e.date_modified, (SELECT id FROM contacts WHERE pk = e.contact_pk)";
inline constexpr const char* kPhoneColumns =
    "p.id, p.number, p.extension, p.type, p.date_created, p.date_modified, (SELECT id FROM contacts WHERE pk = p.contact_pk)";
inline constexpr const char* kActivityColumns =
    "a.id, (SELECT id FROM contacts WHERE pk = a.contact_pk), a.type, a.date, a.regarding_id, a.notes, a.annotation, "
    "a.entered_by_id, a.date_created, a.date_modified";
inline constexpr const char* kAttachmentColumns =
    "t.id, (SELECT id FROM contacts WHERE pk = t.contact_pk), t.filename, t.content_type, t.size, t.date_created";

}  // namespace cats_mcp::sandbox
