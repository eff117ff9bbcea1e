// A contact's email addresses.
#include "tools/catalog/builders.hpp"
#include "tools/catalog/families.hpp"

namespace cats_mcp::tools::catalog_entries {

std::vector<Tool> email_tools() {
  return {
      {"cats_contacts_create_a_contact_email", "Add an email to a contact",
       "Adds an email address to a contact. Exactly one email of a contact is primary; making this one primary "
       "demotes the old one. Returns {id, location} of the new email.",
       "POST", "/contacts/{contact_id}/emails", Safety::create, ResultKind::created,
       {id_in_path("contact_id", "The contact to create the email for."),
        text("email", true, "The email address."),
        flag("is_primary", false, Place::body, "Whether this becomes the contact's primary email.")}},

      delete_tool("cats_contacts_delete_a_contact_email", "Delete a contact's email",
                  "Removes one email address from a contact. Returns {ok: true}.",
                  "/contacts/{contact_id}/emails/{id}",
                  {id_in_path("contact_id", "The ID of the contact."),
                   id_in_path("id", "The ID of the email to delete.")}),

      record_tool("cats_contacts_get_a_contact_email", "Get a contact's email",
                  "Returns one email of a contact: {id, email, is_primary, dates}.",
                  "/contacts/{contact_id}/emails/{id}",
                  {id_in_path("contact_id", "The ID of the contact."), id_in_path("id", "The ID of the email.")}),

      list_tool("cats_contacts_list_contact_emails", "List a contact's emails",
                "Lists the email addresses of a contact.",
                "/contacts/{contact_id}/emails", {id_in_path("contact_id", "The ID of the contact.")}),

      {"cats_contacts_update_a_contact_email", "Update a contact's email",
       "Changes an email address or makes it primary. Returns {ok: true}.",
       "PUT", "/contacts/{contact_id}/emails/{id}", Safety::update, ResultKind::no_content,
       {id_in_path("contact_id", "The ID of the contact."), id_in_path("id", "The ID of the email."),
        text("email", false, "The email address."),
        flag("is_primary", false, Place::body, "Whether this becomes the contact's primary email.")}},
  };
}

}  // namespace cats_mcp::tools::catalog_entries
