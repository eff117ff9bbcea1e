#include "support/stdio_mcp_client.hpp"

#include <gtest/gtest.h>

#include <cstdlib>

namespace cats_mcp::testing {
namespace json = boost::json;

namespace {
std::vector<std::string> argv_for(std::vector<std::string> extra) {
  // CATS_MCP_BINARY_UNDER_TEST points the tests at another build (one from before a fix).
  const char* other = std::getenv("CATS_MCP_BINARY_UNDER_TEST");
  std::vector<std::string> argv{other && *other ? other : CATS_MCP_BINARY};
  argv.insert(argv.end(), extra.begin(), extra.end());
  return argv;
}
}  // namespace

StdioMcpClient::StdioMcpClient(std::vector<std::string> extra_args, std::vector<std::pair<std::string, std::string>> env)
    : process_(argv_for(std::move(extra_args)), env) {}

void StdioMcpClient::send(const json::value& message) { process_.write_line(json::serialize(message)); }
void StdioMcpClient::send_raw(std::string_view line) { process_.write_line(line); }

std::optional<json::object> StdioMcpClient::next_message(std::chrono::milliseconds timeout) {
  auto line = process_.read_line(timeout);
  if (!line) return std::nullopt;
  stdout_lines.push_back(*line);
  boost::system::error_code ec;
  auto doc = json::parse(*line, ec);
  EXPECT_FALSE(ec) << "stdout carried a non-JSON line: " << line->substr(0, 200);
  if (ec || !doc.is_object()) return json::object{};
  EXPECT_EQ(doc.as_object().at("jsonrpc"), "2.0");
  return doc.as_object();
}

std::optional<json::object> StdioMcpClient::response_to(const json::value& id, std::chrono::milliseconds timeout) {
  auto deadline = std::chrono::steady_clock::now() + timeout;
  for (;;) {
    auto left = std::chrono::duration_cast<std::chrono::milliseconds>(deadline - std::chrono::steady_clock::now());
    if (left.count() <= 0) return std::nullopt;
    auto m = next_message(left);
    if (!m) return std::nullopt;
    if (!m->contains("id")) {
      notifications.push_back(*m);
      continue;
    }
    if (m->at("id") == id) return m;
    ADD_FAILURE() << "unexpected message: " << json::serialize(*m);
  }
}

json::object StdioMcpClient::call(std::string_view method, json::object params) {
  json::value id = next_id_++;
  send(json::object{{"jsonrpc", "2.0"}, {"id", id}, {"method", method}, {"params", std::move(params)}});
  auto r = response_to(id);
  if (!r) {
    ADD_FAILURE() << "no response to " << method << "; stderr: " << process_.stderr_text();
    return {};
  }
  return *r;
}

json::object StdioMcpClient::initialize() {
  auto r = call("initialize", {{"protocolVersion", "2025-11-25"},
                               {"capabilities", json::object{}},
                               {"clientInfo", {{"name", "integration-test"}, {"version", "1"}}}});
  send(json::object{{"jsonrpc", "2.0"}, {"method", "notifications/initialized"}});
  return r;
}

json::object StdioMcpClient::call_tool(std::string_view name, json::object arguments) {
  auto r = call("tools/call", {{"name", name}, {"arguments", std::move(arguments)}});
  if (!r.contains("result")) {
    ADD_FAILURE() << "tools/call " << name << " failed: " << json::serialize(r);
    return {};
  }
  return r.at("result").as_object();
}

}  // namespace cats_mcp::testing
