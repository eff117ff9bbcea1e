#pragma once
// The CATS rules for changing a contact and its parts, shared by the HTTP handlers, the demo
// data and the bulk generator: required fields and references, exactly one primary email,
// phone numbers with a country code, custom-field values that fit their definition.
#include "sandbox/api.hpp"

namespace cats_mcp::sandbox {

// Creates a contact from a CATS create body (emails, phones and custom_fields included);
// returns its pk. Throws ApiError on any rule broken.
std::int64_t create_contact(Ctx& ctx, const json::object& body);
// Applies the fields present in a PUT body; absent fields keep their values.
void update_contact(Ctx& ctx, std::int64_t pk, const json::object& body);
// 409 when a contact with the same name and a shared email (or no email on either) exists.
void refuse_duplicate(Ctx& ctx, const json::object& body);

std::int64_t add_email(Ctx& ctx, std::int64_t contact_pk, const std::string& email, bool make_primary);
void set_email(Ctx& ctx, std::int64_t contact_pk, std::int64_t email_id, const std::optional<std::string>& email,
               std::optional<bool> is_primary);
void delete_email(Ctx& ctx, std::int64_t contact_pk, std::int64_t email_id);

std::int64_t add_phone(Ctx& ctx, std::int64_t contact_pk, const json::object& phone);
void set_phone(Ctx& ctx, std::int64_t contact_pk, std::int64_t phone_id, const json::object& changes);

// Stores a custom-field value after checking it against the definition (null clears it).
void set_field_value(Ctx& ctx, std::int64_t contact_pk, std::int64_t field_id, const json::value& value);

// Marks the contact modified and refreshes its search row.
void touch_contact(Ctx& ctx, std::int64_t contact_pk);

}  // namespace cats_mcp::sandbox
