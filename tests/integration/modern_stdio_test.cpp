// MCP 2026-07-28 over stdio, through the real binary: server/discover at any time, a connection
// pinned to the era of its first other request, modern tool calls on the sandbox, cancellation.
#include "support/recording_cats.hpp"
#include "support/stdio_mcp_client.hpp"
#include "support/temp_dir.hpp"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <thread>

namespace json = boost::json;
using namespace cats_mcp::testing;
using ::testing::HasSubstr;
using namespace std::chrono_literals;

namespace {
// `params` with a _meta that claims 2026-07-28, plus `meta`'s keys.
json::object modern(json::object params = {}, json::object meta = {}) {
  json::object m{{"io.modelcontextprotocol/protocolVersion", "2026-07-28"},
                 {"io.modelcontextprotocol/clientCapabilities", json::object{}},
                 {"io.modelcontextprotocol/clientInfo", {{"name", "modern-integration-test"}, {"version", "1"}}}};
  for (auto& [key, value] : meta) m[key] = value;
  params["_meta"] = std::move(m);
  return params;
}

json::object request(json::value id, std::string_view method, json::object params) {
  return {{"jsonrpc", "2.0"}, {"id", id}, {"method", method}, {"params", std::move(params)}};
}

// A server on a fresh sandbox (no CATS key): demo contact 1 is Grace Hopper.
struct SandboxServer {
  TempDir dir;
  StdioMcpClient client{{}, {{"CATS_SANDBOX_DB", dir.file("sandbox.db")}}};
};

std::int64_t code(const json::object& response) {
  EXPECT_TRUE(response.contains("error")) << json::serialize(response);
  return response.contains("error") ? response.at("error").at("code").as_int64() : 0;
}

}  // namespace

TEST(ModernStdio, DiscoverNamesTheModernVersionAndTheServer) {
  SandboxServer s;
  auto r = s.client.call("server/discover", modern()).at("result").as_object();
  EXPECT_EQ(r.at("resultType"), "complete");
  EXPECT_EQ(r.at("supportedVersions"), json::parse(R"(["2026-07-28"])"));
  EXPECT_EQ(r.at("capabilities"), json::parse(R"({"tools":{},"logging":{},"resources":{}})"));
  EXPECT_THAT(std::string(r.at("instructions").as_string()), HasSubstr("Grace Hopper"));
  EXPECT_EQ(r.at("ttlMs"), 3600000);
  EXPECT_EQ(r.at("cacheScope"), "public");
  EXPECT_EQ(r.at("_meta").at("io.modelcontextprotocol/serverInfo").at("name"), "cats-contacts-mcp");
  EXPECT_FALSE(r.contains("serverInfo"));
}

TEST(ModernStdio, AModernRequestPinsTheConnectionModern) {
  SandboxServer s;
  auto& c = s.client;
  EXPECT_EQ(code(c.call("server/discover", {})), -32602);  // no _meta: refused, pins nothing
  auto listed = c.call("tools/list", modern()).at("result").as_object();
  EXPECT_EQ(listed.at("tools").as_array().size(), 44u);
  EXPECT_EQ(listed.at("resultType"), "complete");
  EXPECT_EQ(listed.at("ttlMs"), 60000);
  EXPECT_EQ(listed.at("cacheScope"), "public");

  auto init = c.initialize();  // claim-less initialize on a modern connection
  EXPECT_EQ(code(init), -32022);
  EXPECT_EQ(init.at("error").at("data"), json::parse(R"({"supported":["2026-07-28"],"requested":"2025-11-25"})"));
  EXPECT_EQ(code(c.call("tools/list")), -32602);
  EXPECT_EQ(code(c.call("ping")), -32602);
  EXPECT_EQ(code(c.call("ping", modern())), -32601);  // removed in 2026-07-28
  EXPECT_EQ(code(c.call("logging/setLevel", modern({{"level", "debug"}}))), -32601);
  EXPECT_EQ(c.call("server/discover", modern()).at("result").at("resultType"), "complete");
}

