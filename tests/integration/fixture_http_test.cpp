// The protocol core and HTTP transport through the conformance fixture server, for what the
// product's tools never do: a modern call that needs an undeclared capability answers HTTP 400
// even when it asked for a stream, and prompts and resources are served with their headers.
#include "support/http_test_server.hpp"

#include <boost/json.hpp>
#include <gmock/gmock.h>
#include <gtest/gtest.h>

namespace json = boost::json;
using namespace cats_mcp::testing;
using Headers = std::vector<std::pair<std::string, std::string>>;

namespace {
std::string modern_call(int id, std::string_view method, json::object params, json::object meta_extra = {}) {
  json::object meta{{"io.modelcontextprotocol/protocolVersion", "2026-07-28"},
                    {"io.modelcontextprotocol/clientCapabilities", json::object{}}};
  for (auto& [k, v] : meta_extra) meta[k] = v;
  params["_meta"] = std::move(meta);
  return json::serialize(json::object{{"jsonrpc", "2.0"}, {"id", id}, {"method", method}, {"params", std::move(params)}});
}
Headers standard(std::string method, std::string name = {}) {
  Headers h{{"MCP-Protocol-Version", "2026-07-28"}, {"Mcp-Method", std::move(method)}};
  if (!name.empty()) h.emplace_back("Mcp-Name", std::move(name));
  return h;
}
}  // namespace

TEST(FixtureHttp, AMissingCapabilityIs400EvenWhenTheRequestAskedForAStream) {
  HttpServer server({}, {}, CONFORMANCE_FIXTURE_BINARY);
  for (json::object extra : {json::object{}, json::object{{"progressToken", "p-1"}}, json::object{{"io.modelcontextprotocol/logLevel", "debug"}}}) {
    auto r = server.post(modern_call(401, "tools/call", {{"name", "test_missing_capability"}, {"arguments", json::object{}}}, extra),
                         standard("tools/call", "test_missing_capability"));
    EXPECT_EQ(r.status, 400) << json::serialize(extra) << ": " << r.body;
    auto doc = json::parse(r.body);
    EXPECT_EQ(doc.at("error").at("code"), -32021);
    EXPECT_EQ(doc.at("error").at("data").at("requiredCapabilities"), json::parse(R"({"sampling":{}})"));
    EXPECT_EQ(doc.at("id"), 401);
  }
}

TEST(FixtureHttp, ProgressStillStreamsWhenTheCallSendsSome) {
  HttpServer server({}, {}, CONFORMANCE_FIXTURE_BINARY);
  auto r = server.post(modern_call(5, "tools/call", {{"name", "test_tool_with_progress"}, {"arguments", json::object{}}},
                                   {{"progressToken", "p-2"}}),
                       standard("tools/call", "test_tool_with_progress"));
  ASSERT_EQ(r.status, 200);
  EXPECT_THAT(r.headers["content-type"], ::testing::HasSubstr("text/event-stream"));
  EXPECT_THAT(r.body, ::testing::HasSubstr("notifications/progress"));
}

TEST(FixtureHttp, PromptsAndResourcesNeedTheirMcpName) {
  HttpServer server({}, {}, CONFORMANCE_FIXTURE_BINARY);
  auto read = server.post(modern_call(6, "resources/read", {{"uri", "test://static-text"}}),
                          standard("resources/read", "test://static-text"));
  ASSERT_EQ(read.status, 200) << read.body;
  EXPECT_EQ(json::parse(read.body).at("result").at("contents").at(0).at("text"), "This is the content of the static text resource.");
  auto unnamed = server.post(modern_call(7, "prompts/get", {{"name", "test_simple_prompt"}}), standard("prompts/get"));
  EXPECT_EQ(unnamed.status, 400);
  EXPECT_EQ(json::parse(unnamed.body).at("error").at("code"), -32020);
}
