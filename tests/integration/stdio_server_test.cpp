// The real binary over stdio against a local recording stand-in for CATS.
#include "support/child_process.hpp"
#include "support/recording_cats.hpp"
#include "support/stdio_mcp_client.hpp"
#include "support/temp_dir.hpp"
#include "support/tool_expectations.hpp"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <signal.h>

#include <thread>

namespace json = boost::json;
using namespace cats_mcp::testing;
using ::testing::HasSubstr;
using ::testing::Not;
using namespace std::chrono_literals;

namespace {
constexpr const char* kKey = "cats-secret-key-7f3a9c";

std::vector<std::pair<std::string, std::string>> env_for(const RecordingCats& cats) {
  return {{"CATS_API_KEY", kKey}, {"CATS_API_BASE_URL", cats.base_url()}, {"CATS_MCP_LOG_LEVEL", "debug"}};
}

}  // namespace

TEST(StdioServer, ListsTheFortyFourToolsAfterInitialize) {
  RecordingCats cats;
  StdioMcpClient client({}, env_for(cats));
  auto init = client.initialize();
  EXPECT_EQ(init.at("result").at("protocolVersion"), "2025-11-25");
  auto tools = client.call("tools/list").at("result").at("tools").as_array();
  EXPECT_EQ(tools.size(), 44u);
  EXPECT_TRUE(cats.requests().empty());  // listing tools costs no CATS request
}

TEST(StdioServer, EveryToolSendsTheDocumentedRequestToCats) {
  RecordingCats cats;
  StdioMcpClient client({}, env_for(cats));
  client.initialize();
  for (const auto& e : tool_expectations()) {
    SCOPED_TRACE(e.tool);
    cats.clear();
    auto result = client.call_tool(e.tool, e.arguments);
    ASSERT_FALSE(result.contains("isError")) << json::serialize(result);
    auto recorded = cats.requests();
    ASSERT_EQ(recorded.size(), 1u);
    const auto& r = recorded[0];
    EXPECT_EQ(r.method, e.method);
    EXPECT_EQ(r.path, e.path);
    EXPECT_EQ(r.query, e.query);
    EXPECT_EQ(r.headers.at("authorization"), std::string("Token ") + kKey);
    if (e.json_body) {
      EXPECT_EQ(r.headers.at("content-type"), "application/json");
      EXPECT_EQ(json::parse(r.body), *e.json_body);
    } else if (e.raw_body) {
      EXPECT_EQ(r.headers.at("content-type"), "application/octet-stream");
      EXPECT_EQ(r.body, *e.raw_body);
    } else {
      EXPECT_TRUE(r.body.empty());
    }
    EXPECT_EQ(r.target.find("PCID"), std::string::npos);
    EXPECT_EQ(r.body.find("conn-test-1"), std::string::npos);
    if (e.method == "POST" && result.at("structuredContent").as_object().contains("id")) {
      EXPECT_EQ(result.at("structuredContent").at("id"), 123);  // from the stand-in's Location header
    }
  }
}

TEST(StdioServer, CollectionsComeBackPagedAndCreatesReturnTheNewId) {
  RecordingCats cats;
  StdioMcpClient client({}, env_for(cats));
  client.initialize();
  auto list = client.call_tool("cats_contacts_list_all_contacts", {{"page", 1}, {"per_page", 25}});
  EXPECT_EQ(list.at("structuredContent"),
            json::parse(R"({"items":[{"id":1}],"count":1,"total":60,"page":1,"per_page":25,"has_more":true,"next_page":2})"));
  auto created = client.call_tool("cats_contacts_create_a_contact",
                                  {{"check_duplicate", false}, {"first_name", "Ada"}, {"last_name", "Lovelace"},
                                   {"owner_id", 1}, {"company_id", 1}});
  EXPECT_EQ(created.at("structuredContent").at("id"), 123);
}

TEST(StdioServer, CatsErrorsBecomeToolErrorsWithCatsMessage) {
  RecordingCats cats([](const RecordedRequest&) {
    return StandinResponse{401, {{"Content-Type", "application/json"}}, R"({"message":"Invalid credentials."})"};
  });
  StdioMcpClient client({}, env_for(cats));
  client.initialize();
  auto result = client.call_tool("cats_contacts_get_a_contact", {{"id", 5}});
  EXPECT_EQ(result.at("isError"), true);
  std::string text(result.at("content").at(0).at("text").as_string());
  EXPECT_THAT(text, HasSubstr("HTTP 401"));
  EXPECT_THAT(text, HasSubstr("Invalid credentials."));
  EXPECT_EQ(cats.requests().size(), 1u);  // a 401 is not retried
}

TEST(StdioServer, ACreateIsSentOnceEvenWhenCatsFails) {
  RecordingCats cats([](const RecordedRequest&) { return StandinResponse{503, {}, "<html>down</html>"}; });
  StdioMcpClient client({}, env_for(cats));
  client.initialize();
  auto result = client.call_tool("cats_contacts_create_a_contact_list", {{"name", "Q4"}});
  EXPECT_EQ(result.at("isError"), true);
  EXPECT_EQ(cats.requests().size(), 1u);
}

