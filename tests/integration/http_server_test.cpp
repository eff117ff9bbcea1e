// The real binary serving Streamable HTTP: stateless and session calls, the Accept rules,
// authentication, Host/Origin checks, limits, session expiry and DELETE, the SIGTERM drain,
// and that no key or token leaks into logs, metrics or results.
#include "support/http_test_server.hpp"
#include "support/recording_cats.hpp"

#include <boost/json.hpp>
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <arpa/inet.h>
#include <netinet/in.h>
#include <signal.h>
#include <sys/socket.h>
#include <unistd.h>

#include <atomic>
#include <fstream>
#include <future>
#include <regex>
#include <thread>

namespace json = boost::json;
using namespace cats_mcp::testing;
using ::testing::HasSubstr;
using namespace std::chrono_literals;

namespace {

std::string call_body(std::string_view tool, std::string_view args, int id = 1) {
  return R"({"jsonrpc":"2.0","id":)" + std::to_string(id) + R"(,"method":"tools/call","params":{"name":")" + std::string(tool) +
         R"(","arguments":)" + std::string(args) + "}}";
}

bool file_contains(const std::string& path, const std::string& needle) {
  std::ifstream in(path, std::ios::binary);
  std::string bytes((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  return bytes.find(needle) != std::string::npos;
}

}  // namespace

TEST(HttpServer, AStatelessJsonOnlyToolsCallIsServed) {
  TempDir dir;
  HttpServer server({}, sandbox_env(dir));
  auto r = server.post(call_body("cats_contacts_get_a_contact", R"({"id":1})"), {{"Accept", "application/json"}});
  ASSERT_EQ(r.status, 200) << r.body;
  EXPECT_THAT(r.headers["content-type"], HasSubstr("application/json"));
  EXPECT_EQ(json::parse(r.body).at("result").at("structuredContent").at("first_name"), "Grace");
}

TEST(HttpServer, TheMcpAliasAndToolsListWork) {
  TempDir dir;
  HttpServer server({}, sandbox_env(dir));
  auto r = http_request("POST", "http://127.0.0.1:" + std::to_string(server.port) + "/mcp",
                        {{"Content-Type", "application/json"}, {"Accept", "application/json"}},
                        R"({"jsonrpc":"2.0","id":2,"method":"tools/list"})");
  ASSERT_EQ(r.status, 200);
  EXPECT_EQ(json::parse(r.body).at("result").at("tools").as_array().size(), 44u);
}

TEST(HttpServer, InitializeIssuesASessionThatDeleteEnds) {
  TempDir dir;
  HttpServer server({}, sandbox_env(dir));
  auto init = server.post(kInitialize);
  ASSERT_EQ(init.status, 200);
  auto id = init.headers["mcp-session-id"];
  ASSERT_EQ(id.size(), 64u);
  EXPECT_TRUE(std::all_of(id.begin(), id.end(), [](char c) { return c > 0x20 && c < 0x7f; }));
  EXPECT_NE(server.post(kInitialize).headers["mcp-session-id"], id);  // each session its own random id

  auto notified = server.post(R"({"jsonrpc":"2.0","method":"notifications/initialized"})", {{"Mcp-Session-Id", id}});
  EXPECT_EQ(notified.status, 202);
  EXPECT_TRUE(notified.body.empty());
  EXPECT_EQ(server.post(R"({"jsonrpc":"2.0","id":3,"method":"ping"})", {{"Mcp-Session-Id", id}}).status, 200);
  EXPECT_EQ(http_request("DELETE", server.url, {{"Mcp-Session-Id", id}}).status, 204);
  EXPECT_EQ(server.post(R"({"jsonrpc":"2.0","id":4,"method":"ping"})", {{"Mcp-Session-Id", id}}).status, 404);
  EXPECT_EQ(server.post(R"({"jsonrpc":"2.0","id":5,"method":"ping"})", {{"Mcp-Session-Id", "no-such-session"}}).status, 404);
}

TEST(HttpServer, IdleSessionsExpire) {
  TempDir dir;
  HttpServer server({"--session-idle", "1"}, sandbox_env(dir));
  auto id = server.post(kInitialize).headers["mcp-session-id"];
  EXPECT_EQ(server.post(R"({"jsonrpc":"2.0","id":3,"method":"ping"})", {{"Mcp-Session-Id", id}}).status, 200);
  std::this_thread::sleep_for(2200ms);
  EXPECT_EQ(server.post(R"({"jsonrpc":"2.0","id":4,"method":"ping"})", {{"Mcp-Session-Id", id}}).status, 404);
}

TEST(HttpServer, ProtocolVersionHeaderMustBeSupported) {
  TempDir dir;
  HttpServer server({}, sandbox_env(dir));
  for (auto v : {"2025-11-25", "2025-06-18", "2025-03-26"})
    EXPECT_EQ(server.post(R"({"jsonrpc":"2.0","id":1,"method":"ping"})", {{"MCP-Protocol-Version", v}}).status, 200) << v;
  EXPECT_EQ(server.post(R"({"jsonrpc":"2.0","id":1,"method":"ping"})", {{"MCP-Protocol-Version", "2026-07-28"}}).status, 400);
}

TEST(HttpServer, GetIsMethodNotAllowedAndNotificationsGet202) {
  TempDir dir;
  HttpServer server({}, sandbox_env(dir));
  EXPECT_EQ(http_request("GET", server.url, {{"Accept", "text/event-stream"}}).status, 405);
  EXPECT_EQ(server.post(R"({"jsonrpc":"2.0","method":"notifications/cancelled","params":{"requestId":9}})").status, 202);
  EXPECT_EQ(server.post("{not json").status, 400);
  EXPECT_EQ(server.post("[1,2]").status, 400);
}

TEST(HttpServer, HealthAndMetrics) {
  TempDir dir;
  HttpServer server({}, sandbox_env(dir));
  server.post(call_body("cats_contacts_get_a_contact", R"({"id":1})"));
  server.post(call_body("cats_contacts_get_a_contact", R"({"id":"bad"})"));
  auto base = "http://127.0.0.1:" + std::to_string(server.port);
  EXPECT_EQ(http_request("GET", base + "/healthz").status, 200);
  // A request's duration is recorded once its answer is written, a moment after the client has it.
  const std::string both_timed = "mcp_request_duration_seconds_count{method=\"tools/call\"} 2";
  auto m = http_request("GET", base + "/metrics");
  for (int i = 0; i < 100 && m.body.find(both_timed) == std::string::npos; ++i) {
    std::this_thread::sleep_for(20ms);
    m = http_request("GET", base + "/metrics");
  }
  ASSERT_EQ(m.status, 200);
  EXPECT_THAT(m.body, HasSubstr("mcp_tool_calls_total{tool=\"cats_contacts_get_a_contact\",outcome=\"ok\"} 1"));
  EXPECT_THAT(m.body, HasSubstr("mcp_tool_calls_total{tool=\"cats_contacts_get_a_contact\",outcome=\"error\"} 1"));
  EXPECT_THAT(m.body, HasSubstr("cats_responses_total{status=\"200\"} 1"));
  EXPECT_THAT(m.body, HasSubstr(both_timed));
}

TEST(HttpServer, ProgressTokenGetsAnSseStreamWithTheResultLast) {
  int calls = 0;
  RecordingCats cats([&](const RecordedRequest& r) {
    return ++calls < 3 ? StandinResponse{503, {{"Retry-After", "0"}}, "busy"} : default_cats_answer(r);
  });
  HttpServer server({}, {{"CATS_API_KEY", "k-sse-test-123"}, {"CATS_API_BASE_URL", cats.base_url()}});
  auto r = server.post(R"({"jsonrpc":"2.0","id":7,"method":"tools/call","params":{"name":"cats_contacts_get_a_contact",
                          "arguments":{"id":5},"_meta":{"progressToken":"p1"}}})");
  ASSERT_EQ(r.status, 200);
  EXPECT_THAT(r.headers["content-type"], HasSubstr("text/event-stream"));
  EXPECT_EQ(r.headers["x-accel-buffering"], "no");  // proxies pass each event on at once
  std::vector<json::value> events;
  std::regex data(R"(data: (\{.*\}))");
  for (auto it = std::sregex_iterator(r.body.begin(), r.body.end(), data); it != std::sregex_iterator(); ++it)
    events.push_back(json::parse((*it)[1].str()));
  ASSERT_EQ(events.size(), 3u) << r.body;
  EXPECT_EQ(events[0].at("method"), "notifications/progress");
  EXPECT_EQ(events[1].at("method"), "notifications/progress");
  EXPECT_EQ(events[2].at("id"), 7);
  EXPECT_EQ(events[2].at("result").at("structuredContent").at("id"), 5);
}

