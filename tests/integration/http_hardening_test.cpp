// The real binary against hostile HTTP clients: what may be buffered before a request is
// admitted, which routes need which checks, what /metrics lets a client write, connection and
// session shares per client and principal, strict Host/Origin, and the framing and size rules.
// Each test talks to the server over sockets; none measures how long anything took.
#include "support/http_test_server.hpp"

#include <boost/json.hpp>
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <sstream>
#include <thread>

namespace json = boost::json;
using namespace cats_mcp::testing;
using ::testing::HasSubstr;
using ::testing::Not;
using namespace std::chrono_literals;

namespace {
constexpr std::size_t kLargeButAllowed = 27 * 1024 * 1024;  // under the 28 MiB cap
const std::string kPing = R"({"jsonrpc":"2.0","id":1,"method":"ping"})";

// A request header announcing a 27 MiB body, then the first MiB of it: a server that reads
// bodies before checking the header waits for the rest and answers nothing.
std::string large_post_head(std::string_view path, std::string_view headers) {
  return "POST " + std::string(path) + " HTTP/1.1\r\n" + std::string(headers) +
         "Content-Type: application/json\r\nContent-Length: " + std::to_string(kLargeButAllowed) + "\r\n\r\n";
}

int status_before_body(int port, std::string_view path, std::string_view headers) {
  int fd = connect_raw(port);
  if (fd < 0) return -1;
  send_all(fd, large_post_head(path, headers));
  send_all(fd, std::string(1024 * 1024, ' '));
  auto reply = read_until_closed(fd);
  ::close(fd);
  return status_of(reply);
}
}  // namespace

TEST(HttpHardening, ARefusedRequestIsAnsweredBeforeItsBodyIsRead) {
  TempDir dir;
  HttpServer server({"--tokens-file", write_tokens(dir)}, sandbox_env(dir));
  const std::string token = std::string("Authorization: Bearer ") + kTokenA + "\r\n";
  EXPECT_EQ(status_before_body(server.port, "/cats-contacts", "Host: localhost\r\n"), 401);
  EXPECT_EQ(status_before_body(server.port, "/cats-contacts", "Host: evil.example\r\n" + token), 421);
  EXPECT_EQ(status_before_body(server.port, "/cats-contacts", "Host: localhost\r\nOrigin: http://evil.example\r\n" + token), 403);
  EXPECT_EQ(status_before_body(server.port, "/elsewhere", "Host: localhost\r\n" + token), 404);
  EXPECT_EQ(status_before_body(server.port, "/metrics", "Host: localhost\r\n" + token), 405);
  // A request the server accepts is still served afterwards.
  EXPECT_EQ(server.post(kPing, {bearer(kTokenA)}).status, 200);
}

TEST(HttpHardening, ManyTokenlessPartialBodiesAreAllRefusedAtOnce) {
  TempDir dir;
  HttpServer server({"--tokens-file", write_tokens(dir)}, sandbox_env(dir));
  std::vector<int> fds;
  for (int i = 0; i < 16; ++i) {
    int fd = connect_raw(server.port);
    ASSERT_GE(fd, 0);
    send_all(fd, large_post_head("/cats-contacts", "Host: localhost\r\n"));
    fds.push_back(fd);
  }
  for (int fd : fds) {  // every one is answered without sending a body byte
    EXPECT_EQ(status_of(read_until_closed(fd)), 401);
    ::close(fd);
  }
}

