#pragma once
// What the command line and the environment decide, and the pieces every command builds from
// them: the backend, the stored connections around it, the toolset served, the tool filter.
#include "backend.hpp"
#include "mcp/tool_filter.hpp"
#include "tools/tool_runner.hpp"
#include "tools/toolset_provider.hpp"

#include <memory>
#include <optional>
#include <string>
#include <utility>
#include <vector>

namespace cats_mcp::cli {

inline constexpr const char* kDefaultBaseUrl = "https://api.catsone.com/v3";

struct Settings {
  double timeout_seconds = 30;
  double call_deadline_seconds = 50;  // --call-deadline / CATS_MCP_CALL_DEADLINE
  std::size_t max_cats_inflight = cats::CurlEngine::kDefaultMaxInFlight;  // --max-cats-inflight
  bool read_only = false;
  bool confirm_destructive = false;  // --confirm-destructive / CATS_MCP_CONFIRM_DESTRUCTIVE
  std::vector<std::string> only_tools, exclude_tools;
  std::string log_level = "info";
  std::string sandbox_db;  // --db / CATS_SANDBOX_DB
  std::string state_db;    // --state-db / CATS_MCP_STATE_DB: stored connections
};

struct HttpFlags {
  std::string listen;  // HOST:PORT; empty = stdio
  std::vector<std::string> allowed_hosts, allowed_origins;
  std::string tokens_file;
  long header_timeout_seconds = 10;
  long session_idle_seconds = 1800;
  std::size_t max_sessions = 1000;
  std::size_t max_sessions_per_principal = 100;
  std::size_t max_connections = 512;
  std::size_t max_connections_per_client = 64;
  unsigned workers = 32;
  unsigned io_threads = 2;
  // OAuth 2.1 resource server (docs: README, "Behind an identity provider").
  std::vector<std::string> oauth_issuers;
  std::string public_url;
  std::string oauth_audience;  // empty: the public URL
  std::string oauth_principal_claim = "sub";
};

std::string env_or(const char* name, std::string fallback);
std::string sandbox_db_path(const Settings& settings);
std::string state_db_path(const Settings& settings);
// Which of `provider`'s tools the settings offer; throws std::invalid_argument on an unknown tool.
mcp::ToolFilter filter_for(const Settings& settings, const mcp::ToolProvider& provider);

// The key replicas share for what they hand to clients (CATS_MCP_STATE_KEY, 64 hex digits):
// confirmation states and legacy session ids. nullopt when unset; throws std::invalid_argument
// when malformed (without repeating it).
std::optional<SealedToken> shared_state_key();
// With --confirm-destructive, makes `provider`'s destructive tools ask first, under the shared
// state key or a random one for this process.
void apply_confirmation(const Settings& settings, tools::ToolsetProvider& provider);

// The backend and, around it, the stored connections that PCIDs name. Built in place; when it
// ends, CATS requests still waiting (a drain past its deadline) are dropped with the engine.
struct Serving {
  Backend backend;
  std::shared_ptr<connections::ConnectionStore> state;
  std::shared_ptr<tools::ClientResolver> resolver;
  explicit Serving(const Settings& settings);
  ~Serving();
  Serving(const Serving&) = delete;
  Serving& operator=(const Serving&) = delete;
};

// The program's toolset behind the protocol core's port, with the runner its calls go through.
// Built in place: the provider refers to the runner.
struct ServedToolset {
  tools::ToolRunner runner;
  tools::ToolsetProvider provider;
  // Calls reach `serving`'s backend and stored connections.
  explicit ServedToolset(const Serving& serving);
  // No backend: enough to list the tools and check names; a call fails at once.
  ServedToolset();
  // The provider refers to this object's runner: a copy or a move would refer to another's.
  ServedToolset(const ServedToolset&) = delete;
  ServedToolset& operator=(const ServedToolset&) = delete;
};

// "127.0.0.1:8080" or "[::1]:8080" -> (host, port); nullopt when malformed.
std::optional<std::pair<std::string, unsigned short>> split_host_port(const std::string& listen);

}  // namespace cats_mcp::cli