TEST(StdioServer, TheKeyNeverAppearsOnStdoutOrStderr) {
  RecordingCats cats([](const RecordedRequest& r) {
    // A hostile upstream echoing the key back must not leak it either.
    if (r.path == "/contacts/6") return StandinResponse{400, {}, std::string(R"({"message":"bad key )") + kKey + "\"}"};
    return default_cats_answer(r);
  });
  StdioMcpClient client({}, env_for(cats));
  client.initialize();
  client.call("logging/setLevel", {{"level", "debug"}});
  client.call_tool("cats_contacts_get_a_contact", {{"id", 5}});
  auto bad = client.call_tool("cats_contacts_get_a_contact", {{"id", 6}});
  EXPECT_EQ(bad.at("isError"), true);
  client.process().close_stdin();
  EXPECT_EQ(client.process().wait(), 0);
  for (const auto& line : client.stdout_lines) EXPECT_EQ(line.find(kKey), std::string::npos) << line;
  auto err = client.process().stderr_text();
  EXPECT_THAT(err, HasSubstr("cats request"));  // debug logs were written...
  EXPECT_EQ(err.find(kKey), std::string::npos);  // ...without the key
}

TEST(StdioServer, AnswersPingWhileASlowCatsCallIsRunning) {
  RecordingCats cats(slow_contact_one);
  StdioMcpClient client({}, env_for(cats));
  client.initialize();
  client.send(json::parse(R"({"jsonrpc":"2.0","id":"slow","method":"tools/call","params":{"name":"cats_contacts_get_a_contact","arguments":{"id":1}}})"));
  client.send(json::parse(R"({"jsonrpc":"2.0","id":"ping","method":"ping"})"));
  auto first = client.next_message();
  ASSERT_TRUE(first);
  EXPECT_EQ(first->at("id"), "ping");
  auto second = client.next_message();
  ASSERT_TRUE(second);
  EXPECT_EQ(second->at("id"), "slow");
}

TEST(StdioServer, OnTheSandboxACallThroughAStoredCatsConnectionLetsPingsThrough) {
  RecordingCats cats(slow_contact_one);
  TempDir dir;
  auto state = dir.file("state.db");
  ChildProcess add({CATS_MCP_BINARY, "connections", "add", "--owner", "local", "--label", "CATS", "--base-url", cats.base_url(),
                    "--state-db", state},
                   {});
  add.write("key-of-a-slow-cats\n");
  add.close_stdin();
  auto pcid = add.read_line(5s);
  ASSERT_TRUE(pcid);
  ASSERT_EQ(add.wait(), 0) << add.stderr_text();
  // No CATS_API_KEY: the sandbox is the backend, but this call goes to CATS and waits 1.5 s.
  StdioMcpClient client({}, {{"CATS_SANDBOX_DB", dir.file("s.db")}, {"CATS_MCP_STATE_DB", state}});
  client.initialize();
  client.send(json::parse(R"({"jsonrpc":"2.0","id":"slow","method":"tools/call","params":{"name":"cats_contacts_get_a_contact","arguments":{"id":1,"PCID":")" +
                          *pcid + R"("}}})"));
  client.send(json::parse(R"({"jsonrpc":"2.0","id":"ping","method":"ping"})"));
  auto first = client.next_message();
  ASSERT_TRUE(first);
  EXPECT_EQ(first->at("id"), "ping");  // the reader was not running the CATS call
  auto second = client.next_message();
  ASSERT_TRUE(second);
  EXPECT_EQ(second->at("id"), "slow");
  EXPECT_EQ(second->at("result").at("structuredContent").at("id"), 1) << json::serialize(*second);
}

TEST(StdioServer, ACancelledCallGetsNoResponse) {
  RecordingCats cats(slow_contact_one);
  StdioMcpClient client({}, env_for(cats));
  client.initialize();
  client.send(json::parse(R"({"jsonrpc":"2.0","id":77,"method":"tools/call","params":{"name":"cats_contacts_get_a_contact","arguments":{"id":1}}})"));
  std::this_thread::sleep_for(200ms);
  client.send(json::parse(R"({"jsonrpc":"2.0","method":"notifications/cancelled","params":{"requestId":77,"reason":"changed my mind"}})"));
  std::this_thread::sleep_for(2000ms);  // past the slow answer
  client.send(json::parse(R"({"jsonrpc":"2.0","id":78,"method":"ping"})"));
  auto next = client.next_message();
  ASSERT_TRUE(next);
  EXPECT_EQ(next->at("id"), 78);  // nothing for 77 came before it
}

TEST(StdioServer, ExitsCleanlyOnEndOfInput) {
  RecordingCats cats;
  StdioMcpClient client({}, env_for(cats));
  client.initialize();
  client.process().close_stdin();
  EXPECT_EQ(client.process().wait(), 0);
}