TEST(HttpServer, BearerAuthRefusesMissingAndWrongTokensAlike) {
  TempDir dir;
  HttpServer server({"--tokens-file", write_tokens(dir)}, sandbox_env(dir));
  auto missing = server.post(R"({"jsonrpc":"2.0","id":1,"method":"ping"})");
  EXPECT_EQ(missing.status, 401);
  EXPECT_THAT(missing.headers["www-authenticate"], HasSubstr("Bearer"));
  auto wrong = server.post(R"({"jsonrpc":"2.0","id":1,"method":"ping"})", {{"Authorization", "Bearer not-a-valid-token-xxxxxxx"}});
  EXPECT_EQ(wrong.status, 401);
  EXPECT_EQ(wrong.body, missing.body);
  auto right = server.post(R"({"jsonrpc":"2.0","id":1,"method":"ping"})", {{"Authorization", std::string("Bearer ") + kTokenA}});
  EXPECT_EQ(right.status, 200);
}

TEST(HttpServer, ASessionBelongsToThePrincipalThatOpenedIt) {
  TempDir dir;
  HttpServer server({"--tokens-file", write_tokens(dir)}, sandbox_env(dir));
  auto id = server.post(kInitialize, {{"Authorization", std::string("Bearer ") + kTokenA}}).headers["mcp-session-id"];
  ASSERT_FALSE(id.empty());
  auto bob = server.post(R"({"jsonrpc":"2.0","id":2,"method":"ping"})",
                         {{"Authorization", std::string("Bearer ") + kTokenB}, {"Mcp-Session-Id", id}});
  auto nobody = server.post(R"({"jsonrpc":"2.0","id":2,"method":"ping"})",
                            {{"Authorization", std::string("Bearer ") + kTokenB}, {"Mcp-Session-Id", "unknown"}});
  EXPECT_EQ(bob.status, 404);
  EXPECT_EQ(bob.body, nobody.body);  // someone else's session reads exactly like no session
  EXPECT_EQ(http_request("DELETE", server.url, {{"Authorization", std::string("Bearer ") + kTokenB}, {"Mcp-Session-Id", id}}).status, 404);
  EXPECT_EQ(server.post(R"({"jsonrpc":"2.0","id":3,"method":"ping"})",
                        {{"Authorization", std::string("Bearer ") + kTokenA}, {"Mcp-Session-Id", id}}).status, 200);
}

