#include "tools/toolset.hpp"

namespace cats_mcp::tools {
namespace {
std::string cats_contacts_instructions(std::string_view backend_description) {
  // One sentence per idea and no nested brackets: a model reads this before its first call.
  return "Tools for the contacts of a CATS applicant-tracking account. Calls are served by " +
         std::string(backend_description) + ". Find people with cats_contacts_search_contacts (free text) or cats_contacts_filter_contacts "
         "(field/filter/value), then read or change them by id. List tools are paged: page starts at 1 and "
         "per_page is 1-100, 25 when omitted; results carry has_more and next_page, so call again with "
         "page=next_page until has_more is false. Listed contacts are summaries; cats_contacts_get_a_contact gives "
         "the whole record. Creates return the new record's id; updates and deletes return {ok: true}. "
         "Errors come back as tool results that say what to fix or when to retry.\n\n"
         "The ids the tools take are in resources: cats://users for owner_id, cats://companies for company_id, "
         "cats://tags, cats://contact-statuses with their triggers, cats://contact-custom-fields with their "
         "selections, and cats://contacts/{id} for one contact.";
}
}  // namespace

const Toolset& cats_contacts_toolset() {
  static const Toolset toolset{
      "cats_contacts_",
      "CATS Contacts",
      "The 44 cats_contacts_* tools of the CATS REST API v3 contacts API.",
      cats_contacts_instructions,
      catalog,
  };
  return toolset;
}

const std::vector<const Toolset*>& registered_toolsets() {
  static const std::vector<const Toolset*> toolsets{&cats_contacts_toolset()};
  return toolsets;
}

}  // namespace cats_mcp::tools