TEST(StdioServer, ExitsCleanlyOnSigterm) {
  RecordingCats cats;
  StdioMcpClient client({}, env_for(cats));
  client.initialize();
  client.process().signal(SIGTERM);
  EXPECT_EQ(client.process().wait(), 0);
  EXPECT_THAT(client.process().stderr_text(), HasSubstr("\"reason\":\"signal\""));
}

TEST(CallCommand, PrintsTheStructuredResultAsJson) {
  RecordingCats cats;
  ChildProcess p({CATS_MCP_BINARY, "call", "cats_contacts_get_a_contact", R"({"id":42})"}, env_for(cats));
  auto line = p.read_line();
  ASSERT_TRUE(line);
  EXPECT_EQ(json::parse(*line), json::parse(R"({"id":42,"name":"record"})"));
  EXPECT_EQ(p.wait(), 0);
}

TEST(CallCommand, ExitsOneOnAToolError) {
  RecordingCats cats;
  ChildProcess p({CATS_MCP_BINARY, "call", "cats_contacts_get_a_contact", R"({"id":"x"})"}, env_for(cats));
  auto line = p.read_line();
  ASSERT_TRUE(line);
  EXPECT_EQ(json::parse(*line).at("isError"), true);
  EXPECT_EQ(p.wait(), 1);
  EXPECT_TRUE(cats.requests().empty());
}

// As --tools does, `call` takes a name without the toolset's prefix; global options may follow
// the subcommand.
TEST(CallCommand, TakesAnUnprefixedNameAndOptionsAfterTheSubcommand) {
  TempDir dir;
  ChildProcess p({CATS_MCP_BINARY, "call", "get_a_contact", R"({"id":1})", "--db", dir.file("s.db")}, {});
  auto line = p.read_line();
  ASSERT_TRUE(line) << p.stderr_text();
  EXPECT_EQ(json::parse(*line).at("first_name"), "Grace");
  EXPECT_EQ(p.wait(), 0) << p.stderr_text();
  ChildProcess list({CATS_MCP_BINARY, "tools", "--read-only"}, {});
  std::string listed;
  while (auto l = list.read_line()) listed += *l + "\n";
  EXPECT_EQ(list.wait(), 0) << list.stderr_text();
  EXPECT_THAT(listed, HasSubstr("cats_contacts_get_a_contact"));
  EXPECT_THAT(listed, Not(HasSubstr("cats_contacts_delete_a_contact")));
}

// A tool the settings do not offer is refused as any failed call is: the isError JSON, exit 1.
TEST(CallCommand, AReadOnlyRefusalIsAToolError) {
  RecordingCats cats;
  ChildProcess p({CATS_MCP_BINARY, "--read-only", "call", "cats_contacts_delete_a_contact", R"({"id":1})"}, env_for(cats));
  auto line = p.read_line();
  ASSERT_TRUE(line) << p.stderr_text();
  auto out = json::parse(*line);
  EXPECT_EQ(out.at("isError"), true);
  EXPECT_THAT(std::string(out.at("error").as_string()), HasSubstr("read-only"));
  EXPECT_EQ(p.wait(), 1);
  EXPECT_TRUE(cats.requests().empty());
}

// A CATS that accepts the connection and never answers: the call ends at its deadline with a
// clear error, long before the per-request timeout (30 s) or the held answer (10 s) would end it.
TEST(CallCommand, ACatsThatNeverAnswersEndsAtTheCallDeadline) {
  HeldCats cats;
  ChildProcess p({CATS_MCP_BINARY, "--call-deadline", "2", "call", "cats_contacts_get_a_contact", R"({"id":5})"},
                 {{"CATS_API_KEY", "k-deadline-123"}, {"CATS_API_BASE_URL", cats.cats.base_url()}});
  auto line = p.read_line(std::chrono::seconds(8));
  ASSERT_TRUE(line) << "no answer before the held CATS let go: " << p.stderr_text();
  auto answer = json::parse(*line);
  EXPECT_EQ(answer.at("isError"), true);
  EXPECT_THAT(std::string(answer.at("error").as_string()), HasSubstr("CATS did not answer in time"));
  EXPECT_THAT(std::string(answer.at("error").as_string()), HasSubstr("the call's 2 s deadline"));
  EXPECT_EQ(cats.held.load(), 1);  // no retry could have finished in time, so none was sent
  EXPECT_EQ(p.wait(), 1);
  cats.release();
}

TEST(ToolsCommand, PrintsTheCatalogAsJson) {
  ChildProcess p({CATS_MCP_BINARY, "tools", "--json"}, {});
  auto line = p.read_line();
  ASSERT_TRUE(line);
  EXPECT_EQ(json::parse(*line).at("tools").as_array().size(), 44u);
  EXPECT_EQ(p.wait(), 0);
}
