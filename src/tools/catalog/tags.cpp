// A contact's tags (the tags themselves are global and managed in CATS).
#include "tools/catalog/builders.hpp"
#include "tools/catalog/families.hpp"
#include "tools/item_schemas.hpp"
#include "util/json_numbers.hpp"

#include <boost/json.hpp>

namespace cats_mcp::tools::catalog_entries {
namespace json = boost::json;
namespace {

json::object tag_ref() { return {{"anyOf", json::array{positive_id(), closed_object({{"id", positive_id()}}, {"id"})}}}; }

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

}  // namespace

std::vector<Tool> tag_tools() {
  return {
      {"cats_contacts_attach_contact_tags", "Attach tags to a contact",
       "Adds tags to a contact, keeping the tags it already has. Tags are global: find their IDs in CATS. "
       "Returns {ok: true}. To replace the whole set use cats_contacts_replace_contact_tags.",
       "PUT", "/contacts/{contact_id}/tags", Safety::update, ResultKind::no_content,
       {id_in_path("contact_id", "The ID of the contact to attach tags to."),
        tag_list("The tags to add: [{\"id\": 5}] or bare IDs [5, 6].",
                "pass `tags`, the tags to attach, e.g. [5, 6] or [{\"id\": 5}]")}},

      delete_tool("cats_contacts_delete_contact_tag", "Detach a tag from a contact",
                  "Detaches one tag from a contact; the tag itself stays in CATS. Returns {ok: true}.",
                  "/contacts/{contact_id}/tags/{tag_id}",
                  {id_in_path("contact_id", "The ID of the contact."),
                   id_in_path("tag_id", "The ID of the tag to detach.")}),

      list_tool("cats_contacts_list_all_contact_tags", "List a contact's tags",
                "Lists the tags attached to a contact.",
                "/contacts/{contact_id}/tags", {id_in_path("contact_id", "The ID of the contact.")}),

      {"cats_contacts_replace_contact_tags", "Replace a contact's tags",
       "Replaces all tags of a contact with the given ones; an explicit empty array removes every tag. "
       "Returns {ok: true}. To add tags without removing any, use cats_contacts_attach_contact_tags.",
       "POST", "/contacts/{contact_id}/tags", Safety::destructive, ResultKind::no_content,
       {id_in_path("contact_id", "The ID of the contact."),
        tag_list("The complete new set of tags: [{\"id\": 5}] or bare IDs [5, 6].",
                "pass `tags`: the complete new set, e.g. [5, 6], or [] to remove every tag")}},
  };
}

}  // namespace cats_mcp::tools::catalog_entries
