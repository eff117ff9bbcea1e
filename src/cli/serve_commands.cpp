// Serving MCP: over stdio, over Streamable HTTP, or for one call from the command line.
#include "cli/commands.hpp"

#include "cli/fetch_document.hpp"
#include "http/http_server.hpp"
#include "mcp/protocol.hpp"
#include "mcp/stdio_transport.hpp"
#include "util/log.hpp"
#include "util/open_files.hpp"

#include <algorithm>
#include <cstdio>
#include <iostream>

namespace cats_mcp::cli {
namespace json = boost::json;

int print_tools(tools::ToolsetProvider& provider, const mcp::ToolFilter& filter, bool as_json) {
  std::vector<std::string_view> offered = mcp::offered_tools(provider, filter);
  if (as_json) {
    json::array list;
    for (auto& definition : provider.definitions(offered)) list.push_back(std::move(definition));
    std::cout << json::serialize(json::object{{"tools", std::move(list)}}) << "\n";
    return 0;
  }
  for (auto name : offered) {
    const tools::Tool& tool = *provider.find(name);
    std::string flags = tool.safety == tools::Safety::read          ? "read"
                        : tool.safety == tools::Safety::destructive ? "destructive"
                                                                    : "write";
    std::printf("%-48s %-12s %s\n", std::string(tool.name).c_str(), flags.c_str(), std::string(tool.title).c_str());
  }
  return 0;
}

namespace {
// The result of a call the command line refuses, in the form of any failed call: exit 1.
int refused_call(const std::string& text) {
  std::cout << json::serialize(json::object{{"isError", true}, {"error", text}}) << "\n";
  return 1;
}
}  // namespace

int run_call(const Settings& settings, const std::string& requested_name, const std::string& args_text) {
  ServedToolset listing;  // which tools there are, before a backend is opened for the call
  // As --tools does, a name may leave out the toolset's prefix.
  std::string tool_name = requested_name;
  const mcp::ToolInfo* tool = mcp::find_tool(listing.provider, tool_name);
  if (!tool) {
    tool_name = std::string(listing.provider.name_prefix()) + requested_name;
    tool = mcp::find_tool(listing.provider, tool_name);
  }
  if (!tool) {
    std::fprintf(stderr, "cats-contacts-mcp: unknown tool %s (see `cats-contacts-mcp tools`)\n", requested_name.c_str());
    return 2;
  }
  if (auto why = filter_for(settings, listing.provider).why_not(*tool); !why.empty())
    return refused_call("Tool not available: " + tool_name + " (" + why + ")");
  boost::system::error_code ec;
  json::value args = json::parse(args_text.empty() ? "{}" : args_text, ec);
  if (ec || !args.is_object()) {
    std::fprintf(stderr, "cats-contacts-mcp: JSON-ARGS must be a JSON object, e.g. '{\"id\": 5}'\n");
    return 2;
  }
  Serving serving(settings);
  ServedToolset served(serving);
  apply_confirmation(settings, served.provider);  // the command line cannot be asked: refused
  mcp::ToolCall call;
  call.arguments = std::move(args.get_object());
  auto outcome = served.provider.call(tool_name, std::move(call));
  if (outcome.is_error) return refused_call(std::string(outcome.result["content"].as_array()[0].as_object()["text"].as_string()));
  std::cout << json::serialize(outcome.result["structuredContent"]) << "\n";
  return 0;
}

namespace {
// A server may hold a descriptor for every CATS request and every client connection at once:
// the soft open-files limit goes up to the hard one, and an operator hears if even that is short.
void prepare_descriptors(const Settings& settings, std::size_t max_connections) {
  auto limit = raise_open_files_limit();
  std::uint64_t wanted = settings.max_cats_inflight + max_connections + 64;
  json::object fields{{"soft", limit.soft}, {"before", limit.before}, {"hard", limit.hard}, {"wanted", wanted}};
  log(LogLevel::info, "open files limit", fields);
  if (limit.soft < wanted)
    log(LogLevel::warning, "the open-files limit is below --max-cats-inflight plus the connections served: "
                           "raise the hard limit (LimitNOFILE=) or lower --max-cats-inflight",
        fields);
}
}  // namespace

namespace {
// Legacy session notes live in the state database, beside the connections.
class StateSessionNotes final : public http::SessionNotes {
 public:
  explicit StateSessionNotes(std::shared_ptr<connections::ConnectionStore> state) : state_(std::move(state)) {}
  std::optional<SessionNote> find(const std::string& sid) override { return state_->session_note(sid); }
  void put(const std::string& sid, const SessionNote& note, std::int64_t expires_unix) override {
    state_->put_session_note(sid, note, expires_unix);
  }

