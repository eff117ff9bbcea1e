#pragma once
// Lenient reading of CATS's HAL documents: the sources disagree on details (embedded keys,
// `total` as a number or a string or null, relative or absolute hrefs), so every reader
// here accepts all the forms seen.
#include <boost/json.hpp>

#include <cstdint>
#include <optional>
#include <string_view>

namespace cats_mcp::cats {

// The single array under `_embedded`, whatever its key; nullptr when there is none.
const boost::json::array* embedded_items(const boost::json::object& document);
boost::json::array* embedded_items(boost::json::object& document);

// A count given as a number, a numeric string, or null/absent (nullopt). A number that is not a
// whole int64 (1e300, 2.5, 2^64-1) is nullopt too: it is never cast.
std::optional<std::int64_t> lenient_integer(const boost::json::value* value);

// The `href` of `_links.<relation>`, if present.
std::optional<std::string_view> link_href(const boost::json::object& document, std::string_view relation);

// The `page` query parameter of an href, relative ("/contacts?page=2") or absolute.
std::optional<std::int64_t> page_of_href(std::string_view href);

// The id at the end of a Location header: ".../contacts/123" or ".../contacts/123/".
std::optional<std::int64_t> id_from_location(std::string_view location);

// Removes every `_links` member, at any depth, in place.
void strip_links(boost::json::value& value);
// A copy of `value` with every `_links` member removed.
boost::json::value without_links(const boost::json::value& value);

}  // namespace cats_mcp::cats
