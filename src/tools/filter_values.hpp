#pragma once
// The value of a CATS field filter arrives as text (a model fills one string parameter); CATS
// wants it in the JSON type its operator and field take. This is the filter tool's rewrite.
#include <boost/json.hpp>

#include <optional>
#include <string>
#include <string_view>

namespace cats_mcp::tools {

// The filter's value, given as text, in the JSON type its operator takes
// ("1,5" for between -> [1, 5]; "true" for is_empty -> true; "42" -> 42).
std::optional<boost::json::value> filter_value(std::string_view filter, std::string_view field, std::string_view text,
                                               std::string& error);

// Param::rewrite for the `value` of a field filter: reads `filter` and `field` from the arguments.
std::optional<boost::json::value> filter_value_argument(const boost::json::value& value,
                                                        const boost::json::object& arguments, std::string& error);

}  // namespace cats_mcp::tools