TEST(HttpHardening, HealthAndMetricsPassTheHostOriginAndTokenChecks) {
  TempDir dir;
  HttpServer server({"--tokens-file", write_tokens(dir)}, sandbox_env(dir));
  auto healthz = server.base() + "/healthz", metrics = server.base() + "/metrics";
  EXPECT_EQ(http_request("GET", healthz, {{"Host", "evil.example"}}).status, 421);
  EXPECT_EQ(http_request("GET", metrics, {{"Host", "evil.example"}, bearer(kTokenA)}).status, 421);
  EXPECT_EQ(http_request("GET", healthz, {{"Origin", "http://evil.example"}}).status, 403);
  EXPECT_EQ(http_request("GET", metrics, {{"Origin", "http://evil.example"}, bearer(kTokenA)}).status, 403);
  auto anonymous_metrics = http_request("GET", metrics);
  EXPECT_EQ(anonymous_metrics.status, 401);
  EXPECT_THAT(anonymous_metrics.body, Not(HasSubstr("http_responses_total")));
  EXPECT_EQ(http_request("GET", metrics, {{"Authorization", "Bearer not-a-valid-token-xxxxxxx"}}).status, 401);
  auto with_token = http_request("GET", metrics, {bearer(kTokenA)});
  EXPECT_EQ(with_token.status, 200);
  EXPECT_THAT(with_token.body, HasSubstr("http_responses_total"));
  auto health = http_request("GET", healthz);  // no token needed, and nothing told but "ok"
  EXPECT_EQ(health.status, 200);
  EXPECT_EQ(health.body, R"({"status":"ok"})");
}

TEST(HttpHardening, MetricsLabelOnlyKnownMethodsAndNoClientCanWriteALine) {
  TempDir dir;
  HttpServer server({}, sandbox_env(dir));
  const std::string forged = "x\"} 1\nforged_metric{a=\"b\"} 1\n#";
  const std::string long_name(64 * 1024, 'm');
  for (const auto& method : {forged, long_name, std::string("no/such/method")}) {
    json::object request{{"jsonrpc", "2.0"}, {"id", 1}, {"method", method}};
    EXPECT_EQ(server.post(json::serialize(request)).status, 200);
  }
  EXPECT_EQ(server.post(kPing).status, 200);
  const std::string three_others = "mcp_request_duration_seconds_count{method=\"other\"} 3";
  const std::string a_ping = "mcp_request_duration_seconds_count{method=\"ping\"}";
  auto recorded = [&](const std::string& body) {
    return body.find(three_others) != std::string::npos && body.find(a_ping) != std::string::npos;
  };
  auto m = http_request("GET", server.base() + "/metrics");
  for (int i = 0; i < 100 && !recorded(m.body); ++i) {  // each is recorded after its answer is written
    std::this_thread::sleep_for(20ms);
    m = http_request("GET", server.base() + "/metrics");
  }
  EXPECT_THAT(m.body, HasSubstr(three_others));
  EXPECT_THAT(m.body, HasSubstr(a_ping));
  EXPECT_EQ(m.body.find(long_name), std::string::npos);
  std::istringstream lines(m.body);
  for (std::string line; std::getline(lines, line);) EXPECT_FALSE(line.starts_with("forged_metric")) << line;
}

TEST(HttpHardening, OneClientAddressCannotTakeEveryConnection) {
  TempDir dir;
  HttpServer server({"--max-connections-per-client", "3"}, sandbox_env(dir));
  std::vector<int> idle;
  for (int i = 0; i < 3; ++i) {
    int fd = connect_raw(server.port);
    ASSERT_GE(fd, 0);
    send_all(fd, "POST /cats-contacts HTTP/1.1\r\n");  // half a request, then nothing (slowloris)
    idle.push_back(fd);
  }
  // Over its share: answered 503 at once, not queued behind the idle connections.
  EXPECT_EQ(status_of(raw_exchange(server.port, "GET /healthz HTTP/1.1\r\nHost: localhost\r\n\r\n")), 503);
  for (int fd : idle) ::close(fd);
  // Once the client's connections are closed, its share comes back.
  int status = 0;
  for (int i = 0; i < 250 && status != 200; ++i) {
    status = int(server.post(kPing).status);
    if (status != 200) std::this_thread::sleep_for(20ms);
  }
  EXPECT_EQ(status, 200);
}

