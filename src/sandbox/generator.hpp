#pragma once
// `sandbox seed --contacts N`: adds N plausible contacts (names, titles, emails, phones,
// cities) to an account, through the same create rules as the API, in one transaction.
#include "sandbox/router.hpp"

namespace cats_mcp::sandbox {

// Returns the number of contacts the account has afterwards.
std::int64_t generate_contacts(Store& store, std::string_view api_key, std::int64_t count, const Limits& limits,
                               unsigned seed = 42);

}  // namespace cats_mcp::sandbox
