// MCP 2026-07-28 over Streamable HTTP, through the real binary: requests served without
// sessions, the headers checked against the body in the order the revision fixes, the
// statuses of its errors (400, 404, 405), PCID mirrored in Mcp-Param-PCID, per-request
// streams without event ids, and a closed stream cancelling its call.
#include "support/http_test_server.hpp"
#include "support/recording_cats.hpp"

#include <boost/json.hpp>
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <regex>

namespace json = boost::json;
using namespace cats_mcp::testing;
using ::testing::HasSubstr;
using namespace std::chrono_literals;
using Headers = std::vector<std::pair<std::string, std::string>>;

namespace {

constexpr const char* kVersion = "2026-07-28";

json::object meta(std::string_view version = kVersion) {
  return {{"io.modelcontextprotocol/protocolVersion", version},
          {"io.modelcontextprotocol/clientCapabilities", json::object{}},
          {"io.modelcontextprotocol/clientInfo", {{"name", "modern-http-test"}, {"version", "1"}}}};
}

std::string request(int id, std::string_view method, json::object params = {}, json::object with_meta = meta()) {
  params["_meta"] = std::move(with_meta);
  return json::serialize(json::object{{"jsonrpc", "2.0"}, {"id", id}, {"method", method}, {"params", std::move(params)}});
}

std::string tool_call(int id, std::string_view tool, json::object arguments, json::object with_meta = meta()) {
  return request(id, "tools/call", {{"name", tool}, {"arguments", std::move(arguments)}}, std::move(with_meta));
}

// The headers a conformant client sends with a request for `method` (and `name`, for tools/call).
Headers standard(std::string_view method, std::string_view name = {}) {
  Headers h{{"MCP-Protocol-Version", kVersion}, {"Mcp-Method", std::string(method)}};
  if (!name.empty()) h.emplace_back("Mcp-Name", std::string(name));
  return h;
}

Headers with(Headers h, std::string name, std::string value) {
  h.emplace_back(std::move(name), std::move(value));
  return h;
}

Headers without(Headers h, std::string_view name) {
  std::erase_if(h, [&](const auto& header) { return header.first == name; });
  return h;
}

json::object error_of(const HttpReply& r) {
  auto doc = json::parse(r.body).as_object();
  EXPECT_TRUE(doc.contains("error")) << r.body;
  return doc.contains("error") ? doc.at("error").as_object() : json::object{};
}

struct SandboxHttp {
  TempDir dir;
  HttpServer server{{}, sandbox_env(dir)};
};

std::string raw_modern_post(std::string_view body, std::string_view method, std::string_view name) {
  return "POST /cats-contacts HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\n"
         "Accept: application/json, text/event-stream\r\nMCP-Protocol-Version: 2026-07-28\r\nMcp-Method: " +
         std::string(method) + "\r\nMcp-Name: " + std::string(name) + "\r\nContent-Length: " + std::to_string(body.size()) +
         "\r\n\r\n" + std::string(body);
}

}  // namespace

TEST(ModernHttp, DiscoverIsServedWithoutASession) {
  SandboxHttp s;
  auto r = s.server.post(request(1, "server/discover"), standard("server/discover"));
  ASSERT_EQ(r.status, 200) << r.body;
  auto result = json::parse(r.body).at("result").as_object();
  EXPECT_EQ(result.at("resultType"), "complete");
  EXPECT_EQ(result.at("supportedVersions"), json::parse(R"(["2026-07-28"])"));
  EXPECT_EQ(result.at("_meta").at("io.modelcontextprotocol/serverInfo").at("name"), "cats-contacts-mcp");
  EXPECT_EQ(r.headers.count("mcp-session-id"), 0u);

  // clientInfo is a SHOULD: a request without it is served.
  auto bare = meta();
  bare.erase("io.modelcontextprotocol/clientInfo");
  EXPECT_EQ(s.server.post(request(2, "server/discover", {}, bare), standard("server/discover")).status, 200);
}

