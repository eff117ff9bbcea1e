#pragma once
// Turns a failed CATS exchange into the short text a model reads in an `isError` result:
// what CATS said, the HTTP status, and what to do next.
#include "cats/client.hpp"

#include <string>

namespace cats_mcp::cats {

// nullopt when the outcome is a success (2xx).
std::optional<std::string> error_text(const CatsRequest& request, const ClientOutcome& outcome);

// The `message` of a CATS error body, or a trimmed excerpt of a non-JSON body (5xx pages may be HTML).
std::string cats_message(const CatsResponse& response);

// The existing record a 409 names (CATS's `data_item.id` when check_duplicate finds one).
std::optional<std::int64_t> duplicate_of(const CatsResponse& response);

}  // namespace cats_mcp::cats