TEST(HttpServer, ForeignHostAndOriginAreRefused) {
  TempDir dir;
  HttpServer server({"--allowed-hosts", "mcp.example.com", "--allowed-origins", "https://app.example.com"}, sandbox_env(dir));
  const char* ping = R"({"jsonrpc":"2.0","id":1,"method":"ping"})";
  EXPECT_EQ(server.post(ping, {{"Host", "evil.example"}}).status, 421);
  EXPECT_EQ(server.post(ping, {{"Host", "mcp.example.com"}}).status, 200);
  EXPECT_EQ(server.post(ping, {{"Origin", "http://evil.example"}}).status, 403);
  EXPECT_EQ(server.post(ping, {{"Origin", "https://app.example.com"}}).status, 200);
  EXPECT_EQ(server.post(ping, {{"Origin", "http://localhost:3000"}}).status, 200);
  EXPECT_EQ(server.post(ping, {{"Host", "localhost:" + std::to_string(server.port)}}).status, 200);
}

TEST(HttpServer, AnOversizedBodyIs413AndTheServerKeepsServing) {
  TempDir dir;
  HttpServer server({}, sandbox_env(dir));
  std::string huge = R"({"jsonrpc":"2.0","id":1,"method":"ping","params":{"pad":")" + std::string(29 * 1024 * 1024, 'x') + "\"}}";
  auto r = server.post(huge);
  EXPECT_EQ(r.status, 413) << r.error;
  EXPECT_EQ(server.post(R"({"jsonrpc":"2.0","id":2,"method":"ping"})").status, 200);
}

