#include "tools/resource_catalog.hpp"

#include "tools/catalog/builders.hpp"

#include <boost/json.hpp>
#include <boost/url/parse.hpp>

#include <array>
#include <charconv>

namespace cats_mcp::tools {
namespace json = boost::json;
namespace {

// An item keeps only `Fields`: what an agent needs to pick an id, not the whole record.
template <const auto& Fields>
void keep_only(json::object& item) {
  json::object kept;
  for (std::string_view field : Fields)
    if (auto* value = item.if_contains(field)) kept[field] = std::move(*value);
  item = std::move(kept);
}

constexpr std::array<std::string_view, 4> kUserFields = {"id", "first_name", "last_name", "email"};
constexpr std::array<std::string_view, 2> kCompanyFields = {"id", "name"};
constexpr std::array<std::string_view, 3> kTagFields = {"id", "title", "parent_id"};
constexpr std::array<std::string_view, 4> kStatusFields = {"id", "title", "mapping", "triggers"};
constexpr std::array<std::string_view, 3> kCustomFieldFields = {"id", "name", "field"};

// A page of up to 100 summaries of `path`'s records.
Tool listing(std::string_view uri, std::string_view path, ItemSummary summary) {
  Tool read = catalog_entries::list_tool(uri, "", "", path);
  for (auto& p : read.params)
    if (p.name == "per_page") p.default_value = "100";
  read.summary = summary;
  return read;
}

std::vector<ResourceEntry> build() {
  using catalog_entries::id_in_path;
  using catalog_entries::record_tool;
  return {
      {"cats://users", "users", "CATS users",
       "The users of the CATS account (id, names, email): owner_id of a contact is one of these ids.",
       listing("cats://users", "/users", keep_only<kUserFields>)},
      {"cats://companies", "companies", "CATS companies",
       "The companies of the CATS account (id, name): company_id of a contact is one of these ids.",
       listing("cats://companies", "/companies", keep_only<kCompanyFields>)},
      {"cats://tags", "tags", "CATS tags",
       "The tags of the CATS account (id, title): the ids cats_contacts_attach_contact_tags and "
       "cats_contacts_replace_contact_tags take.",
       listing("cats://tags", "/tags", keep_only<kTagFields>)},
      {"cats://contact-statuses", "contact-statuses", "Contact statuses",
       "The statuses a contact can be given (id, title) with their triggers: what "
       "cats_contacts_change_a_contact_status takes.",
       listing("cats://contact-statuses", "/contacts/statuses", keep_only<kStatusFields>)},
      {"cats://contact-custom-fields", "contact-custom-fields", "Contact custom fields",
       "The custom fields of contacts (id, name, type, and selections [{id, label}] for dropdowns and "
       "multi-selects): what custom_fields values refer to.",
       listing("cats://contact-custom-fields", "/contacts/custom_fields", keep_only<kCustomFieldFields>)},
      {"cats://contacts/{id}", "contact", "A contact",
       "One contact, the whole record, as cats_contacts_get_a_contact returns it.",
       record_tool("cats://contacts/{id}", "", "", "/contacts/{id}", {id_in_path("id", "The ID of the contact.")})},
  };
}

}  // namespace

const std::vector<ResourceEntry>& resource_catalog() {
  static const std::vector<ResourceEntry> entries = build();
  return entries;
}

const ResourceEntry* find_resource(std::string_view uri, json::object& arguments) {
  auto parsed = boost::urls::parse_uri(uri);
  if (!parsed || parsed->scheme() != "cats" || parsed->has_fragment()) return nullptr;
  std::string bare = "cats://" + std::string(parsed->encoded_host()) + std::string(parsed->encoded_path());
  for (auto param : parsed->params()) {
    if (param.key != "PCID" || !param.has_value) return nullptr;  // the one query a resource takes
    arguments["PCID"] = param.value;
  }
  for (const auto& entry : resource_catalog()) {
    if (!entry.is_template()) {
      if (bare == entry.uri) return &entry;
      continue;
    }
    // "cats://contacts/{id}": the prefix, then a positive id.
    auto prefix = entry.uri.substr(0, entry.uri.find('{'));
    if (!std::string_view(bare).starts_with(prefix)) continue;
    std::string_view digits = std::string_view(bare).substr(prefix.size());
    std::int64_t id = 0;
    auto [end, ec] = std::from_chars(digits.data(), digits.data() + digits.size(), id);
    if (ec != std::errc() || end != digits.data() + digits.size() || id <= 0) return nullptr;
    arguments["id"] = id;
    return &entry;
  }
  return nullptr;
}

}  // namespace cats_mcp::tools
