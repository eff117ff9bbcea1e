#pragma once
// What a server is configured with, in every era and on every transport.
#include "mcp/tool_filter.hpp"

#include <chrono>
#include <cstddef>
#include <string>

namespace cats_mcp::mcp {

// How long a 2026-07-28 client may keep a cacheable result (ttlMs) and who may share a cached
// copy (cacheScope: "public" when every caller gets the same answer, "private" otherwise).
struct CachePolicy {
  std::chrono::milliseconds ttl;
  const char* scope;
};

struct ServerOptions {
  // What answers the tools, for the transports' start-up log line (the provider has its own copy
  // for its instructions).
  std::string backend_description;
  std::size_t tools_page_size = 100;  // tools/list page size; a server's whole set usually fits on one
  ToolFilter filter;                  // which of the provider's tools are offered
  // server/discover says nothing that changes while the process runs.
  CachePolicy discover_cache{std::chrono::hours(1), "public"};
  // tools/list is the same for every caller (the filter is the server's, and a provider's
  // definitions may not depend on who asks), but a definition may change while the server runs
  // (a provider may make a parameter required when the server's stored state changes): a minute
  // bounds how long a client keeps a stale schema.
  CachePolicy tools_list_cache{std::chrono::minutes(1), "public"};
  // A resource read through the network (ServerExtras::reads_like_calls) shows what the
  // caller's CATS account holds: the caller's own, and current within a minute.
  CachePolicy resource_cache{std::chrono::minutes(1), "private"};
};

}  // namespace cats_mcp::mcp
