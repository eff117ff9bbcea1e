#include "tools/catalog.hpp"

#include "cats/contact_rules.hpp"
#include "tools/filter_values.hpp"
#include "tools/item_schemas.hpp"
#include "util/json_numbers.hpp"

#include <boost/json.hpp>

#include <algorithm>
#include <array>
#include <memory>
#include <string>

namespace cats_mcp::tools {
namespace json = boost::json;
namespace {

constexpr std::array<std::string_view, 3> kThumbnailSources = {"attachment", "gravatar", "disabled"};

constexpr std::size_t kShortText = 1'000;     // names, titles, emails, phone numbers
constexpr std::size_t kLongText = 100'000;    // notes
constexpr std::size_t kBase64Of20MiB = (kMaxAttachmentBytes + 2) / 3 * 4;

// Descriptions built at start-up (the paging note, lists of allowed values) are kept alive here
// for the string_views that point into them.
std::string_view keep(std::string text) {
  static std::vector<std::unique_ptr<std::string>> storage;
  storage.push_back(std::make_unique<std::string>(std::move(text)));
  return *storage.back();
}

// "One of a, b, c.": an enum's description says the values the schema's enum holds.
template <std::size_t N>
std::string_view one_of_text(const std::array<std::string_view, N>& values) {
  return keep("One of " + cats::listed(values) + ".");
}

// The filter fields CATS documents, as the filter tool's description names them.
std::string documented_filter_fields() {
  std::string out;
  for (const auto& f : cats::kContactFilterFields)
    if (f.documented) out += (out.empty() ? "" : ", ") + std::string(f.name);
  return out;
}

// ---- parameter builders: each says what kind of argument it is, once ----

Param id_in_path(std::string_view name, std::string_view description) {
  return {.name = name, .type = JsonType::integer, .required = true, .place = Place::path,
          .description = description, .minimum = 1};
}

Param page() {
  return {.name = "page", .type = JsonType::integer, .required = true, .place = Place::query,
          .description = "Page number, starting at 1.", .minimum = 1};
}

Param per_page() {
  return {.name = "per_page", .type = JsonType::integer, .required = true, .place = Place::query,
          .description = "Records per page, 1 to 100 (CATS's maximum).", .minimum = 1, .maximum = 100};
}

Param flag(std::string_view name, bool required, Place place, std::string_view description) {
  return {.name = name, .type = JsonType::boolean, .required = required, .place = place, .description = description};
}

Param text(std::string_view name, bool required, std::string_view description, std::size_t max = kShortText) {
  return {.name = name, .type = JsonType::string, .required = required, .place = Place::body,
          .description = description, .max_length = max};
}

Param id_in_body(std::string_view name, bool required, std::string_view description) {
  return {.name = name, .type = JsonType::integer, .required = required, .place = Place::body,
          .description = description, .minimum = 1};
}

Param one_of(std::string_view name, bool required, std::span<const std::string_view> values,
             std::string_view description) {
  return {.name = name, .type = JsonType::string, .required = required, .place = Place::body,
          .description = description, .enum_values = values};
}

Param list_of(std::string_view name, bool required, SchemaBuilder items, std::string_view description,
              std::string_view needed_hint = {}) {
  return {.name = name, .type = JsonType::array, .required = required, .place = Place::body,
          .description = description, .structure = items, .needed_hint = needed_hint};
}

// ---- the shapes of the structured arguments the seed types loosely (`any[]`, `object`) ----

json::object tag_ref() { return {{"anyOf", json::array{positive_id(), closed_object({{"id", positive_id()}}, {"id"})}}}; }
json::object list_item_ref() { return closed_object({{"contact_id", positive_id()}}, {"contact_id"}); }
json::object email_item() { return closed_object({{"email", short_string()}, {"is_primary", boolean_schema()}}, {"email"}); }

json::object phone_item() {
  auto number = short_string();
  number["pattern"] = cats::kPhoneNumberPattern;
  json::array types;
  for (auto type : cats::kPhoneTypes) types.emplace_back(type);
  return closed_object({{"number", std::move(number)},
                        {"extension", short_string(32)},
                        {"type", {{"type", "string"}, {"enum", std::move(types)}}}},
                       {"number", "type"});
}

json::object custom_field_value() {
  return closed_object({{"id", positive_id()}, {"value", {{"type", json::array{"string", "number", "boolean", "array", "null"}}}}},
                       {"id", "value"});
}

json::object trigger_choice() { return closed_object({{"id", positive_id()}, {"fire", boolean_schema()}}, {"id", "fire"}); }
json::object url() { return short_string(2000); }

json::object address() {
  return closed_object({{"street", short_string()}, {"city", short_string()}, {"state", short_string()},
                        {"postal_code", short_string(32)}},
                       {});
}

// CATS takes tags as [{"id": 5}]; a model often passes bare ids [5], which the schema allows.
std::optional<json::value> tag_refs_argument(const json::value& value, const json::object&, std::string&) {
  if (!value.is_array()) return value;
  json::array tags;
  for (const auto& tag : value.get_array()) {
    const auto& id = tag.is_object() ? tag.at("id") : tag;
    auto exact = exact_int64(id);  // 5.0 is sent as 5
    tags.push_back(json::object{{"id", exact ? json::value(*exact) : id}});
  }
  return json::value(std::move(tags));
}

Param tag_list(std::string_view description, std::string_view needed_hint) {
  Param p = list_of("tags", false, tag_ref, description, needed_hint);
  p.rewrite = tag_refs_argument;
  return p;
}

Param phone_number(bool required) {
  Param p = text("number", required, "The phone number with its country code, starting with '+', e.g. +16124063451.");
  p.pattern = cats::kPhoneNumberPattern;
  return p;
}

// The contact fields shared by create and update; `core_required` is true for create.
std::vector<Param> contact_fields(bool core_required) {
  return {
      {.name = "address", .type = JsonType::object, .required = false, .place = Place::body,
       .description = "The contact's address: {street, city, state, postal_code}.", .structure = address},
      id_in_body("company_id", core_required, "The ID of the company this contact belongs to."),
      text("country_code", false, "ISO 3166-1 alpha-2 country code, e.g. US.", 8),
      list_of("custom_fields", false, custom_field_value,
              "Custom field values: [{\"id\": <custom field definition id>, \"value\": <value>}]. "
              "List definitions with cats_contacts_list_contact_custom_fields."),
      list_of("emails", false, email_item,
              "Email addresses: [{\"email\": \"a@b.com\", \"is_primary\": true}]. Exactly one should be primary."),
      text("first_name", core_required, "First name."),
      flag("has_left_company", false, Place::body, "Whether the contact has left the company."),
      flag("is_hot", false, Place::body, "Whether the contact is marked hot."),
      text("last_name", core_required, "Last name."),
      text("notes", false, "Free-text notes.", kLongText),
      id_in_body("owner_id", core_required, "The ID of the user who owns this contact record."),
      list_of("phones", false, phone_item,
              keep("Phone numbers: [{\"number\": \"+16124063451\", \"extension\": \"12\", \"type\": \"work\"}]; "
                   "type is one of " + cats::listed(cats::kPhoneTypes) + ".")),
      id_in_body("reports_to_id", false, "The ID of the contact this contact reports to."),
      list_of("social_media_urls", false, url, "Social media profile URLs."),
      text("title", false, "The contact's job title."),
  };
}

constexpr std::string_view kPagingNote =
    " Paged: pass page (from 1) and per_page (1-100); the result has items, count, total, has_more and "
    "next_page — call again with page=next_page while has_more is true.";

std::string paged(std::string_view text) { return std::string(text) + std::string(kPagingNote); }


std::vector<Tool> build_catalog() {
  std::vector<Tool> tools = {
      {"cats_contacts_attach_contact_tags", "Attach tags to a contact",
       "Adds tags to a contact, keeping the tags it already has. Tags are global: find their IDs in CATS. "
       "Returns {ok: true}. To replace the whole set use cats_contacts_replace_contact_tags.",
       "PUT", "/contacts/{contact_id}/tags", Safety::update, ResultKind::no_content,
       {id_in_path("contact_id", "The ID of the contact to attach tags to."),
        tag_list("The tags to add: [{\"id\": 5}] or bare IDs [5, 6].",
                "pass `tags`, the tags to attach, e.g. [5, 6] or [{\"id\": 5}]")}},

      {"cats_contacts_change_a_contact_thumbnail", "Change a contact's thumbnail",
       "Sets where a contact's picture comes from: one of the contact's attachments, Gravatar (from the primary "
       "email), or none. Returns {ok: true}.",
       "PUT", "/contacts/{id}/thumbnail", Safety::update, ResultKind::no_content,
       {id_in_path("id", "The ID of the contact to change the thumbnail of."),
        id_in_body("attachment_id", false,
                   "Required when source is attachment: an attachment of this contact "
                   "(see cats_contacts_list_contact_attachments)."),
        one_of("source", false, kThumbnailSources, "One of attachment, gravatar, or disabled.")},
       {{"source", "attachment", "attachment_id"}}},

      {"cats_contacts_change_contact_status", "Change a contact's status",
       "Moves a contact to a contact status (see cats_contacts_list_contact_statuses) and fires the status's "
       "triggers. Without `triggers`, required triggers and optional ones that are on by default fire; with "
       "`triggers`, list every trigger of the status as {id, fire}. Returns {ok: true}.",
       "POST", "/contacts/{id}/status", Safety::transition, ResultKind::no_content,
       {id_in_path("id", "The ID of the contact that the status is being attached to."),
        flag("create_activity", true, Place::query,
             "Whether to log an activity for the change, as the CATS UI does. Pass false for no activity."),
        id_in_body("status_id", true, "The ID of the status to attach."),
        list_of("triggers", false, trigger_choice,
                "Which triggers fire: [{\"id\": <trigger ID>, \"fire\": true|false}], one entry for every trigger "
                "attached to the status. Omit to use the status's defaults.")}},

      {"cats_contacts_create_a_contact", "Create a contact",
       "Creates a contact. first_name, last_name, owner_id (a user) and company_id are required. With "
       "check_duplicate=true CATS refuses to create a likely duplicate instead. Returns {id, location} of the "
       "new contact; fetch it with cats_contacts_get_a_contact. A create is sent once and never retried "
       "after it may have reached CATS.",
       "POST", "/contacts", Safety::create, ResultKind::created,
       [] {
         std::vector<Param> p{flag("check_duplicate", true, Place::query,
                                   "true: refuse to create the contact if CATS finds a duplicate; false: always create.")};
         auto fields = contact_fields(true);
         p.insert(p.end(), fields.begin(), fields.end());
         return p;
       }()},

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

      {"cats_contacts_create_a_contact_email", "Add an email to a contact",
       "Adds an email address to a contact. Exactly one email of a contact is primary; making this one primary "
       "demotes the old one. Returns {id, location} of the new email.",
       "POST", "/contacts/{contact_id}/emails", Safety::create, ResultKind::created,
       {id_in_path("contact_id", "The contact to create the email for."),
        text("email", true, "The email address."),
        flag("is_primary", false, Place::body, "Whether this becomes the contact's primary email.")}},

      {"cats_contacts_create_a_contact_list", "Create a contact list",
       "Creates a named list of contacts. Returns {id, location}; add contacts with "
       "cats_contacts_create_contact_list_items.",
       "POST", "/contacts/lists", Safety::create, ResultKind::created,
       {text("name", true, "The list's name."), text("notes", false, "Notes about the list.", kLongText)}},

      {"cats_contacts_create_a_contact_phone", "Add a phone number to a contact",
       "Adds a phone number to a contact. Returns {id, location} of the new phone.",
       "POST", "/contacts/{contact_id}/phones", Safety::create, ResultKind::created,
       {id_in_path("contact_id", "The contact to create the phone for."),
        text("extension", false, "Extension, if any.", 32), phone_number(true),
        one_of("type", true, cats::kPhoneTypes, one_of_text(cats::kPhoneTypes))}},

      {"cats_contacts_create_contact_list_items", "Add contacts to a list",
       "Adds contacts to a contact list. Each membership gets its own item ID (not the contact ID); use it to "
       "get or delete the item. Returns {id, location} when CATS reports one.",
       "POST", "/contacts/lists/{id}/items", Safety::create, ResultKind::created_many,
       {id_in_path("id", "The ID of the contact list."),
        list_of("items", false, list_item_ref, "The contacts to add: [{\"contact_id\": 123}].",
                "pass `items`, the contacts to add, e.g. [{\"contact_id\": 123}]")}},

      {"cats_contacts_delete_a_contact", "Delete a contact",
       "Permanently deletes a contact with its emails, phones, activities, attachments and list memberships. "
       "Returns {ok: true}.",
       "DELETE", "/contacts/{id}", Safety::destructive, ResultKind::no_content,
       {id_in_path("id", "The ID of the contact to delete.")}},

      {"cats_contacts_delete_a_contact_email", "Delete a contact's email",
       "Removes one email address from a contact. Returns {ok: true}.",
       "DELETE", "/contacts/{contact_id}/emails/{id}", Safety::destructive, ResultKind::no_content,
       {id_in_path("contact_id", "The ID of the contact."), id_in_path("id", "The ID of the email to delete.")}},

      {"cats_contacts_delete_a_contact_list", "Delete a contact list",
       "Deletes a contact list (the contacts themselves stay). Returns {ok: true}.",
       "DELETE", "/contacts/lists/{id}", Safety::destructive, ResultKind::no_content,
       {id_in_path("id", "The ID of the list to delete.")}},

      {"cats_contacts_delete_a_contact_list_item", "Remove a contact from a list",
       "Removes one membership from a contact list. item_id is the list item's ID (from "
       "cats_contacts_list_all_contact_list_items), not the contact ID. Returns {ok: true}.",
       "DELETE", "/contacts/lists/{list_id}/items/{item_id}", Safety::destructive, ResultKind::no_content,
       {id_in_path("list_id", "The ID of the list."), id_in_path("item_id", "The ID of the list item (membership row).")}},

      {"cats_contacts_delete_a_contact_phone", "Delete a contact's phone",
       "Removes one phone number from a contact. Returns {ok: true}.",
       "DELETE", "/contacts/{contact_id}/phones/{id}", Safety::destructive, ResultKind::no_content,
       {id_in_path("contact_id", "The ID of the contact."), id_in_path("id", "The ID of the phone to delete.")}},

      {"cats_contacts_delete_contact_tag", "Detach a tag from a contact",
       "Detaches one tag from a contact; the tag itself stays in CATS. Returns {ok: true}.",
       "DELETE", "/contacts/{contact_id}/tags/{tag_id}", Safety::destructive, ResultKind::no_content,
       {id_in_path("contact_id", "The ID of the contact."), id_in_path("tag_id", "The ID of the tag to detach.")}},

      {"cats_contacts_filter_contacts", "Filter contacts by field",
       keep(paged("Finds contacts whose field matches a filter, e.g. field=last_name, filter=exactly, value=Smith. "
                  "Fields: " + documented_filter_fields() + ". contains matches any word of value; between takes \"low,high\"; is_empty "
                  "takes \"true\" or \"false\"; numbers and booleans are sent as such. CATS answers 400 when "
                  "a filter does not apply to a field.")),
       "POST", "/contacts/search", Safety::read, ResultKind::collection,
       {{.name = "query", .type = JsonType::string, .required = true, .place = Place::query,
         .description = "Optional free text to narrow the results; pass \"\" for none.", .max_length = kShortText},
        page(), per_page(),
        text("field", true, "The contact field to filter on, e.g. last_name or address.city.", 64),
        {.name = "filter", .type = JsonType::string, .required = true, .place = Place::body,
         .description = one_of_text(cats::kFilterOperators), .enum_values = cats::kFilterOperators},
        {.name = "value", .type = JsonType::string, .required = true, .place = Place::body,
         .description = "The value to compare with, as text: a word list for contains, \"low,high\" for between, "
                        "\"true\"/\"false\" for is_empty.",
         .max_length = kShortText, .rewrite = filter_value_argument}}},

      {"cats_contacts_get_a_contact", "Get a contact",
       "Returns one contact: names, title, company_id, owner_id, emails {primary, secondary}, phones "
       "{work, cell, other}, address, status_id, custom field values and dates.",
       "GET", "/contacts/{id}", Safety::read, ResultKind::record,
       {id_in_path("id", "The ID of the contact.")}},

      {"cats_contacts_get_a_contact_custom_field", "Get a contact custom field definition",
       "Returns one contact custom field definition: its name and field type (text, dropdown with options, "
       "checkbox, date, number...).",
       "GET", "/contacts/custom_fields/{id}", Safety::read, ResultKind::record,
       {id_in_path("id", "The ID of the custom field definition.")}},

      {"cats_contacts_get_a_contact_custom_field_value", "Get a contact's custom field value",
       "Returns the value of one custom field on one contact, as {id (the definition ID), value}.",
       "GET", "/contacts/{contact_id}/custom_fields/{custom_field_id}", Safety::read, ResultKind::record,
       {id_in_path("contact_id", "The ID of the contact."),
        id_in_path("custom_field_id", "The ID of the custom field definition.")}},

      {"cats_contacts_get_a_contact_email", "Get a contact's email",
       "Returns one email of a contact: {id, email, is_primary, dates}.",
       "GET", "/contacts/{contact_id}/emails/{id}", Safety::read, ResultKind::record,
       {id_in_path("contact_id", "The ID of the contact."), id_in_path("id", "The ID of the email.")}},

      {"cats_contacts_get_a_contact_list", "Get a contact list",
       "Returns one contact list: {id, name, notes, dates}.",
       "GET", "/contacts/lists/{id}", Safety::read, ResultKind::record,
       {id_in_path("id", "The ID of the list.")}},

      {"cats_contacts_get_a_contact_list_item", "Get a contact list item",
       "Returns one list membership with the contact embedded.",
       "GET", "/contacts/lists/{list_id}/items/{item_id}", Safety::read, ResultKind::record,
       {id_in_path("list_id", "The ID of the list."), id_in_path("item_id", "The ID of the list item (membership row).")}},

      {"cats_contacts_get_a_contact_phone", "Get a contact's phone",
       "Returns one phone of a contact: {id, number, extension, type, dates}.",
       "GET", "/contacts/{contact_id}/phones/{id}", Safety::read, ResultKind::record,
       {id_in_path("contact_id", "The ID of the contact."), id_in_path("id", "The ID of the phone.")}},

      {"cats_contacts_get_a_contact_thumbnail", "Get a contact's thumbnail",
       "Returns where a contact's picture comes from: {source, attachment_id, url}.",
       "GET", "/contacts/{id}/thumbnail", Safety::read, ResultKind::record,
       {id_in_path("id", "The ID of the contact.")}},

      {"cats_contacts_get_contact_status", "Get a contact status",
       "Returns one contact status definition: {id, title, workflow_id, mapping, prerequisites, triggers}.",
       "GET", "/contacts/statuses/{id}", Safety::read, ResultKind::record,
       {id_in_path("id", "The ID of the status.")}},

      {"cats_contacts_lis_contact_phones", "List a contact's phones",
       keep(paged("Lists the phone numbers of a contact.")),
       "GET", "/contacts/{contact_id}/phones", Safety::read, ResultKind::collection,
       {id_in_path("contact_id", "The ID of the contact."), page(), per_page()}},

      {"cats_contacts_list_all_contact_list_items", "List the items of a contact list",
       keep(paged("Lists the memberships of a contact list: each item has its own id and the contact_id.")),
       "GET", "/contacts/lists/{id}/items", Safety::read, ResultKind::collection,
       {id_in_path("id", "The ID of the list."), page(), per_page()}},

      {"cats_contacts_list_all_contact_lists", "List contact lists",
       keep(paged("Lists the contact lists of the account.")),
       "GET", "/contacts/lists", Safety::read, ResultKind::collection,
       {page(), per_page()}},

      {"cats_contacts_list_all_contact_tags", "List a contact's tags",
       keep(paged("Lists the tags attached to a contact.")),
       "GET", "/contacts/{contact_id}/tags", Safety::read, ResultKind::collection,
       {id_in_path("contact_id", "The ID of the contact."), page(), per_page()}},

      {"cats_contacts_list_all_contacts", "List contacts",
       keep(paged("Lists all contacts of the account. To find someone, prefer cats_contacts_search_contacts or "
                  "cats_contacts_filter_contacts.")),
       "GET", "/contacts", Safety::read, ResultKind::collection,
       {page(), per_page()}},

      {"cats_contacts_list_contact_activities", "List a contact's activities",
       keep(paged("Lists the activities logged on a contact (calls, emails, meetings, status changes).")),
       "GET", "/contacts/{id}/activities", Safety::read, ResultKind::collection,
       {id_in_path("id", "The ID of the contact."), page(), per_page()}},

      {"cats_contacts_list_contact_attachments", "List a contact's attachments",
       keep(paged("Lists a contact's attachments: {id, filename, size, ...}.")),
       "GET", "/contacts/{id}/attachments", Safety::read, ResultKind::collection,
       {id_in_path("id", "The ID of the contact."), page(), per_page()}},

      {"cats_contacts_list_contact_custom_field_values", "List a contact's custom field values",
       keep(paged("Lists the custom field values of a contact as {id (definition ID), value}.")),
       "GET", "/contacts/{id}/custom_fields", Safety::read, ResultKind::collection,
       {id_in_path("id", "The ID of the contact."), page(), per_page()}},

      {"cats_contacts_list_contact_custom_fields", "List contact custom field definitions",
       keep(paged("Lists the custom fields defined for contacts: name, type and options.")),
       "GET", "/contacts/custom_fields", Safety::read, ResultKind::collection,
       {page(), per_page()}},

      {"cats_contacts_list_contact_emails", "List a contact's emails",
       keep(paged("Lists the email addresses of a contact.")),
       "GET", "/contacts/{contact_id}/emails", Safety::read, ResultKind::collection,
       {id_in_path("contact_id", "The ID of the contact."), page(), per_page()}},

      {"cats_contacts_list_contact_statuses", "List contact statuses",
       keep(paged("Lists the contact statuses of the account with their triggers; use an id with "
                  "cats_contacts_change_contact_status.")),
       "GET", "/contacts/statuses", Safety::read, ResultKind::collection,
       {page(), per_page()}},

      {"cats_contacts_list_contact_tasks", "List a contact's tasks",
       keep(paged("Lists the tasks linked to a contact.")),
       "GET", "/contacts/{id}/tasks", Safety::read, ResultKind::collection,
       {id_in_path("id", "The ID of the contact."), page(), per_page()}},

      {"cats_contacts_replace_contact_tags", "Replace a contact's tags",
       "Replaces all tags of a contact with the given ones; an explicit empty array removes every tag. "
       "Returns {ok: true}. To add tags without removing any, use cats_contacts_attach_contact_tags.",
       "POST", "/contacts/{contact_id}/tags", Safety::destructive, ResultKind::no_content,
       {id_in_path("contact_id", "The ID of the contact."),
        tag_list("The complete new set of tags: [{\"id\": 5}] or bare IDs [5, 6].",
                "pass `tags`: the complete new set, e.g. [5, 6], or [] to remove every tag")}},

      {"cats_contacts_search_contacts", "Search contacts",
       keep(paged("Full-text search over contacts (names, title, emails, phones, company...).")),
       "GET", "/contacts/search", Safety::read, ResultKind::collection,
       {{.name = "query", .type = JsonType::string, .required = true, .place = Place::query,
         .description = "The text to search for.", .min_length = 1, .max_length = kShortText},
        page(), per_page()}},

      {"cats_contacts_update_a_contact", "Update a contact",
       "Changes the fields given and leaves the others as they are. Returns {ok: true}. Emails and phones are "
       "easier to change one at a time with the email and phone tools.",
       "PUT", "/contacts/{id}", Safety::update, ResultKind::no_content,
       [] {
         std::vector<Param> p{id_in_path("id", "The ID of the contact to update.")};
         auto fields = contact_fields(false);
         p.insert(p.end(), fields.begin(), fields.end());
         return p;
       }()},

      {"cats_contacts_update_a_contact_custom_field", "Set a contact's custom field value",
       "Sets the value of one custom field on a contact; the value must fit the field's type and options "
       "(see cats_contacts_get_a_contact_custom_field). Returns {ok: true}.",
       "PUT", "/contacts/{contact_id}/custom_fields/{custom_field_id}", Safety::update, ResultKind::no_content,
       {id_in_path("contact_id", "The ID of the contact."),
        id_in_path("custom_field_id", "The ID of the custom field definition."),
        text("value", false, "The new value.", kLongText)}},

      {"cats_contacts_update_a_contact_email", "Update a contact's email",
       "Changes an email address or makes it primary. Returns {ok: true}.",
       "PUT", "/contacts/{contact_id}/emails/{id}", Safety::update, ResultKind::no_content,
       {id_in_path("contact_id", "The ID of the contact."), id_in_path("id", "The ID of the email."),
        text("email", false, "The email address."),
        flag("is_primary", false, Place::body, "Whether this becomes the contact's primary email.")}},

      {"cats_contacts_update_a_contact_phone", "Update a contact's phone",
       "Changes a phone number, its extension or its type. Returns {ok: true}.",
       "PUT", "/contacts/{contact_id}/phones/{id}", Safety::update, ResultKind::no_content,
       {id_in_path("contact_id", "The ID of the contact."), id_in_path("id", "The ID of the phone."),
        text("extension", false, "Extension, if any.", 32), phone_number(false),
        one_of("type", false, cats::kPhoneTypes, one_of_text(cats::kPhoneTypes))}},

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
  };

  const Param pcid{.name = "PCID", .type = JsonType::string, .required = false, .place = Place::local,
                   .description = "The ID of the stored CATS connection this call acts for. Optional when the "
                                  "server has a single CATS account.",
                   .max_length = 200};
  for (auto& tool : tools) tool.params.push_back(pcid);
  return tools;
}

}  // namespace

const std::vector<Tool>& catalog() {
  static const std::vector<Tool> tools = build_catalog();
  return tools;
}

const Tool* find_tool(std::string_view name) {
  const auto& tools = catalog();
  auto it = std::find_if(tools.begin(), tools.end(), [&](const Tool& t) { return t.name == name; });
  return it == tools.end() ? nullptr : &*it;
}

}  // namespace cats_mcp::tools
