// Command line: serve MCP over stdio (default), run one tool call, or print the catalog.
#include "backend.hpp"
#include "connections/connection_store.hpp"
#include "sandbox/generator.hpp"
#include "sandbox/http_server.hpp"
#include "sandbox/sandbox_transport.hpp"
#include "sandbox/store.hpp"
#include "mcp/protocol.hpp"
#include "http/http_server.hpp"
#include "mcp/stdio_transport.hpp"
#include "tools/catalog.hpp"
#include "tools/tool_runner.hpp"
#include "tools/tool_schema.hpp"
#include "util/log.hpp"
#include "version.hpp"

#include <CLI/CLI.hpp>

#include <cstdio>
#include <cstdlib>
#include <iostream>

namespace {

using namespace cats_mcp;
namespace json = boost::json;

constexpr const char* kDefaultBaseUrl = "https://api.catsone.com/v3";

struct Settings {
  double timeout_seconds = 30;
  bool read_only = false;
  std::vector<std::string> only_tools, exclude_tools;
  std::string log_level = "info";
  std::string sandbox_db;  // --db / CATS_SANDBOX_DB
  std::string state_db;    // --state-db / CATS_MCP_STATE_DB: stored connections
};

std::string env_or(const char* name, std::string fallback) {
  const char* v = std::getenv(name);
  return v && *v ? std::string(v) : fallback;
}

std::string sandbox_db_path(const Settings& settings) {
  return settings.sandbox_db.empty() ? sandbox::default_database_path() : settings.sandbox_db;
}

BackendSettings backend_settings(const Settings& settings) {
  BackendSettings b;
  b.api_key = env_or("CATS_API_KEY", "");
  b.base_url = env_or("CATS_API_BASE_URL", kDefaultBaseUrl);
  if (b.api_key.empty()) b.sandbox_db = sandbox_db_path(settings);
  b.timeout = std::chrono::milliseconds(static_cast<long long>(settings.timeout_seconds * 1000));
  return b;
}

std::string state_db_path(const Settings& settings) {
  return settings.state_db.empty() ? connections::default_state_path() : settings.state_db;
}

tools::ToolFilter filter_for(const Settings& settings) {
  return tools::ToolFilter(settings.read_only, settings.only_tools, settings.exclude_tools);
}

// The backend and, around it, the stored connections that PCIDs name.
struct Serving {
  Backend backend;
  std::shared_ptr<tools::ClientResolver> resolver;
};

Serving serving_for(const Settings& settings) {
  auto b = backend_settings(settings);
  Serving s{make_backend(b), nullptr};
  s.resolver = make_resolver(s.backend, b, state_db_path(settings));
  return s;
}

int print_tools(const tools::ToolFilter& filter, bool as_json) {
  if (as_json) {
    json::array list;
    for (const auto& tool : tools::catalog())
      if (filter.allows(tool)) list.push_back(tools::tool_definition(tool));
    std::cout << json::serialize(json::object{{"tools", std::move(list)}}) << "\n";
    return 0;
  }
  for (const auto& tool : tools::catalog()) {
    if (!filter.allows(tool)) continue;
    std::string flags = tool.safety == tools::Safety::read          ? "read"
                        : tool.safety == tools::Safety::destructive ? "destructive"
                                                                    : "write";
    std::printf("%-48s %-12s %s\n", std::string(tool.name).c_str(), flags.c_str(), std::string(tool.title).c_str());
  }
  return 0;
}

int run_call(const Settings& settings, const std::string& tool_name, const std::string& args_text) {
  const tools::Tool* tool = tools::find_tool(tool_name);
  if (!tool) {
    std::fprintf(stderr, "cats-contacts-mcp: unknown tool %s (see `cats-contacts-mcp tools`)\n", tool_name.c_str());
    return 2;
  }
  if (auto why = filter_for(settings).why_not(*tool); !why.empty()) {
    std::fprintf(stderr, "cats-contacts-mcp: %s is not available: %s\n", tool_name.c_str(), why.c_str());
    return 2;
  }
  boost::system::error_code ec;
  json::value args = json::parse(args_text.empty() ? "{}" : args_text, ec);
  if (ec || !args.is_object()) {
    std::fprintf(stderr, "cats-contacts-mcp: JSON-ARGS must be a JSON object, e.g. '{\"id\": 5}'\n");
    return 2;
  }
  auto serving = serving_for(settings);
  tools::ToolRunner runner(serving.resolver);
  json::object result = runner.call(*tool, args.get_object(), {});
  bool is_error = result.contains("isError");
  if (is_error) {
    json::object out{{"isError", true}, {"error", result["content"].as_array()[0].as_object()["text"]}};
    std::cout << json::serialize(out) << "\n";
    return 1;
  }
  std::cout << json::serialize(result["structuredContent"]) << "\n";
  return 0;
}

struct HttpFlags {
  std::string listen;  // HOST:PORT; empty = stdio
  std::vector<std::string> allowed_hosts, allowed_origins;
  std::string tokens_file;
  long header_timeout_seconds = 10;
  long session_idle_seconds = 1800;
  std::size_t max_sessions = 1000;
  unsigned workers = 8;
  unsigned io_threads = 2;
};

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

int run_http_server(const Settings& settings, const HttpFlags& flags) {
  auto where = split_host_port(flags.listen);
  if (!where) {
    std::fprintf(stderr, "cats-contacts-mcp: --http takes HOST:PORT, e.g. 127.0.0.1:8080\n");
    return 2;
  }
  http::HttpOptions options;
  options.host = where->first;
  options.port = where->second;
  options.header_timeout = std::chrono::seconds(flags.header_timeout_seconds);
  options.session_idle = std::chrono::seconds(flags.session_idle_seconds);
  options.max_sessions = flags.max_sessions;
  options.workers = flags.workers;
  options.io_threads = flags.io_threads;
  for (const auto& h : flags.allowed_hosts) options.origins.allow_host(h);
  for (const auto& o : flags.allowed_origins) options.origins.allow_origin(o);
  try {
    if (!flags.tokens_file.empty()) options.auth.load_file(flags.tokens_file);
    if (auto token = env_or("CATS_MCP_TOKEN", ""); !token.empty()) options.auth.add(token, "default");
  } catch (const std::exception& e) {
    std::fprintf(stderr, "cats-contacts-mcp: %s\n", e.what());
    return 2;
  }
  mcp::ServerOptions server_options;
  auto serving = serving_for(settings);
  server_options.backend_description = serving.backend.description;
  server_options.filter = filter_for(settings);
  tools::ToolRunner runner(serving.resolver);
  return http::serve_http(runner, server_options, std::move(options));
}

int run_stdio_server(const Settings& settings, std::size_t max_message_bytes) {
  mcp::ServerOptions server_options;
  auto serving = serving_for(settings);
  server_options.backend_description = serving.backend.description;
  server_options.filter = filter_for(settings);
  tools::ToolRunner runner(serving.resolver);
  mcp::StdioOptions options;
  options.max_message_bytes = max_message_bytes;
  options.inline_tool_calls = serving.backend.sandbox;
  return mcp::serve_stdio(runner, server_options, options);
}

int run_sandbox_serve(const Settings& settings, const std::string& listen, sandbox::ServeOptions options) {
  auto colon = listen.rfind(':');
  if (colon == std::string::npos) {
    std::fprintf(stderr, "cats-contacts-mcp: --listen takes HOST:PORT, e.g. 127.0.0.1:8089\n");
    return 2;
  }
  options.host = listen.substr(0, colon);
  options.port = static_cast<unsigned short>(std::stoul(listen.substr(colon + 1)));
  auto store = std::make_shared<sandbox::Store>(sandbox_db_path(settings));
  auto router = std::shared_ptr<sandbox::Router>(new sandbox::Router(*store, {options.max_upload_bytes}),
                                                 [store](sandbox::Router* r) { delete r; });
  return sandbox::serve_sandbox(router, options);
}

int run_connections_add(const Settings& settings, const std::string& owner, const std::string& label,
                        const std::string& base_url, bool sandbox_account) {
  if (sandbox_account == !base_url.empty()) {
    std::fprintf(stderr, "cats-contacts-mcp: give exactly one of --base-url URL or --sandbox\n");
    return 2;
  }
  std::string key;
  if (!sandbox_account) {
    std::getline(std::cin, key);  // the key comes on stdin, never on the command line
    while (!key.empty() && (key.back() == '\r' || key.back() == ' ')) key.pop_back();
    if (key.empty()) {
      std::fprintf(stderr, "cats-contacts-mcp: pass the CATS API key on stdin\n");
      return 2;
    }
  }
  connections::ConnectionStore store(state_db_path(settings));
  std::printf("%s\n", store.add(owner, label, sandbox_account ? "sandbox" : "cats", base_url, key).c_str());
  return 0;
}

int run_connections_list(const Settings& settings, const std::string& owner) {
  connections::ConnectionStore store(state_db_path(settings));
  for (const auto& c : store.list(owner.empty() ? std::nullopt : std::optional(owner)))
    std::printf("%s\n", json::serialize(json::object{{"pcid", c.pcid}, {"owner", c.owner}, {"label", c.label},
                                                      {"kind", c.kind}, {"base_url", c.base_url},
                                                      {"date_created", c.date_created}}).c_str());
  return 0;
}

int run_connections_remove(const Settings& settings, const std::string& pcid) {
  connections::ConnectionStore store(state_db_path(settings));
  if (store.remove(pcid)) return 0;
  std::fprintf(stderr, "cats-contacts-mcp: no connection %s\n", pcid.c_str());
  return 1;
}

int run_sandbox_seed(const Settings& settings, std::int64_t count, const std::string& account) {
  sandbox::Store store(sandbox_db_path(settings));
  auto total = sandbox::generate_contacts(store, account, count, {});
  std::printf("%s\n", json::serialize(json::object{{"added", count}, {"contacts", total}}).c_str());
  return 0;
}

}  // namespace

