#pragma once
// The vocabulary item schemas are written in. Which shape a parameter has is the catalog
// entry's business (Param::structure); these only say how an id, a short text or a closed
// object is spelled in JSON Schema, the same way for every toolset.
#include <boost/json.hpp>

namespace cats_mcp::tools {

boost::json::object positive_id();
boost::json::object short_string(int max_length = 1000);
boost::json::object boolean_schema();
// An object with exactly these properties (additionalProperties: false).
boost::json::object closed_object(boost::json::object properties, boost::json::array required);

}  // namespace cats_mcp::tools
