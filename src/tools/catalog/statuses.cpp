// Contact statuses, and moving a contact to one (which fires the status's triggers).
#include "tools/catalog/builders.hpp"
#include "tools/catalog/families.hpp"
#include "tools/item_schemas.hpp"

#include <boost/json.hpp>

namespace cats_mcp::tools::catalog_entries {
namespace json = boost::json;
namespace {

json::object trigger_choice() { return closed_object({{"id", positive_id()}, {"fire", boolean_schema()}}, {"id", "fire"}); }

}  // namespace

std::vector<Tool> status_tools() {
  return {
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

      record_tool("cats_contacts_get_contact_status", "Get a contact status",
                  "Returns one contact status definition: {id, title, workflow_id, mapping, prerequisites, triggers}.",
                  "/contacts/statuses/{id}", {id_in_path("id", "The ID of the status.")}),

      list_tool("cats_contacts_list_contact_statuses", "List contact statuses",
                "Lists the contact statuses of the account with their triggers; use an id with "
                "cats_contacts_change_contact_status.",
                "/contacts/statuses"),
  };
}

}  // namespace cats_mcp::tools::catalog_entries