TEST(ModernHttp, AnIncompleteMetaIs400InvalidParamsWithTheIdEchoed) {
  SandboxHttp s;
  // A modern MCP-Protocol-Version header without any _meta: modern, and malformed.
  auto r = s.server.post(R"({"jsonrpc":"2.0","id":101,"method":"server/discover","params":{}})", standard("server/discover"));
  EXPECT_EQ(r.status, 400);
  EXPECT_EQ(error_of(r).at("code"), -32602);
  EXPECT_EQ(json::parse(r.body).at("id"), 101);

  for (auto key : {"io.modelcontextprotocol/protocolVersion", "io.modelcontextprotocol/clientCapabilities"}) {
    auto partial = meta();
    partial.erase(key);
    auto missing = s.server.post(request(102, "server/discover", {}, partial), standard("server/discover"));
    EXPECT_EQ(missing.status, 400) << key;
    EXPECT_EQ(error_of(missing).at("code"), -32602) << key;
    EXPECT_EQ(json::parse(missing.body).at("id"), 102);
  }
}

TEST(ModernHttp, TheVersionHeaderMustRepeatTheMetaVersionBeforeTheVersionIsJudged) {
  SandboxHttp s;
  // Header and _meta disagree: a header mismatch, although the _meta version is not served either.
  auto mismatch = s.server.post(request(1, "server/discover", {}, meta("v999.0.0")), standard("server/discover"));
  EXPECT_EQ(mismatch.status, 400);
  EXPECT_EQ(error_of(mismatch).at("code"), -32020);

  // Both name an unserved version: -32022 with what is served and what was asked.
  auto unsupported = s.server.post(request(2, "server/discover", {}, meta("v999.0.0")),
                                   with(without(standard("server/discover"), "MCP-Protocol-Version"), "MCP-Protocol-Version", "v999.0.0"));
  EXPECT_EQ(unsupported.status, 400);
  auto error = error_of(unsupported);
  EXPECT_EQ(error.at("code"), -32022);
  EXPECT_EQ(error.at("data").at("supported"), json::parse(R"(["2026-07-28"])"));
  EXPECT_EQ(error.at("data").at("requested"), "v999.0.0");

  auto no_header = s.server.post(request(3, "server/discover"), without(standard("server/discover"), "MCP-Protocol-Version"));
  EXPECT_EQ(no_header.status, 400);
  EXPECT_EQ(error_of(no_header).at("code"), -32020);
}

TEST(ModernHttp, McpMethodMustNameTheBodysMethodExactly) {
  SandboxHttp s;
  auto body = request(1, "tools/list");
  EXPECT_EQ(s.server.post(body, standard("tools/list")).status, 200);
  EXPECT_EQ(s.server.post(body, {{"MCP-Protocol-Version", kVersion}, {"mcp-method", "tools/list"}}).status, 200);  // names: any case
  EXPECT_EQ(s.server.post(body, {{"MCP-Protocol-Version", kVersion}, {"Mcp-Method", " tools/list\t"}}).status, 200);

  for (const auto& headers : {standard("prompts/list"), standard("TOOLS/LIST"), without(standard("tools/list"), "Mcp-Method")}) {
    auto r = s.server.post(body, headers);
    EXPECT_EQ(r.status, 400) << r.body;
    EXPECT_EQ(error_of(r).at("code"), -32020);
    EXPECT_EQ(json::parse(r.body).at("id"), 1);
  }
}

TEST(ModernHttp, RemovedAndUnknownMethodsAre404MethodNotFound) {
  SandboxHttp s;
  int id = 200;
  for (auto method : {"initialize", "ping", "logging/setLevel", "resources/subscribe", "resources/unsubscribe", "unknown/method"}) {
    auto r = s.server.post(request(++id, method), standard(method));
    EXPECT_EQ(r.status, 404) << method << ": " << r.body;
    EXPECT_EQ(error_of(r).at("code"), -32601) << method;
    EXPECT_EQ(json::parse(r.body).at("id"), id) << method;
  }
}