TEST(HttpServer, ATwentyMegabyteAttachmentFitsUnderTheLimit) {
  TempDir dir;
  HttpServer server({}, sandbox_env(dir));
  std::string b64((20 * 1024 * 1024 / 3) * 4, 'A');  // 20 MB of zero bytes, base64
  auto r = server.post(call_body("cats_contacts_upload_a_contact_attachment",
                                 R"({"id":1,"filename":"big.bin","content_base64":")" + b64 + "\"}"));
  ASSERT_EQ(r.status, 200) << r.error;
  EXPECT_FALSE(json::parse(r.body).at("result").as_object().contains("isError")) << r.body.substr(0, 300);
}

TEST(HttpServer, SlowHeadersAreCutOff) {
  TempDir dir;
  HttpServer server({"--header-timeout", "1"}, sandbox_env(dir));
  int fd = connect_raw(server.port);
  ASSERT_GE(fd, 0);
  std::string partial = "POST /cats-contacts HTTP/1.1\r\nHost: localhost\r\n";  // and then nothing
  ASSERT_EQ(::send(fd, partial.data(), partial.size(), 0), ssize_t(partial.size()));
  EXPECT_TRUE(closed_by_peer_within(fd, 4000ms));
  ::close(fd);
  EXPECT_EQ(server.post(R"({"jsonrpc":"2.0","id":2,"method":"ping"})").status, 200);
}

TEST(HttpServer, RefusesANonLoopbackAddressWithoutAuthentication) {
  TempDir dir;
  ChildProcess p({CATS_MCP_BINARY, "--http", "0.0.0.0:0"}, sandbox_env(dir));
  EXPECT_EQ(p.wait(), 2);
  EXPECT_THAT(p.stderr_text(), HasSubstr("without authentication"));
}

TEST(HttpServer, SigtermLetsAnInFlightCallFinishAndExitsZero) {
  RecordingCats cats([](const RecordedRequest& r) {
    std::this_thread::sleep_for(1500ms);
    return default_cats_answer(r);
  });
  HttpServer server({}, {{"CATS_API_KEY", "k-drain-test-123"}, {"CATS_API_BASE_URL", cats.base_url()}});
  HttpReply slow;
  std::thread caller([&] { slow = server.post(call_body("cats_contacts_get_a_contact", R"({"id":5})"), {{"Accept", "application/json"}}); });
  std::this_thread::sleep_for(400ms);
  server.process.signal(SIGTERM);
  caller.join();
  EXPECT_EQ(slow.status, 200);
  EXPECT_EQ(json::parse(slow.body).at("result").at("structuredContent").at("id"), 5);
  EXPECT_EQ(server.process.wait(5s), 0);
  EXPECT_EQ(http_request("POST", server.url, {}, "{}", 1s).status, 0);  // no longer accepting
}

TEST(HttpServer, SigtermWithIdleConnectionsOpenExitsCleanly) {
  // Idle keep-alive connections are still waiting for a request when the server stops; their
  // coroutines are destroyed with the event loop and give back their per-client slots, which
  // must still exist then (under AddressSanitizer a use-after-free here fails the run).
  TempDir dir;
  HttpServer server({}, sandbox_env(dir));
  std::vector<int> idle;
  for (int i = 0; i < 3; ++i) idle.push_back(connect_raw(server.port));
  EXPECT_EQ(server.post(kInitialize).status, 200);  // the server is serving meanwhile
  server.process.signal(SIGTERM);
  EXPECT_EQ(server.process.wait(10s), 0) << server.process.stderr_text();
  for (int fd : idle) ::close(fd);
}

TEST(HttpServer, NoKeyOrTokenAppearsInLogsMetricsOrResults) {
  TempDir dir;
  const std::string key = "cats-key-that-must-not-leak-42";
  RecordingCats cats([&](const RecordedRequest& r) {
    if (r.path == "/contacts/6") return StandinResponse{400, {}, R"({"message":"echo )" + key + "\"}"};
    return default_cats_answer(r);
  });
  HttpServer server({"--tokens-file", write_tokens(dir)},
                    {{"CATS_API_KEY", key}, {"CATS_API_BASE_URL", cats.base_url()}, {"CATS_MCP_LOG_LEVEL", "debug"}});
  std::vector<std::pair<std::string, std::string>> auth{{"Authorization", std::string("Bearer ") + kTokenA}};
  std::string seen;
  seen += server.post(call_body("cats_contacts_get_a_contact", R"({"id":5})"), auth).body;
  seen += server.post(call_body("cats_contacts_get_a_contact", R"({"id":6})"), auth).body;
  seen += http_request("GET", "http://127.0.0.1:" + std::to_string(server.port) + "/metrics", {bearer(kTokenA)}).body;
  server.process.signal(SIGTERM);
  server.process.wait();
  seen += server.process.stderr_text();
  EXPECT_THAT(seen, HasSubstr("cats request"));  // debug logs were there to leak into
  EXPECT_EQ(seen.find(key), std::string::npos);
  EXPECT_EQ(seen.find(kTokenA), std::string::npos);
  EXPECT_EQ(seen.find(kTokenB), std::string::npos);
}