int main(int argc, char** argv) {
  CLI::App app{"cats-contacts-mcp: an MCP server with the 44 cats_contacts_* tools of the CATS REST API v3.\n"
               "Without a subcommand it serves MCP over stdio.\n"
               "Environment: CATS_API_KEY (the CATS API key; without it the embedded sandbox serves), "
               "CATS_API_BASE_URL (default " + std::string(kDefaultBaseUrl) + "), CATS_SANDBOX_DB (the sandbox's database)."};
  app.set_version_flag("--version", std::string(kServerName) + " " + kVersion);
  Settings settings;
  std::size_t max_message_bytes = mcp::StdioOptions{}.max_message_bytes;
  app.add_option("--timeout", settings.timeout_seconds, "Seconds to wait for each CATS request")
      ->envname("CATS_TIMEOUT_SECONDS")
      ->check(CLI::Range(0.1, 600.0))
      ->capture_default_str();
  app.add_option("--log-level", settings.log_level, "stderr log level: debug, info, notice, warning, error")
      ->envname("CATS_MCP_LOG_LEVEL")
      ->check(CLI::IsMember({"debug", "info", "notice", "warning", "error", "critical", "alert", "emergency"}))
      ->capture_default_str();
  app.add_option("--db", settings.sandbox_db, "The sandbox database (default: $XDG_DATA_HOME/cats-contacts-mcp/sandbox.db)")
      ->envname("CATS_SANDBOX_DB");
  app.add_flag("--read-only", settings.read_only, "Offer only the tools that change nothing")->envname("CATS_MCP_READ_ONLY");
  app.add_option("--tools", settings.only_tools, "Offer only these tools (comma-separated; the cats_contacts_ prefix may be left out)")
      ->delimiter(',')->envname("CATS_MCP_TOOLS");
  app.add_option("--exclude-tools", settings.exclude_tools, "Never offer these tools")->delimiter(',')->envname("CATS_MCP_EXCLUDE_TOOLS");
  app.add_option("--max-message-bytes", max_message_bytes, "Largest JSON-RPC message accepted on stdin")
      ->check(CLI::Range(std::size_t(1024), std::size_t(256) * 1024 * 1024))
      ->capture_default_str();

  HttpFlags http_flags;
  app.add_option("--http", http_flags.listen, "Serve MCP over Streamable HTTP at HOST:PORT (path /cats-contacts) instead of stdio");
  app.add_option("--allowed-hosts", http_flags.allowed_hosts, "Host names accepted besides the loopback names")->delimiter(',');
  app.add_option("--allowed-origins", http_flags.allowed_origins, "Origins accepted besides the loopback ones ('*': any)")->delimiter(',');
  app.add_option("--tokens-file", http_flags.tokens_file, "Bearer tokens, one 'token principal' per line (or CATS_MCP_TOKEN)");
  app.add_option("--header-timeout", http_flags.header_timeout_seconds, "Seconds a client has to send a request's headers")
      ->check(CLI::Range(1, 600))->capture_default_str();
  app.add_option("--session-idle", http_flags.session_idle_seconds, "Seconds after which an unused HTTP session ends")
      ->check(CLI::Range(1, 86400))->capture_default_str();
  app.add_option("--workers", http_flags.workers, "Threads that run tool calls (HTTP)")
      ->check(CLI::Range(1, 256))->capture_default_str();
  app.add_option("--io-threads", http_flags.io_threads, "Threads that run HTTP connections")
      ->check(CLI::Range(1, 64))->capture_default_str();
  app.add_option("--max-sessions", http_flags.max_sessions, "The most HTTP sessions open at once")
      ->check(CLI::Range(1, 1000000))->capture_default_str();

  auto* call = app.add_subcommand("call", "Run one tool call and print its result as JSON (exit 1 on a tool error)");
  std::string tool_name, args_text;
  call->add_option("TOOL", tool_name, "Tool name, e.g. cats_contacts_get_a_contact")->required();
  call->add_option("JSON-ARGS", args_text, "Arguments as a JSON object, e.g. '{\"id\": 5}'");
  call->set_version_flag("--version", std::string(kServerName) + " " + kVersion);

  auto* list = app.add_subcommand("tools", "Print the tool catalog");
  bool as_json = false;
  list->add_flag("--json", as_json, "Print the tools/list JSON (schemas and annotations)");
  list->set_version_flag("--version", std::string(kServerName) + " " + kVersion);

  auto* sandbox_cmd = app.add_subcommand("sandbox", "The embedded CATS-compatible sandbox");
  sandbox_cmd->set_version_flag("--version", std::string(kServerName) + " " + kVersion);
  sandbox_cmd->require_subcommand(1);
  auto* serve = sandbox_cmd->add_subcommand("serve", "Serve the sandbox's CATS v3 API over HTTP at /v3/...");
  serve->set_version_flag("--version", std::string(kServerName) + " " + kVersion);
  std::string listen = "127.0.0.1:8089";
  sandbox::ServeOptions serve_options;
  serve->add_option("--db", settings.sandbox_db, "The sandbox database")->envname("CATS_SANDBOX_DB");
  serve->add_option("--listen", listen, "HOST:PORT to listen on (port 0 picks a free one)")->capture_default_str();
  serve->add_option("--rate-limit", serve_options.rate_limit_per_hour,
                    "Requests per hour per API key before 429 (0: report a budget of 500, never refuse)")
      ->check(CLI::NonNegativeNumber)
      ->capture_default_str();
  serve->add_option("--max-upload-bytes", serve_options.max_upload_bytes, "The attachment size limit")->capture_default_str();
  auto* seed = sandbox_cmd->add_subcommand("seed", "Add generated contacts to a sandbox account");
  seed->set_version_flag("--version", std::string(kServerName) + " " + kVersion);
  std::int64_t seed_count = 1000;
  std::string seed_account = sandbox::kDemoAccountKey;
  seed->add_option("--db", settings.sandbox_db, "The sandbox database")->envname("CATS_SANDBOX_DB");
  seed->add_option("--contacts", seed_count, "How many contacts to add")->check(CLI::Range(1, 10'000'000))->capture_default_str();
  seed->add_option("--account", seed_account, "The API key of the account to fill (default: the in-process demo account)");

  app.add_option("--state-db", settings.state_db, "Stored CATS connections (default: $XDG_DATA_HOME/cats-contacts-mcp/state.db)")
      ->envname("CATS_MCP_STATE_DB");
  auto* conns = app.add_subcommand("connections", "Stored CATS connections that tool calls select by PCID");
  conns->set_version_flag("--version", std::string(kServerName) + " " + kVersion);
  conns->require_subcommand(1);
  auto* conn_add = conns->add_subcommand("add", "Store a connection (the CATS API key is read from stdin) and print its PCID");
  std::string conn_owner, conn_label, conn_base_url, conn_pcid;
  bool conn_sandbox = false;
  conn_add->add_option("--owner", conn_owner, "The principal (bearer token's name) that may use it")->required();
  conn_add->add_option("--label", conn_label, "A name for people")->required();
  conn_add->add_option("--base-url", conn_base_url, "The CATS API root, e.g. https://api.catsone.com/v3");
  conn_add->add_flag("--sandbox", conn_sandbox, "A sandbox account of its own instead of real CATS");
  conn_add->add_option("--state-db", settings.state_db, "The state database")->envname("CATS_MCP_STATE_DB");
  auto* conn_list = conns->add_subcommand("list", "List connections (never their keys), one JSON object per line");
  conn_list->add_option("--owner", conn_owner, "Only this principal's");
  conn_list->add_option("--state-db", settings.state_db, "The state database")->envname("CATS_MCP_STATE_DB");
  auto* conn_remove = conns->add_subcommand("remove", "Delete a connection");
  conn_remove->add_option("PCID", conn_pcid, "The connection's id")->required();
  conn_remove->add_option("--state-db", settings.state_db, "The state database")->envname("CATS_MCP_STATE_DB");

  CLI11_PARSE(app, argc, argv);
  set_stderr_log_level(parse_log_level(settings.log_level).value_or(LogLevel::info));

  try {
    filter_for(settings);
  } catch (const std::exception& e) {
    std::fprintf(stderr, "cats-contacts-mcp: %s\n", e.what());
    return 2;
  }
  if (*list) return print_tools(filter_for(settings), as_json);
  if (*serve) return run_sandbox_serve(settings, listen, serve_options);
  if (*seed) return run_sandbox_seed(settings, seed_count, seed_account);
  try {
    if (*conn_add) return run_connections_add(settings, conn_owner, conn_label, conn_base_url, conn_sandbox);
    if (*conn_list) return run_connections_list(settings, conn_owner);
    if (*conn_remove) return run_connections_remove(settings, conn_pcid);
  } catch (const std::exception& e) {
    std::fprintf(stderr, "cats-contacts-mcp: %s\n", e.what());
    return 2;
  }
  if (*call) return run_call(settings, tool_name, args_text);
  if (!http_flags.listen.empty()) return run_http_server(settings, http_flags);
  return run_stdio_server(settings, max_message_bytes);
}
