#pragma once
// Turns a successful CATS response into the tool's structured result (by the catalog's
// ResultKind) and wraps any result or error text in an MCP CallToolResult.
#include "cats/http_types.hpp"
#include "mcp/tool_provider.hpp"
#include "tools/catalog.hpp"

#include <boost/json.hpp>

#include <stdexcept>
#include <string_view>

namespace cats_mcp::tools {

// A 2xx answer that cannot honestly be reported as a success: not JSON where a record or a page
// was expected, or a create without the new record's id. what() is the text for the model.
struct UnusableAnswer : std::runtime_error {
  using std::runtime_error::runtime_error;
};

// The structured content for a 2xx response; throws UnusableAnswer. A collection's items lose
// `_links` and `_embedded`, then go through `summary` when one is given (Tool::summary).
boost::json::object shape_result(ResultKind kind, const boost::json::object& arguments,
                                 cats::CatsResponse response, ItemSummary summary = nullptr);

// The outcome of a call that CATS answered with a 2xx: success_result(shape_result(...)), or
// the error result that says why the answer cannot be used and what to do.
mcp::ToolOutcome answer(ResultKind kind, const boost::json::object& arguments, cats::CatsResponse response,
                        ItemSummary summary = nullptr);
// The same, as a bare CallToolResult.
boost::json::object answer_result(ResultKind kind, const boost::json::object& arguments,
                                  cats::CatsResponse response);

// {content: [{type: text, text: <json>}], structuredContent: <structured>}
boost::json::object success_result(boost::json::object structured);
// {content: [{type: text, text}], isError: true}
boost::json::object error_result(std::string_view text);

}  // namespace cats_mcp::tools
