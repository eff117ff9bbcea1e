#pragma once
// What `tools/list` publishes for a catalog entry: inputSchema, outputSchema, annotations.
// The same inputSchema is what arguments are validated against, so the two cannot drift.
#include "tools/catalog.hpp"

#include <boost/json.hpp>

namespace cats_mcp::tools {

boost::json::object input_schema(const Tool& tool);
boost::json::object output_schema(ResultKind kind);
boost::json::object annotations(const Tool& tool);
// The MCP Tool object: name, title, description, inputSchema, outputSchema, annotations.
boost::json::object tool_definition(const Tool& tool);

}  // namespace cats_mcp::tools
