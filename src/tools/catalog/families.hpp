#pragma once
// The CATS contacts catalog, one function per resource family; catalog() joins them.
#include "tools/catalog.hpp"

#include <vector>

namespace cats_mcp::tools::catalog_entries {

std::vector<Tool> contact_tools();       // contacts: create, get, update, delete, list, search, filter
std::vector<Tool> email_tools();         // a contact's emails
std::vector<Tool> phone_tools();         // a contact's phones
std::vector<Tool> tag_tools();           // a contact's tags
std::vector<Tool> contact_list_tools();  // contact lists and their items
std::vector<Tool> custom_field_tools();  // definitions, and a contact's values
std::vector<Tool> status_tools();        // contact statuses, and changing a contact's
std::vector<Tool> activity_tools();      // what is logged on or attached to a contact: activities, attachments, thumbnail, tasks

}  // namespace cats_mcp::tools::catalog_entries