TEST(HttpHardening, ABodyThatStopsArrivingIsCutOff) {
  TempDir dir;
  HttpServer server({"--header-timeout", "1"}, sandbox_env(dir));
  int fd = connect_raw(server.port);
  ASSERT_GE(fd, 0);
  send_all(fd, "POST /cats-contacts HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\nContent-Length: 100\r\n\r\n{\"jsonrpc\"");
  // The body stalls: the connection ends after the idle timeout, long before the body timeout.
  EXPECT_TRUE(closed_by_peer_within(fd, 5000ms));
  ::close(fd);
  EXPECT_EQ(server.post(kPing).status, 200);
}

TEST(HttpHardening, OnePrincipalsSessionsDoNotLockOthersOut) {
  TempDir dir;
  HttpServer server({"--tokens-file", write_tokens(dir), "--max-sessions", "3"}, sandbox_env(dir));
  std::vector<std::string> alice;
  for (int i = 0; i < 3; ++i) {
    auto r = server.post(kInitialize, {bearer(kTokenA)});
    ASSERT_EQ(r.status, 200);
    alice.push_back(r.headers["mcp-session-id"]);
  }
  auto bob = server.post(kInitialize, {bearer(kTokenB)});
  EXPECT_EQ(bob.status, 200) << bob.body;  // the registry is full, but of alice's sessions
  auto ping = [&](const std::string& id, const char* token) {
    return server.post(kPing, {bearer(token), {"Mcp-Session-Id", id}}).status;
  };
  EXPECT_EQ(ping(bob.headers["mcp-session-id"], kTokenB), 200);
  EXPECT_EQ(ping(alice[0], kTokenA), 404);  // alice's least recently used session made room
  EXPECT_EQ(ping(alice[1], kTokenA), 200);
  EXPECT_EQ(ping(alice[2], kTokenA), 200);
}

TEST(HttpHardening, APrincipalAtItsSessionShareEndsItsOwnOldestSession) {
  TempDir dir;
  HttpServer server({"--tokens-file", write_tokens(dir), "--max-sessions-per-principal", "2"}, sandbox_env(dir));
  auto bob = server.post(kInitialize, {bearer(kTokenB)}).headers["mcp-session-id"];
  std::vector<std::string> alice;
  for (int i = 0; i < 3; ++i) alice.push_back(server.post(kInitialize, {bearer(kTokenA)}).headers["mcp-session-id"]);
  auto ping = [&](const std::string& id, const char* token) {
    return server.post(kPing, {bearer(token), {"Mcp-Session-Id", id}}).status;
  };
  EXPECT_EQ(ping(alice[0], kTokenA), 404);
  EXPECT_EQ(ping(alice[1], kTokenA), 200);
  EXPECT_EQ(ping(alice[2], kTokenA), 200);
  EXPECT_EQ(ping(bob, kTokenB), 200);  // someone else's session is never the one to go
}

TEST(HttpHardening, HostAndOriginAreParsedStrictlyAndMayNotRepeat) {
  TempDir dir;
  HttpServer server({}, sandbox_env(dir));
  auto post_with = [&](std::string_view headers) {
    return status_of(raw_exchange(server.port, "POST /cats-contacts HTTP/1.1\r\n" + std::string(headers) +
                                                   "Content-Type: application/json\r\nConnection: close\r\nContent-Length: " +
                                                   std::to_string(kPing.size()) + "\r\n\r\n" + kPing));
  };
  EXPECT_EQ(post_with("Host: localhost\r\n"), 200);
  EXPECT_EQ(post_with("Host: [::1]evil.com\r\n"), 421);
  EXPECT_EQ(post_with("Host: localhost:abc\r\n"), 421);
  EXPECT_EQ(post_with("Host: localhost\r\nOrigin: http://127.0.0.1:x@evil.com\r\n"), 403);
  EXPECT_EQ(post_with("Host: localhost\r\nHost: evil.example\r\n"), 400);
  EXPECT_EQ(post_with("Host: evil.example\r\nHost: localhost\r\n"), 400);
  EXPECT_EQ(post_with("Host: localhost\r\nOrigin: http://localhost\r\nOrigin: http://evil.example\r\n"), 400);
}

