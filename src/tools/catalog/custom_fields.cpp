// Contact custom fields: the definitions, and one contact's values.
#include "tools/catalog/builders.hpp"
#include "tools/catalog/families.hpp"

namespace cats_mcp::tools::catalog_entries {

std::vector<Tool> custom_field_tools() {
  return {
      record_tool("cats_contacts_get_a_contact_custom_field", "Get a contact custom field definition",
                  "Returns one contact custom field definition: its name and field type (text, checkbox, date, number, "
                  "dropdown or multiselect with selections [{id, label}]...).",
                  "/contacts/custom_fields/{id}", {id_in_path("id", "The ID of the custom field definition.")}),

      record_tool("cats_contacts_get_a_contact_custom_field_value", "Get a contact's custom field value",
                  "Returns the value of one custom field on one contact, as {id (the definition ID), value}.",
                  "/contacts/{contact_id}/custom_fields/{custom_field_id}",
                  {id_in_path("contact_id", "The ID of the contact."),
                   id_in_path("custom_field_id", "The ID of the custom field definition.")}),

      list_tool("cats_contacts_list_contact_custom_field_values", "List a contact's custom field values",
                "Lists the custom field values of a contact as {id (definition ID), value}.",
                "/contacts/{id}/custom_fields", {id_in_path("id", "The ID of the contact.")}),

      list_tool("cats_contacts_list_contact_custom_fields", "List contact custom field definitions",
                "Lists the custom fields defined for contacts: name, type and, for dropdowns and multi-selects, "
                "selections [{id, label}].",
                "/contacts/custom_fields"),

      {"cats_contacts_update_a_contact_custom_field", "Set a contact's custom field value",
       "Sets the value of one custom field on a contact; the value must fit the field's type (see "
       "cats_contacts_get_a_contact_custom_field): a dropdown takes a selection's id or label, a multi-select "
       "selection ids separated by commas (\"4,6\"). Returns {ok: true}.",
       "PUT", "/contacts/{contact_id}/custom_fields/{custom_field_id}", Safety::update, ResultKind::no_content,
       {id_in_path("contact_id", "The ID of the contact."),
        id_in_path("custom_field_id", "The ID of the custom field definition."),
        text("value", false, "The new value.", kLongText)}},
  };
}

}  // namespace cats_mcp::tools::catalog_entries
