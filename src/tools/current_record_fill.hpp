#pragma once
// CATS requires some fields on every PUT that the seed marks optional: a contact's first_name,
// last_name, owner_id and company_id (cats-api-v3.md §6). A call that leaves them out would be
// refused, or blank them. So those the call omits are read from the current record first (one
// GET of the same path), and the call's own arguments win. Tool::fill_from_current names them.
#include "cats/client.hpp"
#include "mcp/tool_provider.hpp"
#include "tools/catalog.hpp"

#include <boost/json.hpp>

#include <optional>
#include <string_view>
#include <vector>

namespace cats_mcp::tools {

// The fields of tool.fill_from_current that `arguments` leave out; empty: nothing to read.
std::vector<std::string_view> fields_to_fill(const Tool& tool, const boost::json::object& arguments);

// The GET that reads the record `update` would change.
cats::CatsRequest current_record_request(const cats::CatsRequest& update);

struct FilledArguments {
  std::optional<mcp::ToolOutcome> refused;  // the record could not be read: nothing was changed
  boost::json::object arguments;            // the call's arguments (owned) with the record's values added
};

// Adds the record's values for `fields` (those it has) to a copy of `arguments`.
FilledArguments fill_from_current(const boost::json::object& arguments, const std::vector<std::string_view>& fields,
                                  const cats::CatsRequest& read, cats::ClientOutcome current);

}  // namespace cats_mcp::tools
