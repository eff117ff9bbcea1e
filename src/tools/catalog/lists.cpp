// Contact lists and their items (memberships).
#include "tools/catalog/builders.hpp"
#include "tools/catalog/families.hpp"
#include "tools/item_schemas.hpp"

#include <boost/json.hpp>

namespace cats_mcp::tools::catalog_entries {
namespace json = boost::json;
namespace {

json::object list_item_ref() { return closed_object({{"contact_id", positive_id()}}, {"contact_id"}); }

}  // namespace

std::vector<Tool> contact_list_tools() {
  return {
      {"cats_contacts_create_a_contact_list", "Create a contact list",
       "Creates a named list of contacts. Returns {id, location}; add contacts with "
       "cats_contacts_create_contact_list_items.",
       "POST", "/contacts/lists", Safety::create, ResultKind::created,
       {text("name", true, "The list's name."), text("notes", false, "Notes about the list.", kLongText)}},

      {"cats_contacts_create_contact_list_items", "Add contacts to a list",
       "Adds contacts to a contact list. Each membership gets its own item ID (not the contact ID); use it to "
       "get or delete the item. Returns {id, location} when CATS reports one.",
       "POST", "/contacts/lists/{id}/items", Safety::create, ResultKind::created_many,
       {id_in_path("id", "The ID of the contact list."),
        list_of("items", false, list_item_ref, "The contacts to add: [{\"contact_id\": 123}].",
                "pass `items`, the contacts to add, e.g. [{\"contact_id\": 123}]")}},

      delete_tool("cats_contacts_delete_a_contact_list", "Delete a contact list",
                  "Deletes a contact list (the contacts themselves stay). Returns {ok: true}.",
                  "/contacts/lists/{id}", {id_in_path("id", "The ID of the list to delete.")}),

      delete_tool("cats_contacts_delete_a_contact_list_item", "Remove a contact from a list",
                  "Removes one membership from a contact list. item_id is the list item's ID (from "
                  "cats_contacts_list_all_contact_list_items), not the contact ID. Returns {ok: true}.",
                  "/contacts/lists/{list_id}/items/{item_id}",
                  {id_in_path("list_id", "The ID of the list."),
                   id_in_path("item_id", "The ID of the list item (membership row).")}),

      record_tool("cats_contacts_get_a_contact_list", "Get a contact list",
                  "Returns one contact list: {id, name, notes, dates}.",
                  "/contacts/lists/{id}", {id_in_path("id", "The ID of the list.")}),

      record_tool("cats_contacts_get_a_contact_list_item", "Get a contact list item",
                  "Returns one list membership with the contact embedded.",
                  "/contacts/lists/{list_id}/items/{item_id}",
                  {id_in_path("list_id", "The ID of the list."),
                   id_in_path("item_id", "The ID of the list item (membership row).")}),

      list_tool("cats_contacts_list_all_contact_list_items", "List the items of a contact list",
                "Lists the memberships of a contact list: each item has its own id and the contact_id.",
                "/contacts/lists/{id}/items", {id_in_path("id", "The ID of the list.")}),

      list_tool("cats_contacts_list_all_contact_lists", "List contact lists",
                "Lists the contact lists of the account.",
                "/contacts/lists"),
  };
}

}  // namespace cats_mcp::tools::catalog_entries