TEST(ModernHttp, AToolCallIsServedAndMcpNameMustNameTheTool) {
  SandboxHttp s;
  constexpr auto tool = "cats_contacts_get_a_contact";
  auto body = tool_call(1, tool, {{"id", 1}});
  auto r = s.server.post(body, standard("tools/call", tool));
  ASSERT_EQ(r.status, 200) << r.body;
  auto result = json::parse(r.body).at("result");
  EXPECT_EQ(result.at("structuredContent").at("first_name"), "Grace");
  EXPECT_EQ(result.at("resultType"), "complete");
  EXPECT_EQ(result.at("_meta").at("io.modelcontextprotocol/serverInfo").at("name"), "cats-contacts-mcp");

  EXPECT_EQ(s.server.post(body, standard("tools/call", std::string("  ") + tool + "  ")).status, 200);  // trimmed
  for (const auto& headers : {standard("tools/call", "cats_contacts_delete_a_contact"), standard("tools/call")}) {
    auto refused = s.server.post(body, headers);
    EXPECT_EQ(refused.status, 400) << refused.body;
    EXPECT_EQ(error_of(refused).at("code"), -32020);
  }

  // An unknown tool is an in-band error (200), never a result: nothing ran.
  auto unknown = s.server.post(tool_call(2, "no_such_tool", {}), standard("tools/call", "no_such_tool"));
  EXPECT_EQ(unknown.status, 200);
  EXPECT_EQ(error_of(unknown).at("code"), -32602);
}

TEST(ModernHttp, EveryToolMarksPcidForTheMcpParamHeader) {
  SandboxHttp s;
  auto r = s.server.post(request(1, "tools/list"), standard("tools/list"));
  ASSERT_EQ(r.status, 200);
  auto tools = json::parse(r.body).at("result").at("tools").as_array();
  ASSERT_EQ(tools.size(), 44u);
  for (const auto& t : tools)
    EXPECT_EQ(t.at("inputSchema").at("properties").at("PCID").at("x-mcp-header"), "PCID") << t.at("name");
}

TEST(ModernHttp, McpParamPcidMustRepeatTheArgument) {
  SandboxHttp s;
  constexpr auto tool = "cats_contacts_get_a_contact";
  auto body = tool_call(1, tool, {{"id", 1}, {"PCID", "Hello"}});
  auto headers = standard("tools/call", tool);

  // Equal (also base64-encoded, or with spaces around it): served. Without stored connections
  // the one account serves whatever the PCID says.
  for (auto value : {"Hello", "=?base64?SGVsbG8=?=", " Hello "}) {
    auto r = s.server.post(body, with(headers, "Mcp-Param-PCID", value));
    ASSERT_EQ(r.status, 200) << value << ": " << r.body;
    EXPECT_EQ(json::parse(r.body).at("result").at("structuredContent").at("first_name"), "Grace") << r.body;
  }
  // Different, missing, or malformed: refused before anything runs.
  for (auto value : {"Other", "=?base64?SGVsbG8?=", "=?base64?SGVs!!!bG8=?="}) {
    auto r = s.server.post(body, with(headers, "Mcp-Param-PCID", value));
    EXPECT_EQ(r.status, 400) << value;
    EXPECT_EQ(error_of(r).at("code"), -32020) << value;
  }
  auto missing = s.server.post(body, headers);
  EXPECT_EQ(missing.status, 400);
  EXPECT_THAT(std::string(error_of(missing).at("message").as_string()), HasSubstr("Mcp-Param-PCID"));
  // A header for an argument the body does not have: whoever routed on it saw something else.
  auto stray = s.server.post(tool_call(2, tool, {{"id", 1}}), with(headers, "Mcp-Param-PCID", "Hello"));
  EXPECT_EQ(stray.status, 400);
}

