// The command line: which command runs, with which settings (CLI11). The commands live in cli/.
#include "cli/commands.hpp"
#include "mcp/stdio_transport.hpp"
#include "sandbox/sandbox_transport.hpp"
#include "util/log.hpp"
#include "version.hpp"

#include <CLI/CLI.hpp>

#include <cstdio>

using namespace cats_mcp;
using namespace cats_mcp::cli;

int main(int argc, char** argv) {
  CLI::App app{"cats-contacts-mcp: an MCP server with the 44 cats_contacts_* tools of the CATS REST API v3.\n"
               "Without a subcommand it serves MCP over stdio.\n"
               "Environment: CATS_API_KEY (the CATS API key; without it the embedded sandbox serves), "
               "CATS_API_BASE_URL (default " + std::string(kDefaultBaseUrl) + "), CATS_SANDBOX_DB (the sandbox's database)."};
  app.set_version_flag("--version", std::string(kServerName) + " " + kVersion);
  // Global options are accepted after a subcommand too (`tools --read-only`, `call X '{}' --db F`):
  // subcommands made from here on hand the options they do not know to the program.
  app.fallthrough();
  Settings settings;
  std::size_t max_message_bytes = mcp::StdioOptions{}.max_message_bytes;
  app.add_option("--timeout", settings.timeout_seconds, "Seconds to wait for each CATS request")
      ->envname("CATS_TIMEOUT_SECONDS")
      ->check(CLI::Range(0.1, 600.0))
      ->capture_default_str();
  app.add_option("--call-deadline", settings.call_deadline_seconds,
                 "Seconds a tool call may take in all, CATS retries and waits included (below a client's usual 60 s)")
      ->envname("CATS_MCP_CALL_DEADLINE")
      ->check(CLI::Range(0.1, 3600.0))
      ->capture_default_str();
  app.add_option("--max-cats-inflight", settings.max_cats_inflight,
                 "CATS requests on the wire at once; beyond it a call waits its turn (and may be cancelled meanwhile)")
      ->envname("CATS_MCP_MAX_CATS_INFLIGHT")
      ->check(CLI::Range(std::size_t(1), std::size_t(1000000)))
      ->capture_default_str();
  app.add_option("--log-level", settings.log_level, "stderr log level: debug, info, notice, warning, error")
      ->envname("CATS_MCP_LOG_LEVEL")
      ->check(CLI::IsMember({"debug", "info", "notice", "warning", "error", "critical", "alert", "emergency"}))
      ->capture_default_str();
  app.add_option("--db", settings.sandbox_db, "The sandbox database (default: $XDG_DATA_HOME/cats-contacts-mcp/sandbox.db)")
      ->envname("CATS_SANDBOX_DB");
  app.add_flag("--read-only", settings.read_only, "Offer only the tools that change nothing")->envname("CATS_MCP_READ_ONLY");
  app.add_flag("--confirm-destructive", settings.confirm_destructive,
               "Ask the user (MCP elicitation) before any delete or tag replacement; a client that cannot be asked "
               "is refused. Replicas share CATS_MCP_STATE_KEY (64 hex digits)")
      ->envname("CATS_MCP_CONFIRM_DESTRUCTIVE");
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
  app.add_option("--oauth-issuer", http_flags.oauth_issuers,
                 "Accept OAuth access tokens (JWTs) from this issuer (repeatable); needs --public-url")
      ->envname("CATS_MCP_OAUTH_ISSUERS")->delimiter(',');
  app.add_option("--public-url", http_flags.public_url,
                 "This server's canonical URL, e.g. https://mcp.example.com/cats-contacts: the OAuth resource and audience")
      ->envname("CATS_MCP_PUBLIC_URL");
  app.add_option("--oauth-audience", http_flags.oauth_audience, "The audience (aud) access tokens must name (default: --public-url)")
      ->envname("CATS_MCP_OAUTH_AUDIENCE");
  app.add_option("--oauth-principal-claim", http_flags.oauth_principal_claim,
                 "The claim whose value is the principal that owns stored connections (e.g. an organisation id)")
      ->envname("CATS_MCP_OAUTH_PRINCIPAL_CLAIM")->capture_default_str();
  app.add_option("--header-timeout", http_flags.header_timeout_seconds, "Seconds a client has to send a request's headers")
      ->check(CLI::Range(1, 600))->capture_default_str();
  app.add_option("--session-idle", http_flags.session_idle_seconds, "Seconds after which an unused HTTP session ends")
      ->check(CLI::Range(1, 86400))->capture_default_str();
  app.add_option("--workers", http_flags.workers, "Threads for tool calls that may block (those that ask the client something); CATS calls wait on an event loop, "
                 "sandbox calls run on one thread per core")
      ->check(CLI::Range(1, 256))->capture_default_str();
  app.add_option("--io-threads", http_flags.io_threads, "Threads that run HTTP connections")
      ->check(CLI::Range(1, 64))->capture_default_str();
  app.add_option("--max-sessions", http_flags.max_sessions, "The most HTTP sessions open at once")
      ->check(CLI::Range(1, 1000000))->capture_default_str();
  app.add_option("--max-sessions-per-principal", http_flags.max_sessions_per_principal,
                 "The most HTTP sessions one principal keeps; its least recently used one makes room")
      ->check(CLI::Range(1, 1000000))->capture_default_str();
  app.add_option("--max-connections", http_flags.max_connections, "The most HTTP connections open at once")
      ->check(CLI::Range(1, 1000000))->capture_default_str();
  app.add_option("--max-connections-per-client", http_flags.max_connections_per_client,
                 "The most HTTP connections one client address holds open at once")
      ->check(CLI::Range(1, 100000))->capture_default_str();

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
  seed->add_option("--contacts", seed_count, "How many contacts to add (0: none, only open the database)")
      ->check(CLI::Range(0, 10'000'000))
      ->capture_default_str();
  seed->add_option("--account", seed_account, "The API key of the account to fill (default: the in-process demo account)");

  app.add_option("--state-db", settings.state_db, "Stored CATS connections (default: $XDG_DATA_HOME/cats-contacts-mcp/state.db)")
      ->envname("CATS_MCP_STATE_DB");
  auto* conns = app.add_subcommand("connections", "Stored CATS connections that tool calls select by PCID");
  conns->set_version_flag("--version", std::string(kServerName) + " " + kVersion);
  conns->require_subcommand(1);
  auto* conn_add = conns->add_subcommand("add", "Store a connection (the CATS API key is read from stdin) and print its PCID");
  std::string conn_owner, conn_label, conn_base_url, conn_pcid;
  std::string conn_add_owner = "local";  // who stdio and the call command act as
  bool conn_sandbox = false;
  conn_add->add_option("--owner", conn_add_owner,
                       "The principal that may use it: a bearer token's principal over HTTP; 'local' for stdio, "
                       "the call command, and HTTP without tokens")
      ->capture_default_str();
  conn_add->add_option("--label", conn_label, "A name for people")->required();
  conn_add->add_option("--base-url", conn_base_url, "The CATS API root (default " + std::string(kDefaultBaseUrl) + ")");
  conn_add->add_flag("--sandbox", conn_sandbox, "A sandbox account of its own instead of real CATS");
  conn_add->add_option("--state-db", settings.state_db, "The state database")->envname("CATS_MCP_STATE_DB");
  auto* conn_list = conns->add_subcommand("list", "List connections (never their keys), one JSON object per line");
  conn_list->add_option("--owner", conn_owner, "Only this principal's");
  conn_list->add_option("--state-db", settings.state_db, "The state database")->envname("CATS_MCP_STATE_DB");
  auto* conn_remove = conns->add_subcommand("remove", "Delete a connection");
  conn_remove->add_option("PCID", conn_pcid, "The connection's id")->required();
  conn_remove->add_option("--state-db", settings.state_db, "The state database")->envname("CATS_MCP_STATE_DB");
  auto* conn_rotate = conns->add_subcommand(
      "rotate-master-key",
      "Wrap every connection's data key with CATS_MCP_MASTER_KEY, opening those under CATS_MCP_MASTER_KEY_PREVIOUS; "
      "servers keep serving meanwhile");
  conn_rotate->add_option("--state-db", settings.state_db, "The state database")->envname("CATS_MCP_STATE_DB");

  // A usage error is exit 2 with CLI11's message, like every other refusal of this program;
  // --help and --version exit 0.
  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    return app.exit(e) == 0 ? 0 : 2;
  }
  set_stderr_log_level(parse_log_level(settings.log_level).value_or(LogLevel::info));

  // Every command reports what stops it in one line and exits 2: a database that is not one, a
  // port in use, an unreadable file. Nothing escapes to std::terminate's abort and core dump.
  try {
    ServedToolset listing;  // no backend yet: checks the tool names every command takes
    auto filter = filter_for(settings, listing.provider);
    if (*list) return print_tools(listing.provider, filter, as_json);
    if (*serve) return run_sandbox_serve(settings, listen, serve_options);
    if (*seed) return run_sandbox_seed(settings, seed_count, seed_account);
    if (*conn_add) return run_connections_add(settings, conn_add_owner, conn_label, conn_base_url, conn_sandbox);
    if (*conn_list) return run_connections_list(settings, conn_owner);
    if (*conn_remove) return run_connections_remove(settings, conn_pcid);
    if (*conn_rotate) return run_connections_rotate_master_key(settings);
    if (*call) return run_call(settings, tool_name, args_text);
    if (!http_flags.listen.empty()) return run_http_server(settings, http_flags);
    return run_stdio_server(settings, max_message_bytes);
  } catch (const std::exception& e) {
    std::fprintf(stderr, "cats-contacts-mcp: %s\n", e.what());
    return 2;
  }
}
