// A contact's phone numbers.
#include "tools/catalog/builders.hpp"
#include "tools/catalog/families.hpp"

namespace cats_mcp::tools::catalog_entries {
namespace {

Param phone_number(bool required) {
  Param p = text("number", required, "The phone number with its country code, starting with '+', e.g. +16124063451.");
  p.pattern = cats::kPhoneNumberPattern;
  return p;
}

}  // namespace

std::vector<Tool> phone_tools() {
  return {
      {"cats_contacts_create_a_contact_phone", "Add a phone number to a contact",
       "Adds a phone number to a contact. Returns {id, location} of the new phone.",
       "POST", "/contacts/{contact_id}/phones", Safety::create, ResultKind::created,
       {id_in_path("contact_id", "The contact to create the phone for."),
        text("extension", false, "Extension, if any.", 32), phone_number(true),
        one_of("type", true, cats::kPhoneTypes, one_of_text(cats::kPhoneTypes))}},

      delete_tool("cats_contacts_delete_a_contact_phone", "Delete a contact's phone",
                  "Removes one phone number from a contact. Returns {ok: true}.",
                  "/contacts/{contact_id}/phones/{id}",
                  {id_in_path("contact_id", "The ID of the contact."),
                   id_in_path("id", "The ID of the phone to delete.")}),

      record_tool("cats_contacts_get_a_contact_phone", "Get a contact's phone",
                  "Returns one phone of a contact: {id, number, extension, type, dates}.",
                  "/contacts/{contact_id}/phones/{id}",
                  {id_in_path("contact_id", "The ID of the contact."), id_in_path("id", "The ID of the phone.")}),

      list_tool("cats_contacts_lis_contact_phones", "List a contact's phones",
                "Lists the phone numbers of a contact.",
                "/contacts/{contact_id}/phones", {id_in_path("contact_id", "The ID of the contact.")}),

      {"cats_contacts_update_a_contact_phone", "Update a contact's phone",
       "Changes a phone number, its extension or its type. Returns {ok: true}.",
       "PUT", "/contacts/{contact_id}/phones/{id}", Safety::update, ResultKind::no_content,
       {id_in_path("contact_id", "The ID of the contact."), id_in_path("id", "The ID of the phone."),
        text("extension", false, "Extension, if any.", 32), phone_number(false),
        one_of("type", false, cats::kPhoneTypes, one_of_text(cats::kPhoneTypes))}},
  };
}

}  // namespace cats_mcp::tools::catalog_entries
