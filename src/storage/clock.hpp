#pragma once
// Timestamps as CATS writes them, for every record the server stores (sandbox rows, stored
// connections).
#include <string>

namespace cats_mcp::storage {

// The current time as RFC 3339 in UTC with an explicit offset: 2026-11-26T15:40:46+00:00.
std::string now_rfc3339();

}  // namespace cats_mcp::storage
