// CATS calls wait on the server's CATS event loop, not on threads: hundreds at once with two
// workers, over HTTP and stdio; each call ends at its deadline; a cancelled call leaves CATS at
// once; beyond --max-cats-inflight a call waits its turn and may be cancelled meanwhile.
#include "support/http_test_server.hpp"
#include "support/recording_cats.hpp"
#include "support/stdio_mcp_client.hpp"

#include <boost/json.hpp>
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <signal.h>

#include <fstream>
#include <set>
#include <thread>

namespace json = boost::json;
using namespace cats_mcp::testing;
using ::testing::HasSubstr;
using namespace std::chrono_literals;

namespace {
std::string get_contact(int id, int request_id) {
  return R"({"jsonrpc":"2.0","id":)" + std::to_string(request_id) +
         R"(,"method":"tools/call","params":{"name":"cats_contacts_get_a_contact","arguments":{"id":)" + std::to_string(id) + "}}}";
}

std::string raw_post(std::string_view body, std::string_view extra_headers = "") {
  return "POST /cats-contacts HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\nAccept: application/json\r\n"
         "Connection: close\r\n" +
         std::string(extra_headers) + "Content-Length: " + std::to_string(body.size()) + "\r\n\r\n" + std::string(body);
}

std::vector<std::pair<std::string, std::string>> cats_env(const RecordingCats& cats) {
  return {{"CATS_API_KEY", "k-concurrency-123"}, {"CATS_API_BASE_URL", cats.base_url()}};
}

std::string tool_text(const json::value& response) {
  return std::string(response.at("result").at("content").at(0).at("text").as_string());
}
}  // namespace

// On the thread-per-call design at most --workers (2) calls reached CATS at a time.
TEST(CatsConcurrency, TwoHundredHttpCallsWaitOnCatsAtOnceWithTwoWorkers) {
  HeldCats held;
  HttpServer server({"--workers", "2", "--max-connections-per-client", "256"}, cats_env(held.cats));
  std::vector<int> clients;
  for (int i = 0; i < 200; ++i) {
    int fd = connect_raw(server.port);
    ASSERT_GE(fd, 0);
    ASSERT_TRUE(send_all(fd, raw_post(get_contact(i + 1, i + 1))));
    clients.push_back(fd);
  }
  EXPECT_TRUE(held.wait_until_held(200)) << held.held.load() << " CATS requests in flight";
  // The server still answers other requests meanwhile.
  EXPECT_EQ(http_request("GET", server.base() + "/healthz", {}).status, 200);
  held.release();
  for (int i = 0; i < 200; ++i) {
    auto reply = read_until_closed(clients[i]);
    ::close(clients[i]);
    ASSERT_EQ(status_of(reply), 200) << reply;
    EXPECT_EQ(json::parse(body_of(reply)).at("result").at("structuredContent").at("id"), i + 1);
  }
}

TEST(CatsConcurrency, TwoHundredStdioCallsWaitOnCatsAtOnceWhilePingsAreAnswered) {
  HeldCats held;
  StdioMcpClient client({}, cats_env(held.cats));
  client.initialize();
  for (int i = 0; i < 200; ++i) client.send(json::parse(get_contact(i + 1, i + 1)));
  EXPECT_TRUE(held.wait_until_held(200)) << held.held.load() << " CATS requests in flight";
  auto pong = client.call("ping");
  EXPECT_TRUE(pong.contains("result")) << json::serialize(pong);
  held.release();
  std::set<std::int64_t> answered;  // in whatever order CATS answered
  for (int i = 0; i < 200; ++i) {
    auto response = client.next_message();
    ASSERT_TRUE(response);
    auto id = response->at("id").as_int64();
    EXPECT_EQ(response->at("result").at("structuredContent").at("id"), id);
    answered.insert(id);
  }
  EXPECT_EQ(answered.size(), 200u);
}

// A client's usual 60 s timeout must never pre-empt the server's own clear error.
TEST(CatsConcurrency, ACallToACatsThatNeverAnswersEndsAtTheCallDeadline) {
  HeldCats held;  // holds every answer for 10 s
  HttpServer server({"--call-deadline", "2"}, cats_env(held.cats));
  auto reply = server.post(get_contact(5, 1), {{"Accept", "application/json"}});
  ASSERT_EQ(reply.status, 200) << reply.body;
  auto response = json::parse(reply.body);
  EXPECT_EQ(response.at("result").at("isError"), true);
  EXPECT_THAT(tool_text(response), HasSubstr("2 s deadline")) << tool_text(response);
  EXPECT_LT(held.held.load(), 10);  // within the deadline, not after the stand-in let go
  held.release();
}

TEST(CatsConcurrency, AClientThatGoesAwayTakesItsCallOffTheWire) {
  HeldCats held;
  HttpServer server({"--max-cats-inflight", "1"}, cats_env(held.cats));
  int fd = connect_raw(server.port);
  ASSERT_GE(fd, 0);
  ASSERT_TRUE(send_all(fd, raw_post(get_contact(5, 1))));
  ASSERT_TRUE(held.wait_until_held(1));
  linger reset{1, 0};
  setsockopt(fd, SOL_SOCKET, SO_LINGER, &reset, sizeof reset);
  ::close(fd);
  // Its one CATS slot is free again while CATS still holds the first answer: a second call goes out.
  std::thread second([&] { server.post(get_contact(6, 2), {{"Accept", "application/json"}}); });
  EXPECT_TRUE(held.wait_until_held(2)) << "the cancelled transfer still held the only CATS slot";
  held.release();
  second.join();
}

