#pragma once
// Turns a tool call's (validated) arguments into the one CATS request the catalog entry
// describes: path parameters into the template, query parameters into the query string,
// body parameters into a JSON object (or the decoded bytes, for uploads), each through the
// rewrite its catalog entry names, if any. PCID stays behind.
#include "cats/http_types.hpp"
#include "tools/catalog.hpp"
#include "tools/filter_values.hpp"  // filter_value(), for the callers that knew it from here

#include <boost/json.hpp>

#include <optional>
#include <string>

namespace cats_mcp::tools {

struct MappedRequest {
  std::optional<cats::CatsRequest> request;
  std::string error;  // set when an argument could not be turned into a request
};

MappedRequest map_request(const Tool& tool, const boost::json::object& arguments);

}  // namespace cats_mcp::tools