TEST(ModernStdio, AnUnsupportedOpeningVersionPinsNothing) {
  SandboxServer s;
  auto refused = s.client.call("tools/list", modern({}, {{"io.modelcontextprotocol/protocolVersion", "v999.0.0"}}));
  EXPECT_EQ(code(refused), -32022);
  EXPECT_EQ(refused.at("error").at("data"), json::parse(R"({"supported":["2026-07-28"],"requested":"v999.0.0"})"));
  EXPECT_EQ(s.client.initialize().at("result").at("protocolVersion"), "2025-11-25");  // still free to choose legacy
}

TEST(ModernStdio, DiscoverBeforeInitializeKeepsTheLegacyEraWorking) {
  SandboxServer s;
  auto& c = s.client;
  EXPECT_EQ(c.call("server/discover", modern()).at("result").at("resultType"), "complete");
  EXPECT_EQ(c.initialize().at("result").at("protocolVersion"), "2025-11-25");
  auto listed = c.call("tools/list").at("result").as_object();
  EXPECT_EQ(listed.at("tools").as_array().size(), 44u);
  EXPECT_FALSE(listed.contains("resultType"));
  EXPECT_EQ(c.call("ping").at("result"), json::value(json::object{}));
  auto contact = c.call_tool("cats_contacts_get_a_contact", {{"id", 1}});
  EXPECT_EQ(contact.at("structuredContent").at("last_name"), "Hopper");
  EXPECT_FALSE(contact.contains("resultType"));
  EXPECT_FALSE(contact.contains("_meta"));
  // A legacy-pinned connection still answers discover, and serves a claimed request as legacy.
  EXPECT_EQ(c.call("server/discover", modern()).at("result").at("supportedVersions"), json::parse(R"(["2026-07-28"])"));
  EXPECT_FALSE(c.call("tools/list", modern()).at("result").as_object().contains("resultType"));
}

TEST(ModernStdio, AModernToolCallOnTheSandbox) {
  SandboxServer s;
  auto& c = s.client;
  auto response = c.call("tools/call", modern({{"name", "cats_contacts_get_a_contact"}, {"arguments", {{"id", 1}}}}));
  auto r = response.at("result").as_object();
  EXPECT_EQ(r.at("structuredContent").at("first_name"), "Grace");
  EXPECT_EQ(r.at("structuredContent").at("last_name"), "Hopper");
  EXPECT_EQ(json::parse(r.at("content").at(0).at("text").as_string()), r.at("structuredContent"));
  EXPECT_EQ(r.at("resultType"), "complete");
  EXPECT_EQ(r.at("_meta").at("io.modelcontextprotocol/serverInfo").at("name"), "cats-contacts-mcp");
  EXPECT_TRUE(c.notifications.empty());  // no logLevel: no log notifications

  auto logged = c.call("tools/call", modern({{"name", "cats_contacts_get_a_contact"}, {"arguments", {{"id", 2}}}},
                                            {{"io.modelcontextprotocol/logLevel", "debug"}}));
  EXPECT_EQ(logged.at("result").at("structuredContent").at("last_name"), "Turing");
  ASSERT_FALSE(c.notifications.empty());  // before the response, on stdout
  EXPECT_EQ(c.notifications[0].at("method"), "notifications/message");
  EXPECT_EQ(c.notifications[0].at("params").at("level"), "debug");

  auto bad = c.call("tools/call", modern({{"name", "cats_contacts_get_a_contact"}, {"arguments", {{"id", "x"}}}}));
  EXPECT_EQ(bad.at("result").at("isError"), true);
  EXPECT_EQ(bad.at("result").at("resultType"), "complete");
}

TEST(ModernStdio, NotificationsCancelledCancelsAModernCall) {
  RecordingCats cats(slow_contact_one);
  StdioMcpClient client({}, {{"CATS_API_KEY", "cats-secret-key-modern"}, {"CATS_API_BASE_URL", cats.base_url()}});
  client.send(request(77, "tools/call", modern({{"name", "cats_contacts_get_a_contact"}, {"arguments", {{"id", 1}}}})));
  std::this_thread::sleep_for(200ms);
  client.send(json::parse(R"({"jsonrpc":"2.0","method":"notifications/cancelled","params":{"requestId":77,"reason":"changed my mind"}})"));
  std::this_thread::sleep_for(2000ms);  // past the slow answer
  client.send(request(78, "server/discover", modern()));
  auto next = client.next_message();
  ASSERT_TRUE(next);
  EXPECT_EQ(next->at("id"), 78);  // nothing for 77 came before it
}