TEST(HttpHardening, SmuggledAndOverflowingFramingIsRefused) {
  TempDir dir;
  HttpServer server({}, sandbox_env(dir));
  // Content-Length and chunked together: the two framings disagree about where the request ends.
  auto smuggled = raw_exchange(server.port,
                               "POST /cats-contacts HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\n"
                               "Content-Length: 5\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n"
                               "GET /metrics HTTP/1.1\r\nHost: localhost\r\n\r\n");
  EXPECT_EQ(status_of(smuggled), 400) << smuggled;
  EXPECT_EQ(smuggled.find("HTTP/1.1", 1), std::string::npos) << "a second, smuggled request was answered";
  // A chunk size that overflows 64 bits, and a chunked body past the cap.
  auto overflow = raw_exchange(server.port,
                               "POST /cats-contacts HTTP/1.1\r\nHost: localhost\r\nTransfer-Encoding: chunked\r\n\r\n"
                               "FFFFFFFFFFFFFFFFFFFF\r\nx\r\n0\r\n\r\n");
  EXPECT_THAT(status_of(overflow), ::testing::AnyOf(400, 413)) << overflow;
  int fd = connect_raw(server.port);
  ASSERT_GE(fd, 0);
  send_all(fd, "POST /cats-contacts HTTP/1.1\r\nHost: localhost\r\nTransfer-Encoding: chunked\r\n\r\n");
  std::ostringstream size;
  size << std::hex << (4 * 1024 * 1024);
  const std::string chunk = size.str() + "\r\n" + std::string(4 * 1024 * 1024, 'x') + "\r\n";
  for (int i = 0; i < 8 && send_all(fd, chunk); ++i) {}  // 32 MiB, over the 28 MiB cap
  EXPECT_EQ(status_of(read_until_closed(fd)), 413);
  ::close(fd);
  EXPECT_EQ(server.post(kPing).status, 200);
}

TEST(HttpHardening, PathTricksAreNotFoundAndLargeHeadersAre431) {
  TempDir dir;
  HttpServer server({}, sandbox_env(dir));
  for (const char* path : {"/cats-contacts/../metrics", "/%63ats-contacts", "//cats-contacts", "/CATS-CONTACTS", "/cats-contacts/",
                           "/cats-contacts%00", "/mcp/x", "/metrics/../healthz"}) {
    auto reply = raw_exchange(server.port, "POST " + std::string(path) + " HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n"
                                            "Content-Length: " + std::to_string(kPing.size()) + "\r\n\r\n" + kPing);
    EXPECT_EQ(status_of(reply), 404) << path;
  }
  auto big = raw_exchange(server.port, "GET /healthz HTTP/1.1\r\nHost: localhost\r\nX-Pad: " + std::string(20 * 1024, 'p') + "\r\n\r\n");
  EXPECT_EQ(status_of(big), 431);
  EXPECT_EQ(server.post(kPing).status, 200);
}

TEST(HttpHardening, AClientsProtocolVersionIsLoggedOnlyInPart) {
  TempDir dir;
  HttpServer server({}, sandbox_env(dir));
  const std::string huge(1024 * 1024, 'v');
  json::object init{{"jsonrpc", "2.0"}, {"id", 1}, {"method", "initialize"},
                    {"params", json::object{{"protocolVersion", huge}, {"capabilities", json::object{}},
                                            {"clientInfo", json::object{{"name", "t"}, {"version", "1"}}}}}};
  auto r = server.post(json::serialize(init));
  ASSERT_EQ(r.status, 200);
  EXPECT_EQ(json::parse(r.body).at("result").at("protocolVersion"), "2025-11-25");
  ASSERT_TRUE(server.process.wait_for_stderr(R"re(("msg":"initialize"))re"));
  auto log = server.process.stderr_text();
  EXPECT_EQ(log.find(std::string(65, 'v')), std::string::npos);
  EXPECT_LT(log.size(), 64u * 1024);
}