TEST(ModernHttp, GetAndDeleteAre405AndSessionIdsAreIgnored) {
  SandboxHttp s;
  EXPECT_EQ(http_request("GET", s.server.url, {{"MCP-Protocol-Version", kVersion}, {"Accept", "text/event-stream"}}).status, 405);
  auto deleted = http_request("DELETE", s.server.url, {{"MCP-Protocol-Version", kVersion}, {"Mcp-Session-Id", "whatever"}});
  EXPECT_EQ(deleted.status, 405);
  EXPECT_EQ(deleted.headers["allow"], "POST");

  // A stale session id on a modern request changes nothing: no 404, no session echoed.
  auto r = s.server.post(request(1, "tools/list"), with(standard("tools/list"), "Mcp-Session-Id", "stale-session-id"));
  EXPECT_EQ(r.status, 200);
  EXPECT_EQ(r.headers.count("mcp-session-id"), 0u);

  // The legacy era is untouched beside it: initialize still opens a session that DELETE ends.
  auto init = s.server.post(kInitialize);
  auto id = init.headers["mcp-session-id"];
  ASSERT_FALSE(id.empty());
  EXPECT_EQ(http_request("DELETE", s.server.url, {{"Mcp-Session-Id", id}}).status, 204);
}

TEST(ModernHttp, ProgressStreamsOnTheRequestsOwnStreamWithoutEventIds) {
  int calls = 0;
  RecordingCats cats([&](const RecordedRequest& r) {
    return ++calls < 3 ? StandinResponse{503, {{"Retry-After", "0"}}, "busy"} : default_cats_answer(r);
  });
  HttpServer server({}, {{"CATS_API_KEY", "k-modern-sse-123"}, {"CATS_API_BASE_URL", cats.base_url()}});
  auto with_progress = meta();
  with_progress["progressToken"] = "p1";
  constexpr auto tool = "cats_contacts_get_a_contact";
  auto r = server.post(tool_call(7, tool, {{"id", 5}}, with_progress), standard("tools/call", tool));
  ASSERT_EQ(r.status, 200) << r.body;
  EXPECT_THAT(r.headers["content-type"], HasSubstr("text/event-stream"));
  EXPECT_EQ(r.headers["x-accel-buffering"], "no");
  EXPECT_THAT(r.body, ::testing::Not(HasSubstr("id:")));  // no resumable events in this era

  std::vector<json::value> events;
  std::regex data(R"(data: ?(.*))");
  for (auto it = std::sregex_iterator(r.body.begin(), r.body.end(), data); it != std::sregex_iterator(); ++it)
    events.push_back(json::parse((*it)[1].str()));  // every data line is a message
  ASSERT_EQ(events.size(), 3u) << r.body;
  EXPECT_EQ(events[0].at("method"), "notifications/progress");
  EXPECT_EQ(events[1].at("method"), "notifications/progress");
  EXPECT_EQ(events[2].at("id"), 7);
  EXPECT_EQ(events[2].at("result").at("resultType"), "complete");
  EXPECT_THAT(r.body, ::testing::Not(HasSubstr("notifications/message")));  // no logLevel, no logs
}

TEST(ModernHttp, ClosingTheStreamCancelsTheCall) {
  HeldCats cats;
  HttpServer server({}, {{"CATS_API_KEY", "k-modern-close-123"}, {"CATS_API_BASE_URL", cats.cats.base_url()}});
  int fd = connect_raw(server.port);
  ASSERT_GE(fd, 0);
  constexpr auto tool = "cats_contacts_get_a_contact";
  ASSERT_TRUE(send_all(fd, raw_modern_post(tool_call(1, tool, {{"id", 5}}), "tools/call", tool)));
  ASSERT_TRUE(cats.wait_until_held(1));
  ::close(fd);  // an orderly close, no reset: in this era that is the cancellation
  // The call ends while CATS still holds its answer: the close cancelled the wait.
  EXPECT_TRUE(server.process.wait_for_stderr(R"re(("msg":"tool call"))re", 8s)) << server.process.stderr_text();
  cats.release();
}

