// Contacts themselves: create, get, update, delete, list, full-text search and field filters.
#include "tools/catalog/builders.hpp"
#include "tools/catalog/families.hpp"
#include "tools/filter_values.hpp"
#include "tools/item_schemas.hpp"
#include "util/joined.hpp"

#include <boost/json.hpp>

namespace cats_mcp::tools::catalog_entries {
namespace json = boost::json;
namespace {

// ---- the shapes of the structured contact fields the seed types loosely (`any[]`, `object`) ----

json::object address() {
  return closed_object({{"street", short_string()}, {"city", short_string()}, {"state", short_string()},
                        {"postal_code", short_string(32)}},
                       {});
}

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

// A value is a scalar, or (multi-select fields) a list of selection ids: CATS has no nested values, and
// an unbounded nesting would reach CATS as a body deeper than JSON parsers accept.
json::object custom_field_value() {
  // anyOf rather than a list of types: some clients refuse a list as a schema's `type`.
  auto any_of = [](std::initializer_list<std::string_view> types) {
    json::array options;
    for (auto type : types) options.push_back(json::object{{"type", type}});
    return options;
  };
  json::object list{{"type", "array"}, {"items", {{"anyOf", any_of({"string", "number", "boolean"})}}}, {"maxItems", 1000}};
  auto options = any_of({"string", "number", "boolean", "null"});
  options.push_back(std::move(list));
  json::object value{{"anyOf", std::move(options)}};
  return closed_object({{"id", positive_id()}, {"value", std::move(value)}}, {"id", "value"});
}

json::object url() { return short_string(2000); }

// The contact fields shared by create and update, after `leading`; `core_required` is true for create.
std::vector<Param> contact_fields(std::vector<Param> leading, bool core_required) {
  std::vector<Param> fields{
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
  leading.insert(leading.end(), fields.begin(), fields.end());
  return leading;
}

// What an agent needs to pick a contact from a page; cats_contacts_get_a_contact has the rest.
// The first of CATS's phones {work, cell, other} that is set stands for the contact's phone.
void contact_summary(json::object& item) {
  json::object summary;
  for (std::string_view field : {"id", "first_name", "last_name", "title", "company_id", "owner_id"})
    if (auto* v = item.if_contains(field)) summary[field] = std::move(*v);
  auto* emails = item.if_contains("emails");
  if (auto* primary = emails && emails->is_object() ? emails->get_object().if_contains("primary") : nullptr)
    summary["email"] = std::move(*primary);
  if (auto* phones = item.if_contains("phones"); phones && phones->is_object())
    for (std::string_view kind : {"work", "cell", "other"})
      if (auto* number = phones->get_object().if_contains(kind); number && number->is_string() && !number->get_string().empty()) {
        summary["phone"] = std::move(*number);
        break;
      }
  for (std::string_view field : {"status_id", "is_hot", "date_modified"})
    if (auto* v = item.if_contains(field)) summary[field] = std::move(*v);
  item = std::move(summary);
}

constexpr std::string_view kSummaryNote =
    " Each item is a summary (id, names, title, company_id, owner_id, email, phone, status_id, is_hot, "
    "date_modified); cats_contacts_get_a_contact gives the whole record.";

// A page of contacts whose items are summaries.
Tool contact_page(Tool tool) {
  tool.description = keep(std::string(tool.description) + std::string(kSummaryNote));
  tool.summary = contact_summary;
  return tool;
}

// CATS requires these on every PUT /contacts/{id} (cats-api-v3.md §6).
constexpr std::array<std::string_view, 4> kRequiredOnUpdate = {"first_name", "last_name", "owner_id", "company_id"};

// PUT /contacts/{id}: the fields given, plus the four CATS requires, read from the contact when omitted.
Tool update_tool() {
  Tool tool{"cats_contacts_update_a_contact", "Update a contact",
            "Changes the fields given and leaves the others as they are. Returns {ok: true}. CATS requires "
            "first_name, last_name, owner_id and company_id on every update: those you omit are read from the "
            "contact first and sent back unchanged (one read, then the update). Emails and phones are easier to "
            "change one at a time with the email and phone tools.",
            "PUT", "/contacts/{id}", Safety::update, ResultKind::no_content,
            contact_fields({id_in_path("id", "The ID of the contact to update.")}, false)};
  tool.fill_from_current = kRequiredOnUpdate;
  return tool;
}

// The filter fields CATS documents, as the filter tool's description names them.
std::string documented_filter_fields() {
  std::vector<std::string_view> names;
  for (const auto& f : cats::kContactFilterFields)
    if (f.documented) names.push_back(f.name);
  return joined(names);
}

// POST /contacts/search: a page like a search's, narrowed by one field filter in the body.
Tool filter_tool() {
  Tool tool = list_tool(
      "cats_contacts_filter_contacts", "Filter contacts by field",
      "Finds contacts whose field matches a filter, e.g. field=last_name, filter=exactly, value=Smith. Fields: " +
          documented_filter_fields() +
          ". contains matches any word of value; between takes \"low,high\"; is_empty takes \"true\" or \"false\"; "
          "numbers and booleans are sent as such. CATS answers 400 when a filter does not apply to a field.",
      "/contacts/search",
      {{.name = "query", .type = JsonType::string, .required = true, .place = Place::query,
        .description = "Optional free text to narrow the results; omit it or pass \"\" for none.",
        .max_length = kShortText, .default_value = R"("")"}});
  tool.method = "POST";
  tool = contact_page(std::move(tool));
  tool.params.insert(
      tool.params.end(),
      {text("field", true, "The contact field to filter on, e.g. last_name or address.city.", 64),
       {.name = "filter", .type = JsonType::string, .required = true, .place = Place::body,
        .description = one_of_text(cats::kFilterOperators), .enum_values = cats::kFilterOperators},
       {.name = "value", .type = JsonType::string, .required = true, .place = Place::body,
        .description = "The value to compare with, as text: a word list for contains, \"low,high\" for between, "
                       "\"true\"/\"false\" for is_empty.",
        .max_length = kShortText, .rewrite = filter_value_argument}});
  return tool;
}

}  // namespace

std::vector<Tool> contact_tools() {
  return {
      {"cats_contacts_create_a_contact", "Create a contact",
       "Creates a contact. first_name, last_name, owner_id (a user) and company_id are required. With "
       "check_duplicate=true CATS refuses to create a likely duplicate instead. Returns {id, location} of the "
       "new contact; fetch it with cats_contacts_get_a_contact. A create is sent once and never retried "
       "after it may have reached CATS.",
       "POST", "/contacts", Safety::create, ResultKind::created,
       contact_fields({flag("check_duplicate", true, Place::query,
                            "true: refuse to create the contact if CATS finds a duplicate; false: always create.")},
                      true)},

      delete_tool("cats_contacts_delete_a_contact", "Delete a contact",
                  "Permanently deletes a contact with its emails, phones, activities, attachments and list memberships. "
                  "Returns {ok: true}.",
                  "/contacts/{id}", {id_in_path("id", "The ID of the contact to delete.")}),

      record_tool("cats_contacts_get_a_contact", "Get a contact",
                  "Returns one contact: names, title, company_id, owner_id, emails {primary, secondary}, phones "
                  "{work, cell, other}, address, status_id, custom field values and dates.",
                  "/contacts/{id}", {id_in_path("id", "The ID of the contact.")}),

      contact_page(list_tool("cats_contacts_list_all_contacts", "List contacts",
                             "Lists all contacts of the account. To find someone, prefer cats_contacts_search_contacts or "
                             "cats_contacts_filter_contacts.",
                             "/contacts")),

      update_tool(),

      contact_page(list_tool("cats_contacts_search_contacts", "Search contacts",
                             "Full-text search over contacts (names, title, emails, phones, company...).", "/contacts/search",
                             {{.name = "query", .type = JsonType::string, .required = true, .place = Place::query,
                               .description = "The text to search for.", .min_length = 1, .max_length = kShortText}})),

      filter_tool(),
  };
}

}  // namespace cats_mcp::tools::catalog_entries
