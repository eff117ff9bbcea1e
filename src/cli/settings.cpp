#include "cli/settings.hpp"

#include "connections/connection_store.hpp"
#include "sandbox/store.hpp"
#include "util/log.hpp"

#include <cstdlib>

namespace cats_mcp::cli {

std::string env_or(const char* name, std::string fallback) {
  const char* v = std::getenv(name);
  return v && *v ? std::string(v) : fallback;
}

std::string sandbox_db_path(const Settings& settings) {
  return settings.sandbox_db.empty() ? sandbox::default_database_path() : settings.sandbox_db;
}

namespace {
std::string trimmed(std::string text) {
  auto first = text.find_first_not_of(" \t\r\n");
  if (first == std::string::npos) return {};
  return text.substr(first, text.find_last_not_of(" \t\r\n") - first + 1);
}

BackendSettings backend_settings(const Settings& settings) {
  BackendSettings b;
  // A key read with $(cat key-file) ends in a newline; one of blanks only is no key at all.
  auto raw_key = env_or("CATS_API_KEY", "");
  b.api_key = trimmed(raw_key);
  if (!raw_key.empty() && b.api_key.empty())
    log(LogLevel::warning, "CATS_API_KEY is set but blank: serving the sandbox instead of CATS");
  b.base_url = env_or("CATS_API_BASE_URL", kDefaultBaseUrl);
  if (b.api_key.empty()) b.sandbox_db = sandbox_db_path(settings);
  b.timeout = std::chrono::milliseconds(static_cast<long long>(settings.timeout_seconds * 1000));
  b.call_deadline = std::chrono::milliseconds(static_cast<long long>(settings.call_deadline_seconds * 1000));
  b.max_cats_inflight = settings.max_cats_inflight;
  return b;
}

}  // namespace

std::string state_db_path(const Settings& settings) {
  return settings.state_db.empty() ? connections::default_state_path() : settings.state_db;
}

mcp::ToolFilter filter_for(const Settings& settings, const mcp::ToolProvider& provider) {
  return mcp::ToolFilter(provider, settings.read_only, settings.only_tools, settings.exclude_tools);
}

namespace {
// The program serves the toolset its registry holds; it holds one, the CATS contacts tools.
const tools::Toolset& served_toolset() { return *tools::registered_toolsets().front(); }
}  // namespace

std::optional<SealedToken> shared_state_key() {
  auto hex = env_or("CATS_MCP_STATE_KEY", "");
  if (hex.empty()) return std::nullopt;
  auto key = SealedToken::from_hex(hex);
  if (!key) throw std::invalid_argument("CATS_MCP_STATE_KEY must be 64 hex digits (32 bytes)");
  return key;
}

void apply_confirmation(const Settings& settings, tools::ToolsetProvider& provider) {
  if (!settings.confirm_destructive) return;
  // Without a shared key, states open only in this process: enough for one server, not for replicas.
  provider.require_confirmation(shared_state_key().value_or(SealedToken::with_random_key()));
}

ServedToolset::ServedToolset(const Serving& serving)
    : runner(serving.resolver), provider(served_toolset(), runner, serving.backend.for_model) {}

ServedToolset::ServedToolset() : runner(std::shared_ptr<cats::Client>()), provider(served_toolset(), runner, "no backend") {}

Serving::Serving(const Settings& settings) {
  auto b = backend_settings(settings);
  backend = make_backend(b);
  state = open_state(state_db_path(settings));
  resolver = make_resolver(backend, b, state);
}

Serving::~Serving() {
  if (backend.engine) backend.engine->stop();
}

std::optional<std::pair<std::string, unsigned short>> split_host_port(const std::string& listen) {
  auto colon = listen.rfind(':');
  if (colon == std::string::npos || colon == 0) return std::nullopt;
  try {
    auto port = std::stoul(listen.substr(colon + 1));
    if (port > 65535) return std::nullopt;
    std::string host = listen.substr(0, colon);
    if (host.size() > 2 && host.front() == '[' && host.back() == ']') host = host.substr(1, host.size() - 2);
    return std::make_pair(host, static_cast<unsigned short>(port));
  } catch (...) {
    return std::nullopt;
  }
}

}  // namespace cats_mcp::cli
