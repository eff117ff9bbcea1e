// Command line: serve MCP over stdio (default), run one tool call, or print the catalog.
#include "cats/client.hpp"
#include "cats/curl_transport.hpp"
#include "mcp/protocol.hpp"
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

struct BackendSettings {
  double timeout_seconds = 30;
  std::string log_level = "info";
};

std::string env_or(const char* name, std::string fallback) {
  const char* v = std::getenv(name);
  return v && *v ? std::string(v) : fallback;
}

// The CATS client for the environment's key, or nullptr (after explaining) when there is none.
std::shared_ptr<cats::Client> make_client(const BackendSettings& settings, std::string& description) {
  std::string key = env_or("CATS_API_KEY", "");
  std::string base_url = env_or("CATS_API_BASE_URL", kDefaultBaseUrl);
  if (key.empty()) {
    std::fprintf(stderr,
                 "cats-contacts-mcp: CATS_API_KEY is not set. Set it to your CATS API key "
                 "(CATS: Settings > Administration > API Access).\n"
                 "The embedded sandbox backend, which will serve without a key, is not available in this version.\n");
    return nullptr;
  }
  cats::ClientOptions options;
  options.api_key = key;
  options.timeout = std::chrono::milliseconds(static_cast<long long>(settings.timeout_seconds * 1000));
  description = "CATS at " + base_url;
  return std::make_shared<cats::Client>(std::make_shared<cats::CurlTransport>(base_url), std::move(options));
}

int print_tools(bool as_json) {
  if (as_json) {
    json::array list;
    for (const auto& tool : tools::catalog()) list.push_back(tools::tool_definition(tool));
    std::cout << json::serialize(json::object{{"tools", std::move(list)}}) << "\n";
    return 0;
  }
  for (const auto& tool : tools::catalog()) {
    std::string flags = tool.safety == tools::Safety::read          ? "read"
                        : tool.safety == tools::Safety::destructive ? "destructive"
                                                                    : "write";
    std::printf("%-48s %-12s %s\n", std::string(tool.name).c_str(), flags.c_str(), std::string(tool.title).c_str());
  }
  return 0;
}

int run_call(const BackendSettings& settings, const std::string& tool_name, const std::string& args_text) {
  const tools::Tool* tool = tools::find_tool(tool_name);
  if (!tool) {
    std::fprintf(stderr, "cats-contacts-mcp: unknown tool %s (see `cats-contacts-mcp tools`)\n", tool_name.c_str());
    return 2;
  }
  boost::system::error_code ec;
  json::value args = json::parse(args_text.empty() ? "{}" : args_text, ec);
  if (ec || !args.is_object()) {
    std::fprintf(stderr, "cats-contacts-mcp: JSON-ARGS must be a JSON object, e.g. '{\"id\": 5}'\n");
    return 2;
  }
  std::string description;
  auto client = make_client(settings, description);
  if (!client) return 2;
  tools::ToolRunner runner(client);
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

int run_stdio_server(const BackendSettings& settings, std::size_t max_message_bytes) {
  mcp::ServerOptions server_options;
  auto client = make_client(settings, server_options.backend_description);
  if (!client) return 2;
  tools::ToolRunner runner(client);
  mcp::StdioOptions options;
  options.max_message_bytes = max_message_bytes;
  return mcp::serve_stdio(runner, server_options, options);
}

}  // namespace

int main(int argc, char** argv) {
  CLI::App app{"cats-contacts-mcp: an MCP server with the 44 cats_contacts_* tools of the CATS REST API v3.\n"
               "Without a subcommand it serves MCP over stdio.\n"
               "Environment: CATS_API_KEY (the CATS API key), CATS_API_BASE_URL (default " +
               std::string(kDefaultBaseUrl) + ")."};
  app.set_version_flag("--version", std::string(kServerName) + " " + kVersion);
  BackendSettings settings;
  std::size_t max_message_bytes = mcp::StdioOptions{}.max_message_bytes;
  app.add_option("--timeout", settings.timeout_seconds, "Seconds to wait for each CATS request")
      ->envname("CATS_TIMEOUT_SECONDS")
      ->check(CLI::Range(0.1, 600.0))
      ->capture_default_str();
  app.add_option("--log-level", settings.log_level, "stderr log level: debug, info, notice, warning, error")
      ->envname("CATS_MCP_LOG_LEVEL")
      ->check(CLI::IsMember({"debug", "info", "notice", "warning", "error", "critical", "alert", "emergency"}))
      ->capture_default_str();
  app.add_option("--max-message-bytes", max_message_bytes, "Largest JSON-RPC message accepted on stdin")
      ->check(CLI::Range(std::size_t(1024), std::size_t(256) * 1024 * 1024))
      ->capture_default_str();

  auto* call = app.add_subcommand("call", "Run one tool call and print its result as JSON (exit 1 on a tool error)");
  std::string tool_name, args_text;
  call->add_option("TOOL", tool_name, "Tool name, e.g. cats_contacts_get_a_contact")->required();
  call->add_option("JSON-ARGS", args_text, "Arguments as a JSON object, e.g. '{\"id\": 5}'");
  call->set_version_flag("--version", std::string(kServerName) + " " + kVersion);

  auto* list = app.add_subcommand("tools", "Print the tool catalog");
  bool as_json = false;
  list->add_flag("--json", as_json, "Print the tools/list JSON (schemas and annotations)");
  list->set_version_flag("--version", std::string(kServerName) + " " + kVersion);

  CLI11_PARSE(app, argc, argv);
  set_stderr_log_level(parse_log_level(settings.log_level).value_or(LogLevel::info));

  if (*list) return print_tools(as_json);
  if (*call) return run_call(settings, tool_name, args_text);
  return run_stdio_server(settings, max_message_bytes);
}