TEST(ModernHttp, ConfirmationStatesAreSealedSingleUseAndBoundToTheCall) {
  TempDir dir;
  HttpServer server({"--confirm-destructive"}, sandbox_env(dir));
  constexpr auto tool = "cats_contacts_delete_a_contact";
  auto asking = meta();
  asking["io.modelcontextprotocol/clientCapabilities"] = {{"elicitation", json::object{}}};
  auto headers = standard("tools/call", tool);
  auto get = [&] {
    auto r = server.post(tool_call(90, "cats_contacts_get_a_contact", {{"id", 3}}), standard("tools/call", "cats_contacts_get_a_contact"));
    return json::parse(r.body).at("result").as_object();
  };

  auto first = server.post(tool_call(1, tool, {{"id", 3}}, asking), headers);
  ASSERT_EQ(first.status, 200) << first.body;
  auto asked = json::parse(first.body).at("result").as_object();
  ASSERT_EQ(asked.at("resultType"), "input_required") << first.body;
  std::string state(asked.at("requestState").as_string());
  EXPECT_THAT(std::string(asked.at("inputRequests").at("confirm").at("params").at("message").as_string()),
              HasSubstr("Delete a contact (id 3)"));

  auto with_answer = [&](int id, const std::string& echoed, json::object args) {
    json::object params{{"name", tool}, {"arguments", std::move(args)}, {"requestState", echoed},
                        {"inputResponses", json::parse(R"({"confirm":{"action":"accept","content":{"confirm":true}}})")},
                        {"_meta", asking}};
    return server.post(json::serialize(json::object{{"jsonrpc", "2.0"}, {"id", id}, {"method", "tools/call"}, {"params", params}}),
                       headers);
  };
  for (const auto& [bad, args] : {std::pair{state + "-TAMPERED", json::object{{"id", 3}}}, std::pair{state, json::object{{"id", 2}}}}) {
    auto refused = with_answer(2, bad, args);
    EXPECT_EQ(error_of(refused).at("code"), -32602) << refused.body;
  }
  EXPECT_FALSE(get().contains("isError") && get().at("isError") == true) << "nothing was deleted";

  auto done = with_answer(3, state, {{"id", 3}});
  ASSERT_EQ(done.status, 200);
  EXPECT_EQ(json::parse(done.body).at("result").at("resultType"), "complete") << done.body;
  EXPECT_EQ(get().at("isError"), true);  // deleted

  auto replayed = with_answer(4, state, {{"id", 3}});
  EXPECT_EQ(error_of(replayed).at("code"), -32602);
  EXPECT_THAT(std::string(error_of(replayed).at("message").as_string()), HasSubstr("used already"));
}

TEST(ModernHttp, TheVersionAndTheMethodAreJudgedBeforeMcpName) {
  SandboxHttp s;
  // Both headers and _meta name an unserved version, and Mcp-Name is missing: the version speaks first.
  auto unsupported = s.server.post(request(1, "tools/call", {{"name", "cats_contacts_get_a_contact"}}, meta("v999.0.0")),
                                   {{"MCP-Protocol-Version", "v999.0.0"}, {"Mcp-Method", "tools/call"}});
  EXPECT_EQ(unsupported.status, 400);
  EXPECT_EQ(error_of(unsupported).at("code"), -32022);
  // A method this server does not offer, without its Mcp-Name: unknown first (404), not a header mismatch.
  auto unknown = s.server.post(request(2, "prompts/get", {{"name", "x"}}), standard("prompts/get"));
  EXPECT_EQ(unknown.status, 404);
  EXPECT_EQ(error_of(unknown).at("code"), -32601);
  // The legacy handshake under a modern version header: the header is wrong.
  auto init = s.server.post(kInitialize, {{"MCP-Protocol-Version", kVersion}, {"Mcp-Method", "initialize"}});
  EXPECT_EQ(init.status, 400);
  EXPECT_EQ(error_of(init).at("code"), -32020);
}
