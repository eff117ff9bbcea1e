// The real binary keeping its stored connections in PostgreSQL (--state-db / CATS_MCP_STATE_DB
// as a postgresql:// URI): the connections commands and a server use the same rows.
#include "support/child_process.hpp"
#include "support/postgres_test_db.hpp"
#include "support/stdio_mcp_client.hpp"
#include "support/temp_dir.hpp"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

namespace json = boost::json;
using namespace cats_mcp::testing;
using ::testing::HasSubstr;
using ::testing::Not;

namespace {
constexpr const char* kMasterKey = "a1b2c3d4e5f60718293a4b5c6d7e8f90a1b2c3d4e5f60718293a4b5c6d7e8f90";

struct Ran {
  int status;
  std::string out, err;
};

Ran run_cli(std::vector<std::string> args, std::vector<std::pair<std::string, std::string>> env) {
  args.insert(args.begin(), CATS_MCP_BINARY);
  ChildProcess p(args, env);
  p.close_stdin();
  std::string out;
  while (auto line = p.read_line()) out += *line + "\n";
  int status = p.wait().value_or(-1);
  return {status, out, p.stderr_text()};
}
}  // namespace

TEST(PostgresState, ConnectionsAddedByTheCommandServeTheServer) {
  PostgresTestDb db;
  CATS_NEED_POSTGRES(db);
  TempDir dir;
  std::vector<std::pair<std::string, std::string>> env{
      {"CATS_MCP_STATE_DB", db.uri()}, {"CATS_MCP_MASTER_KEY", kMasterKey}, {"CATS_SANDBOX_DB", dir.file("s.db")}};
  auto added = run_cli({"connections", "add", "--label", "Shared", "--sandbox"}, env);
  ASSERT_EQ(added.status, 0) << added.err;
  auto pcid = added.out.substr(0, added.out.size() - 1);
  EXPECT_THAT(run_cli({"connections", "list"}, env).out, HasSubstr(pcid));

  StdioMcpClient client({}, env);
  client.initialize();
  auto contact = client.call_tool("cats_contacts_get_a_contact", {{"id", 1}, {"PCID", pcid}});
  ASSERT_FALSE(contact.contains("isError")) << json::serialize(contact);
  EXPECT_EQ(contact.at("structuredContent").at("first_name"), "Grace");
  EXPECT_THAT(client.process().stderr_text(), HasSubstr("the PostgreSQL database postgresql://"));

  EXPECT_EQ(run_cli({"connections", "remove", pcid}, env).status, 0);
  EXPECT_EQ(run_cli({"connections", "list"}, env).out, "");
}

TEST(PostgresState, AServerThatCannotReachItsStateDatabaseSaysWhyWithoutThePassword) {
  PostgresTestDb db;
  CATS_NEED_POSTGRES(db);
  boost::urls::url url(*boost::urls::parse_uri(db.uri()));
  url.params().set("user", "nobody");
  url.set_userinfo("nobody:hunter2-secret");
  auto ran = run_cli({"--state-db", std::string(url.buffer()), "tools"}, {{"CATS_MCP_MASTER_KEY", kMasterKey}});
  // `tools` needs no state: it must not fail. A server does.
  EXPECT_EQ(ran.status, 0) << ran.err;
  StdioMcpClient client({"--state-db", std::string(url.buffer())}, {{"CATS_MCP_MASTER_KEY", kMasterKey}});
  EXPECT_EQ(client.process().wait(), std::optional<int>(2));
  auto err = client.process().stderr_text();
  EXPECT_THAT(err, HasSubstr("cannot connect to PostgreSQL"));
  EXPECT_THAT(err, Not(HasSubstr("hunter2")));
}

TEST(PostgresState, RotateMasterKeyRewrapsWhileAServerWithBothKeysKeepsServing) {
  PostgresTestDb db;
  CATS_NEED_POSTGRES(db);
  TempDir dir;
  constexpr const char* kNewKey = "0000111122223333444455556666777788889999aaaabbbbccccddddeeeeffff";
  std::vector<std::pair<std::string, std::string>> old_env{
      {"CATS_MCP_STATE_DB", db.uri()}, {"CATS_MCP_MASTER_KEY", kMasterKey}, {"CATS_SANDBOX_DB", dir.file("s.db")}};
  auto added = run_cli({"connections", "add", "--label", "Shared", "--sandbox"}, old_env);
  ASSERT_EQ(added.status, 0) << added.err;
  auto pcid = added.out.substr(0, added.out.size() - 1);

  auto rotating_env = old_env;
  rotating_env[1].second = kNewKey;
  rotating_env.emplace_back("CATS_MCP_MASTER_KEY_PREVIOUS", kMasterKey);
  StdioMcpClient server({}, rotating_env);  // restarted with both keys before the rotation
  server.initialize();
  auto call = [&] { return server.call_tool("cats_contacts_get_a_contact", {{"id", 1}, {"PCID", pcid}}); };
  ASSERT_FALSE(call().contains("isError"));

  auto rotated = run_cli({"connections", "rotate-master-key"}, rotating_env);
  ASSERT_EQ(rotated.status, 0) << rotated.err;
  auto report = json::parse(rotated.out).as_object();
  EXPECT_EQ(report.at("rewrapped"), 1);
  EXPECT_EQ(report.at("unopened").as_array().size(), 0u);
  EXPECT_FALSE(call().contains("isError"));  // the server never stopped serving it

  auto new_env = old_env;
  new_env[1].second = kNewKey;
  EXPECT_EQ(json::parse(run_cli({"connections", "rotate-master-key"}, new_env).out).at("rewrapped"), 0);
  // The old key alone no longer opens it: rotate-master-key reports it and exits 1.
  auto stale = run_cli({"connections", "rotate-master-key"}, old_env);
  EXPECT_EQ(stale.status, 1);
  EXPECT_THAT(stale.out, HasSubstr(pcid));
  EXPECT_THAT(stale.err, HasSubstr("open under neither CATS_MCP_MASTER_KEY nor CATS_MCP_MASTER_KEY_PREVIOUS"));
  EXPECT_THAT(stale.out + stale.err, Not(HasSubstr(kMasterKey)));
}
