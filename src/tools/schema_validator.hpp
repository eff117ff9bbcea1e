#pragma once
// Validates a JSON value against the subset of JSON Schema 2020-12 that the catalog publishes
// (type, enum, const, minimum/maximum, minLength/maxLength, pattern, items, minItems/maxItems,
// properties, required, additionalProperties:false, anyOf, allOf, if/then). Messages name the
// argument and the rule so a model can correct its call.
#include <boost/json.hpp>

#include <string>
#include <vector>

namespace cats_mcp::tools {

// Returns the problems found (empty when valid), at most `max_errors` of them.
std::vector<std::string> validate(const boost::json::value& value, const boost::json::object& schema,
                                  std::size_t max_errors = 5);

}  // namespace cats_mcp::tools
