#pragma once
// CATS's Location headers and `_links` hrefs are absolute URLs
// (https://api.catsone.com/v3/contacts/5); handlers write them as paths under the API root
// ("/contacts/5"), and this makes them absolute on the way out, for every route at once.
#include "sandbox/api.hpp"

#include <string_view>

namespace cats_mcp::sandbox {

// Prefixes `api_root` to the Location header and to every `_links` href of `response` that is
// a path ("/..."). Edits the response's own document in place.
void make_links_absolute(Response& response, std::string_view api_root);

}  // namespace cats_mcp::sandbox
