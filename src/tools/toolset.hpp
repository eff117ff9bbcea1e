#pragma once
// A toolset: a named set of tools the server can offer as one unit, with what the server says
// about them (serverInfo's title and description, initialize's instructions). The registry
// lists every toolset this program has; today that is one, the CATS contacts tools.
#include "tools/catalog.hpp"

#include <string>
#include <string_view>
#include <vector>

namespace cats_mcp::tools {

struct Toolset {
  std::string_view prefix;       // every tool name starts with it; command-line names may omit it
  std::string_view title;        // serverInfo.title
  std::string_view description;  // serverInfo.description
  // initialize's instructions, given what serves the calls (e.g. "CATS at https://...").
  std::string (*instructions)(std::string_view backend_description);
  const std::vector<Tool>& (*tools)();
};

// The CATS contacts toolset: the catalog's cats_contacts_* tools.
const Toolset& cats_contacts_toolset();

// Every toolset of this program.
const std::vector<const Toolset*>& registered_toolsets();

}  // namespace cats_mcp::tools