namespace {
// Runs `cats-contacts-mcp connections ...` against a state database; returns stdout.
std::string connections_cli(const std::vector<std::string>& args, const std::string& state_db, const std::string& stdin_text = "") {
  std::vector<std::string> argv{CATS_MCP_BINARY, "connections"};
  argv.insert(argv.end(), args.begin(), args.end());
  argv.insert(argv.end(), {"--state-db", state_db});
  ChildProcess p(argv, {});
  if (!stdin_text.empty()) p.write(stdin_text);
  p.close_stdin();
  std::string out;
  while (auto line = p.read_line(5s)) out += *line + "\n";
  EXPECT_EQ(p.wait(), 0) << p.stderr_text();
  return out;
}

std::string tool_text(const HttpReply& r) {
  return std::string(json::parse(r.body).at("result").at("content").at(0).at("text").as_string());
}
}  // namespace

TEST(HttpPcid, TwoPrincipalsWithTheirOwnConnectionsCannotReachEachOther) {
  TempDir dir;
  auto state = dir.file("state.db");
  const std::string cats_key = "real-cats-key-of-alice-never-shown";
  auto alice_pcid = connections_cli({"add", "--owner", "alice", "--label", "Alice sandbox", "--sandbox"}, state);
  auto bob_pcid = connections_cli({"add", "--owner", "bob", "--label", "Bob sandbox", "--sandbox"}, state);
  auto alice_cats = connections_cli({"add", "--owner", "alice", "--label", "Alice CATS", "--base-url", "http://127.0.0.1:9/v3"},
                                    state, cats_key + "\n");
  for (auto* p : {&alice_pcid, &bob_pcid}) p->pop_back();  // the newline
  auto listed = connections_cli({"list"}, state);
  EXPECT_NE(listed.find("Alice CATS"), std::string::npos);
  EXPECT_EQ(listed.find(cats_key), std::string::npos);

  HttpServer server({"--tokens-file", write_tokens(dir)},
                    {{"CATS_SANDBOX_DB", dir.file("s.db")}, {"CATS_MCP_STATE_DB", state}, {"CATS_MCP_LOG_LEVEL", "debug"}});
  std::vector<std::pair<std::string, std::string>> alice{{"Authorization", std::string("Bearer ") + kTokenA}};
  std::vector<std::pair<std::string, std::string>> bob{{"Authorization", std::string("Bearer ") + kTokenB}};


  auto created = server.post(call_body("cats_contacts_create_a_contact",
      R"({"PCID":")" + alice_pcid + R"(","check_duplicate":false,"first_name":"Secret","last_name":"Client","owner_id":1,"company_id":1})"), alice);
  ASSERT_EQ(json::parse(created.body).at("result").at("structuredContent").at("id"), 4) << created.body;

  auto bob_with_alices = server.post(call_body("cats_contacts_get_a_contact", R"({"PCID":")" + alice_pcid + R"(","id":4})"), bob);
  auto bob_with_made_up = server.post(call_body("cats_contacts_get_a_contact", R"({"PCID":"pc_000000000000000000000000","id":4})"), bob);
  EXPECT_EQ(json::parse(bob_with_alices.body).at("result").at("isError"), true);
  EXPECT_EQ(tool_text(bob_with_alices), tool_text(bob_with_made_up));  // no difference to learn from
  auto bob_own = server.post(call_body("cats_contacts_get_a_contact", R"({"PCID":")" + bob_pcid + R"(","id":4})"), bob);
  EXPECT_THAT(tool_text(bob_own), HasSubstr("HTTP 404"));  // bob's own account has no contact 4
  auto alice_own = server.post(call_body("cats_contacts_get_a_contact", R"({"PCID":")" + alice_pcid + R"(","id":4})"), alice);
  EXPECT_EQ(json::parse(alice_own.body).at("result").at("structuredContent").at("first_name"), "Secret");
  // Alice owns two connections, so an omitted PCID chooses neither; Bob's only one serves him.
  auto without = server.post(call_body("cats_contacts_get_a_contact", R"({"id":4})"), alice);
  EXPECT_THAT(tool_text(without), HasSubstr("none is chosen for you because you own none, or more than one"));
  auto bob_without = server.post(call_body("cats_contacts_get_a_contact", R"({"id":4})"), bob);
  EXPECT_EQ(tool_text(bob_without), tool_text(bob_own));

  // Alice's CATS connection points at a closed port: the call fails, the key stays unseen.
  auto via_cats = server.post(call_body("cats_contacts_get_a_contact", R"({"PCID":")" + alice_cats.substr(0, alice_cats.size() - 1) + R"(","id":1})"), alice);
  EXPECT_THAT(tool_text(via_cats), HasSubstr("Could not reach CATS"));
  server.process.signal(SIGTERM);
  server.process.wait();
  auto everything = server.process.stderr_text() + via_cats.body + listed;
  EXPECT_EQ(everything.find(cats_key), std::string::npos);
  EXPECT_EQ(file_contains(state, cats_key), false);
}

