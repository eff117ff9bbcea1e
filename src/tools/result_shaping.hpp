#pragma once
// Turns a successful CATS response into the tool's structured result (by the catalog's
// ResultKind) and wraps any result or error text in an MCP CallToolResult.
#include "cats/http_types.hpp"
#include "tools/catalog.hpp"

#include <boost/json.hpp>

#include <string_view>

namespace cats_mcp::tools {

// The structured content for a 2xx response.
boost::json::object shape_result(ResultKind kind, const boost::json::object& arguments,
                                 cats::CatsResponse response);

// {content: [{type: text, text: <json>}], structuredContent: <structured>}
boost::json::object success_result(boost::json::object structured);
// {content: [{type: text, text}], isError: true}
boost::json::object error_result(std::string_view text);

}  // namespace cats_mcp::tools
