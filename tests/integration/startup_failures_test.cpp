// What stops a command before it can serve is reported in one line on stderr with exit status 2:
// never an uncaught exception's abort (exit 134 and a core dump), never a half-written file.
#include "support/child_process.hpp"
#include "support/temp_dir.hpp"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <arpa/inet.h>
#include <signal.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <algorithm>
#include <fstream>

using namespace cats_mcp::testing;
using ::testing::HasSubstr;
using ::testing::Not;

namespace {
// Runs the binary to its end; returns its exit status and stderr.
std::pair<std::optional<int>, std::string> run(std::vector<std::string> args, std::vector<std::pair<std::string, std::string>> env = {}) {
  args.insert(args.begin(), CATS_MCP_BINARY);
  ChildProcess p(args, env);
  p.close_stdin();
  auto status = p.wait(std::chrono::seconds(30));
  return {status, p.stderr_text()};
}

void expect_one_clear_line(const std::string& err, const std::string& what) {
  EXPECT_THAT(err, HasSubstr(what));
  EXPECT_THAT(err, HasSubstr("cats-contacts-mcp: "));
  EXPECT_THAT(err, Not(HasSubstr("terminate called")));
}
}  // namespace

TEST(StartupFailures, AFileThatIsNotADatabaseIsNamedAndLeftAlone) {
  TempDir dir;
  std::string notes = "my notes, not a database; long enough that SQLite reads a header from it\n";
  std::ofstream(dir.file("notes.txt")) << notes;
  auto [status, err] = run({"call", "cats_contacts_get_a_contact", R"({"id":1})"}, {{"CATS_SANDBOX_DB", dir.file("notes.txt")}});
  EXPECT_EQ(status, 2) << err;
  expect_one_clear_line(err, "not a database");
  std::ifstream in(dir.file("notes.txt"));
  EXPECT_EQ(std::string(std::istreambuf_iterator<char>(in), {}), notes);
}

TEST(StartupFailures, ADatabaseOfANewerVersionIsRefused) {
  TempDir dir;
  {
    auto [status, err] = run({"call", "cats_contacts_get_a_contact", R"({"id":1})"}, {{"CATS_SANDBOX_DB", dir.file("s.db")}});
    ASSERT_EQ(status, 0) << err;
  }
  // A future version's file: user_version is the big-endian field at offset 60 of SQLite's header.
  {
    std::fstream f(dir.file("s.db"), std::ios::in | std::ios::out | std::ios::binary);
    f.seekp(60);
    const char v[4] = {0, 0, 0, 99};
    f.write(v, 4);
  }
  auto [status, err] = run({"call", "cats_contacts_get_a_contact", R"({"id":1})"}, {{"CATS_SANDBOX_DB", dir.file("s.db")}});
  EXPECT_EQ(status, 2) << err;
  expect_one_clear_line(err, "newer cats-contacts-mcp");
}

// What people type: `--http localhost:8080`, `sandbox serve --listen localhost:8090`.
TEST(StartupFailures, LocalhostIsAcceptedAsAHost) {
  TempDir dir;
  for (std::vector<std::string> args : {std::vector<std::string>{"--http", "localhost:0"},
                                        std::vector<std::string>{"sandbox", "serve", "--listen", "localhost:0"}}) {
    args.insert(args.begin(), CATS_MCP_BINARY);
    ChildProcess p(args, {{"CATS_SANDBOX_DB", dir.file("s.db")}});
    EXPECT_TRUE(p.wait_for_stderr(R"re(listening)re")) << p.stderr_text();
    p.signal(SIGTERM);
    EXPECT_EQ(p.wait(std::chrono::seconds(10)), 0) << p.stderr_text();
  }
}

// CLI11's own exit codes (105 for a value out of range) are not what scripts expect of a usage error.
TEST(StartupFailures, AUsageErrorExitsTwoAndSeedingNoContactsIsFine) {
  TempDir dir;
  auto [bad_status, bad_err] = run({"sandbox", "seed", "--contacts", "-1"}, {{"CATS_SANDBOX_DB", dir.file("s.db")}});
  EXPECT_EQ(bad_status, 2) << bad_err;
  EXPECT_THAT(bad_err, HasSubstr("--contacts"));
  auto [none_status, none_err] = run({"sandbox", "seed", "--contacts", "0"}, {{"CATS_SANDBOX_DB", dir.file("s.db")}});
  EXPECT_EQ(none_status, 0) << none_err;
  auto [help_status, help_err] = run({"--help"});
  EXPECT_EQ(help_status, 0);
}