namespace {
std::string raw_post(std::string_view body, std::string_view extra_headers = "") {
  return "POST /cats-contacts HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\nAccept: application/json\r\n" +
         std::string(extra_headers) + "Content-Length: " + std::to_string(body.size()) + "\r\n\r\n" + std::string(body);
}

}  // namespace

TEST(HttpServer, AClientThatResetsItsConnectionCancelsItsCall) {
  HeldCats cats;
  HttpServer server({}, {{"CATS_API_KEY", "k-disconnect-123"}, {"CATS_API_BASE_URL", cats.cats.base_url()}});
  int fd = connect_raw(server.port);
  ASSERT_GE(fd, 0);
  ASSERT_TRUE(send_all(fd, raw_post(call_body("cats_contacts_get_a_contact", R"({"id":5})"))));
  ASSERT_TRUE(cats.wait_until_held(1));
  linger reset{1, 0};  // close with RST: the client is gone, nobody can read an answer
  setsockopt(fd, SOL_SOCKET, SO_LINGER, &reset, sizeof reset);
  ::close(fd);
  // The call ends while CATS still holds its answer: the reset cancelled the wait.
  EXPECT_TRUE(server.process.wait_for_stderr(R"re(("msg":"tool call"))re", 8s)) << server.process.stderr_text();
  cats.release();
}

TEST(HttpServer, AClientThatHalfClosesAfterItsRequestGetsItsAnswer) {
  RecordingCats cats([](const RecordedRequest& r) {
    std::this_thread::sleep_for(500ms);  // long enough for the call to look at its connection meanwhile
    return default_cats_answer(r);
  });
  HttpServer server({}, {{"CATS_API_KEY", "k-half-close-123"}, {"CATS_API_BASE_URL", cats.base_url()}});
  int fd = connect_raw(server.port);
  ASSERT_GE(fd, 0);
  ASSERT_TRUE(send_all(fd, raw_post(call_body("cats_contacts_get_a_contact", R"({"id":5})"))));
  ::shutdown(fd, SHUT_WR);  // "that is all I send", not "I am gone"
  auto reply = read_until_closed(fd);
  ::close(fd);
  ASSERT_EQ(status_of(reply), 200) << reply;
  EXPECT_EQ(json::parse(body_of(reply)).at("result").at("structuredContent").at("id"), 5);
}