 private:
  std::shared_ptr<connections::ConnectionStore> state_;
};
}  // namespace

namespace {
// The OAuth resource server the flags describe; nullptr without --oauth-issuer. Throws on a
// half-given or malformed configuration.
std::shared_ptr<http::OAuthResourceServer> oauth_resource_server(const HttpFlags& flags) {
  if (flags.oauth_issuers.empty()) {
    if (!flags.public_url.empty() || !flags.oauth_audience.empty())
      throw std::invalid_argument("--public-url and --oauth-audience take effect with --oauth-issuer");
    return nullptr;
  }
  if (flags.public_url.empty())
    throw std::invalid_argument("--oauth-issuer needs --public-url, the URL clients reach this server at (the "
                                "resource their access tokens are for)");
  http::OAuthSettings oauth;
  for (const auto& issuer : flags.oauth_issuers) {
    if (!is_secure_or_loopback_url(issuer))
      throw std::invalid_argument("--oauth-issuer must be an https URL (http only on a loopback address): " + issuer);
    oauth.issuers.push_back(issuer);
  }
  oauth.principal_claim = flags.oauth_principal_claim;
  auto server = std::make_shared<http::OAuthResourceServer>(flags.public_url, nullptr);
  oauth.audience = flags.oauth_audience.empty() ? server->resource : flags.oauth_audience;
  server->tokens = std::make_shared<http::AccessTokens>(std::move(oauth), fetch_document);
  prepare_document_fetching();            // before the fetching thread starts
  server->tokens->warm_in_background();   // the issuers' keys before the first request needs them
  return server;
}
}  // namespace

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
  options.max_sessions_per_principal = flags.max_sessions_per_principal;
  options.max_connections = flags.max_connections;
  options.max_connections_per_client = flags.max_connections_per_client;
  options.workers = flags.workers;
  options.io_threads = flags.io_threads;
  for (const auto& h : flags.allowed_hosts) options.origins.allow_host(h);
  for (const auto& o : flags.allowed_origins) options.origins.allow_origin(o);
  try {
    if (!flags.tokens_file.empty()) options.auth.load_file(flags.tokens_file);
    if (auto token = env_or("CATS_MCP_TOKEN", ""); !token.empty()) options.auth.add(token, "default");
    options.oauth = oauth_resource_server(flags);
  } catch (const std::exception& e) {
    std::fprintf(stderr, "cats-contacts-mcp: %s\n", e.what());
    return 2;
  }
  prepare_descriptors(settings, options.max_connections);
  Serving serving(settings);
  ServedToolset served(serving);
  apply_confirmation(settings, served.provider);
  // With a key replicas share, any replica serves any legacy session.
  if (auto key = shared_state_key())
    options.shared_sessions = std::make_shared<http::SharedSessions>(std::move(*key),
                                                                      std::make_shared<StateSessionNotes>(serving.state));
  mcp::ServerOptions server_options;
  server_options.backend_description = serving.backend.description;
  server_options.filter = filter_for(settings, served.provider);
  // With OAuth, tools/list depends on the caller's scopes: no shared cache may keep it.
  if (options.oauth) server_options.tools_list_cache.scope = "private";
  return http::serve_http(served.provider, server_options, std::move(options));
}

int run_stdio_server(const Settings& settings, std::size_t max_message_bytes) {
  prepare_descriptors(settings, 0);
  Serving serving(settings);
  ServedToolset served(serving);
  apply_confirmation(settings, served.provider);
  mcp::ServerOptions server_options;
  server_options.backend_description = serving.backend.description;
  server_options.filter = filter_for(settings, served.provider);
  mcp::StdioOptions options;
  options.max_message_bytes = max_message_bytes;
  return mcp::serve_stdio(served.provider, server_options, options);
}

}  // namespace cats_mcp::cli