TEST(StartupFailures, ABlankCatsApiKeyIsNoKey) {
  TempDir dir;
  auto [status, err] = run({"call", "cats_contacts_get_a_contact", R"({"id":1})"},
                           {{"CATS_API_KEY", "  \n"}, {"CATS_SANDBOX_DB", dir.file("s.db")}});
  EXPECT_EQ(status, 0) << err;  // the sandbox answered, not a CATS that refused a blank key
  EXPECT_THAT(err, HasSubstr("CATS_API_KEY is set but blank"));
}

// `connections add` without --base-url is a connection to CATS itself; a URL that cannot be a
// CATS API root is refused before anything is stored.
TEST(StartupFailures, ConnectionsAddDefaultsToCatsAndRefusesABadUrl) {
  TempDir dir;
  auto add = [&](std::vector<std::string> extra) {
    std::vector<std::string> args{CATS_MCP_BINARY, "connections", "add", "--owner", "local", "--label", "L",
                                  "--state-db", dir.file("state.db")};
    args.insert(args.end(), extra.begin(), extra.end());
    ChildProcess p(args, {});
    p.write("a-cats-key-0123456789\n");
    p.close_stdin();
    auto status = p.wait(std::chrono::seconds(30));
    return std::pair{status, p.stderr_text()};
  };
  auto [default_status, default_err] = add({});
  EXPECT_EQ(default_status, 0) << default_err;
  for (auto bad : {"notaurl", "ftp://cats.example/v3", "https://user:secret@cats.example/v3", "https://cats.example/v3?x=1"}) {
    auto [status, err] = add({"--base-url", bad});
    EXPECT_EQ(status, 2) << bad;
    expect_one_clear_line(err, "--base-url must be an http(s) URL");
    EXPECT_THAT(err, Not(HasSubstr("secret")));
  }
  ChildProcess list({CATS_MCP_BINARY, "connections", "list", "--state-db", dir.file("state.db")}, {});
  std::string lines;
  while (auto l = list.read_line()) lines += *l + "\n";
  EXPECT_EQ(list.wait(), 0);
  EXPECT_THAT(lines, HasSubstr(R"("base_url":"https://api.catsone.com/v3")"));
  EXPECT_EQ(std::count(lines.begin(), lines.end(), '\n'), 1) << lines;  // nothing bad was stored
}

TEST(StartupFailures, APortInUseIsReportedNotAborted) {
  int fd = ::socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  ASSERT_EQ(::bind(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr), 0);
  ASSERT_EQ(::listen(fd, 1), 0);
  socklen_t len = sizeof addr;
  ::getsockname(fd, reinterpret_cast<sockaddr*>(&addr), &len);
  TempDir dir;
  auto [status, err] = run({"--http", "127.0.0.1:" + std::to_string(ntohs(addr.sin_port))}, {{"CATS_SANDBOX_DB", dir.file("s.db")}});
  ::close(fd);
  EXPECT_EQ(status, 2) << err;
  expect_one_clear_line(err, "cannot listen on 127.0.0.1:" + std::to_string(ntohs(addr.sin_port)) + ": Address already in use");
  EXPECT_THAT(err, Not(HasSubstr(".hpp")));  // the reason, not Boost's source location
}

TEST(StartupFailures, AnOAuthConfigurationThatCannotWorkIsRefusedAtStart) {
  TempDir dir;
  std::vector<std::pair<std::string, std::string>> env{{"CATS_SANDBOX_DB", dir.file("s.db")}};
  auto [no_url, no_url_err] = run({"--http", "127.0.0.1:0", "--oauth-issuer", "https://id.example.com"}, env);
  EXPECT_EQ(no_url, 2);
  expect_one_clear_line(no_url_err, "--oauth-issuer needs --public-url");
  auto [no_issuer, no_issuer_err] = run({"--http", "127.0.0.1:0", "--public-url", "https://mcp.example.com/cats-contacts"}, env);
  EXPECT_EQ(no_issuer, 2);
  expect_one_clear_line(no_issuer_err, "take effect with --oauth-issuer");
  auto [plain_http, plain_http_err] = run({"--http", "127.0.0.1:0", "--oauth-issuer", "http://id.example.com",
                                           "--public-url", "https://mcp.example.com/cats-contacts"}, env);
  EXPECT_EQ(plain_http, 2);
  expect_one_clear_line(plain_http_err, "--oauth-issuer must be an https URL (http only on a loopback address)");
  auto [bad_url, bad_url_err] = run({"--http", "127.0.0.1:0", "--oauth-issuer", "https://id.example.com",
                                     "--public-url", "mcp.example.com"}, env);
  EXPECT_EQ(bad_url, 2);
  expect_one_clear_line(bad_url_err, "--public-url must be the server's absolute http(s) URL");
}