TEST(HttpServer, ACallCancelledByDeleteOrNotificationStillGetsAJsonRpcAnswer) {
  HeldCats cats;
  HttpServer server({}, {{"CATS_API_KEY", "k-cancelled-123"}, {"CATS_API_BASE_URL", cats.cats.base_url()}});
  auto id = server.post(kInitialize).headers["mcp-session-id"];
  ASSERT_FALSE(id.empty());
  HttpReply deleted_call, cancelled_call;
  std::thread a([&] {
    deleted_call = server.post(call_body("cats_contacts_get_a_contact", R"({"id":5})", 7),
                               {{"Mcp-Session-Id", id}, {"Accept", "application/json"}});
  });
  ASSERT_TRUE(cats.wait_until_held(1));
  EXPECT_EQ(http_request("DELETE", server.url, {{"Mcp-Session-Id", id}}).status, 204);
  a.join();

  auto other = server.post(kInitialize).headers["mcp-session-id"];
  std::thread b([&] {
    cancelled_call = server.post(call_body("cats_contacts_get_a_contact", R"({"id":6})", 8),
                                 {{"Mcp-Session-Id", other}, {"Accept", "application/json"}});
  });
  ASSERT_TRUE(cats.wait_until_held(2));
  EXPECT_EQ(server.post(R"({"jsonrpc":"2.0","method":"notifications/cancelled","params":{"requestId":8}})",
                        {{"Mcp-Session-Id", other}}).status, 202);
  b.join();
  cats.release();

  for (auto [reply, expected_id] : {std::pair{&deleted_call, 7}, std::pair{&cancelled_call, 8}}) {
    ASSERT_EQ(reply->status, 200) << reply->body;
    auto answer = json::parse(reply->body);
    EXPECT_EQ(answer.at("id"), expected_id);
    EXPECT_EQ(answer.at("error").at("code"), -32800) << reply->body;
  }
}

TEST(HttpServer, AStatelessCancelCannotReachAnotherClientsCall) {
  RecordingCats cats([](const RecordedRequest& r) {
    std::this_thread::sleep_for(800ms);
    return default_cats_answer(r);
  });
  HttpServer server({}, {{"CATS_API_KEY", "k-stateless-cancel"}, {"CATS_API_BASE_URL", cats.base_url()}});
  HttpReply first;
  std::thread a([&] { first = server.post(call_body("cats_contacts_get_a_contact", R"({"id":5})", 1), {{"Accept", "application/json"}}); });
  std::this_thread::sleep_for(200ms);
  // Another client, also without a session, cancels "request 1": that is not its request.
  EXPECT_EQ(server.post(R"({"jsonrpc":"2.0","method":"notifications/cancelled","params":{"requestId":1}})").status, 202);
  a.join();
  ASSERT_EQ(first.status, 200);
  EXPECT_EQ(json::parse(first.body).at("result").at("structuredContent").at("id"), 5);
}

TEST(HttpPcid, SandboxCallsAreNotQueuedBehindCallsWaitingOnCats) {
  TempDir dir;
  auto state = dir.file("state.db");
  HeldCats held_cats;  // every CATS call waits until the test lets go
  auto& cats = held_cats.cats;
  auto& held = held_cats.held;
  auto sandbox_pcid = connections_cli({"add", "--owner", "local", "--label", "Sandbox", "--sandbox"}, state);
  auto cats_pcid = connections_cli({"add", "--owner", "local", "--label", "CATS", "--base-url", cats.base_url()}, state,
                                   "key-of-a-slow-cats\n");
  for (auto* p : {&sandbox_pcid, &cats_pcid}) p->pop_back();  // the newline
  HttpServer server({"--workers", "2"}, {{"CATS_SANDBOX_DB", dir.file("s.db")}, {"CATS_MCP_STATE_DB", state}});

  // Three CATS calls, all waiting on CATS at once: they hold no worker (there are two).
  std::vector<HttpReply> slow(3);
  std::vector<std::thread> callers;
  for (int i = 0; i < 3; ++i)
    callers.emplace_back([&, i] {
      slow[i] = server.post(call_body("cats_contacts_get_a_contact", R"({"PCID":")" + cats_pcid + R"(","id":5})", i + 1));
    });
  ASSERT_TRUE(held_cats.wait_until_held(3));

  // A sandbox call is answered meanwhile: it runs on threads of its own.
  auto quick = http_request("POST", server.url, {{"Content-Type", "application/json"}, {"Accept", "application/json"}},
                            call_body("cats_contacts_get_a_contact", R"({"PCID":")" + sandbox_pcid + R"(","id":1})", 9), 5s);
  EXPECT_EQ(held.load(), 3);  // the CATS calls are all still waiting
  held_cats.release();
  for (auto& t : callers) t.join();
  ASSERT_EQ(quick.status, 200) << "the sandbox call waited for CATS";
  EXPECT_EQ(json::parse(quick.body).at("result").at("structuredContent").at("first_name"), "Grace");
  for (const auto& r : slow) EXPECT_EQ(json::parse(r.body).at("result").at("structuredContent").at("id"), 5) << r.body;
}