TEST(CatsConcurrency, ACallBeyondMaxCatsInflightWaitsItsTurnAndCanBeCancelled) {
  HeldCats held;
  HttpServer server({"--max-cats-inflight", "1"}, cats_env(held.cats));
  auto session = server.post(kInitialize).headers["mcp-session-id"];
  ASSERT_FALSE(session.empty());
  HttpReply first, queued;
  std::thread a([&] { first = server.post(get_contact(5, 7), {{"Mcp-Session-Id", session}, {"Accept", "application/json"}}); });
  ASSERT_TRUE(held.wait_until_held(1));
  std::thread b([&] { queued = server.post(get_contact(6, 8), {{"Mcp-Session-Id", session}, {"Accept", "application/json"}}); });
  std::this_thread::sleep_for(300ms);
  EXPECT_EQ(held.held.load(), 1);  // the second waits for the only slot
  EXPECT_EQ(server.post(R"({"jsonrpc":"2.0","method":"notifications/cancelled","params":{"requestId":8}})",
                        {{"Mcp-Session-Id", session}}).status, 202);
  b.join();
  EXPECT_EQ(json::parse(queued.body).at("error").at("code"), -32800) << queued.body;
  held.release();
  a.join();
  EXPECT_EQ(json::parse(first.body).at("result").at("structuredContent").at("id"), 5) << first.body;
  ASSERT_EQ(held.cats.requests().size(), 1u);  // the cancelled call never reached CATS
  EXPECT_EQ(held.cats.requests()[0].path, "/contacts/5");
}

// Thousands of CATS requests and connections need as many descriptors: a server raises the soft
// open-files limit it inherits (a shell's 1024) to the hard limit.
TEST(CatsConcurrency, AServerRaisesItsOpenFilesLimitToTheHardLimit) {
  ChildProcess server({"/usr/bin/prlimit", "--nofile=1024:8192", binary_under_test(), "--http", "127.0.0.1:0"}, {});
  ASSERT_TRUE(server.wait_for_stderr(R"re("msg":"http listening")re")) << server.stderr_text();
  std::ifstream limits("/proc/" + std::to_string(server.pid()) + "/limits");
  std::string line, open_files;
  while (std::getline(limits, line))
    if (line.starts_with("Max open files")) open_files = line;
  EXPECT_THAT(open_files, ::testing::MatchesRegex("Max open files +8192 +8192 +files *")) << open_files;
  EXPECT_THAT(server.stderr_text(), HasSubstr(R"("msg":"open files limit","soft":8192,"before":1024,"hard":8192)"));
  server.signal(SIGTERM);
  EXPECT_EQ(server.wait(), 0);
}

TEST(CatsConcurrency, MetricsShowCatsRequestsInFlightAndWaiting) {
  HeldCats held;
  HttpServer server({"--max-cats-inflight", "1"}, cats_env(held.cats));
  std::thread a([&] { server.post(get_contact(5, 1), {{"Accept", "application/json"}}); });
  std::thread b([&] { server.post(get_contact(6, 2), {{"Accept", "application/json"}}); });
  ASSERT_TRUE(held.wait_until_held(1));
  std::string metrics;
  for (int i = 0; i < 100 && metrics.find("cats_requests_waiting 1") == std::string::npos; ++i) {
    std::this_thread::sleep_for(20ms);
    metrics = http_request("GET", server.base() + "/metrics", {}).body;
  }
  EXPECT_THAT(metrics, HasSubstr("cats_requests_in_flight 1\n"));
  EXPECT_THAT(metrics, HasSubstr("cats_requests_waiting 1\n"));
  held.release();
  a.join();
  b.join();
  metrics = http_request("GET", server.base() + "/metrics", {}).body;
  EXPECT_THAT(metrics, HasSubstr("cats_requests_in_flight 0\n"));
  EXPECT_THAT(metrics, HasSubstr("cats_requests_waiting 0\n"));
}

// Out of descriptors, accept() fails (EMFILE): the listener must pause, not stop for good, and
// take connections again once others end.
TEST(CatsConcurrency, AServerOutOfDescriptorsAcceptsAgainOnceSomeAreFree) {
  ChildProcess server({"/usr/bin/prlimit", "--nofile=64:64", binary_under_test(), "--http", "127.0.0.1:0"}, {});
  auto port = server.wait_for_stderr(R"re("msg":"http listening".*"port":(\d+))re");
  ASSERT_TRUE(port) << server.stderr_text();
  // One whole exchange first. Under UBSan, the first check of a dynamic type (the end-of-file
  // error's category, when a client closes) needs a pipe of the sanitizer's own: done while
  // every descriptor is taken, it reports a false "invalid vptr". Once checked it is cached.
  ASSERT_EQ(http_request("GET", "http://127.0.0.1:" + *port + "/healthz", {{"Connection", "close"}}).status, 200);
  std::vector<int> held;
  for (int i = 0; i < 80; ++i)
    if (int fd = connect_raw(std::stoi(*port)); fd >= 0) held.push_back(fd);  // the kernel queues what is not accepted
  EXPECT_TRUE(server.wait_for_stderr(R"re("msg":"cannot accept a connection now")re", 2s)) << server.stderr_text();
  for (int fd : held) ::close(fd);
  // The listener is still there: a request gets its answer.
  HttpReply health;
  for (int i = 0; i < 50 && health.status != 200; ++i) {
    health = http_request("GET", "http://127.0.0.1:" + *port + "/healthz", {}, "", 2s);
    if (health.status != 200) std::this_thread::sleep_for(100ms);
  }
  EXPECT_EQ(health.status, 200);
  server.signal(SIGTERM);
  EXPECT_EQ(server.wait(), 0);
}
