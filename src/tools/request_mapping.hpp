#pragma once
// Turns a tool call's (validated) arguments into the one CATS request the catalog entry
// describes: path parameters into the template, query parameters into the query string,
// body parameters into a JSON object (or the decoded bytes, for uploads). PCID stays behind.
#include "cats/http_types.hpp"
#include "tools/catalog.hpp"

#include <boost/json.hpp>

#include <optional>
#include <string>

namespace cats_mcp::tools {

struct MappedRequest {
  std::optional<cats::CatsRequest> request;
  std::string error;  // set when an argument could not be turned into a request
};

MappedRequest map_request(const Tool& tool, const boost::json::object& arguments);

// The filter's value, given as text, in the JSON type its operator takes
// ("1,5" for between -> [1, 5]; "true" for is_empty -> true; "42" -> 42).
std::optional<boost::json::value> filter_value(std::string_view filter, std::string_view field, std::string_view text,
                                               std::string& error);

}  // namespace cats_mcp::tools
