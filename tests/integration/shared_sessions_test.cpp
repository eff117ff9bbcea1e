// Legacy sessions that any replica serves: two real server processes on one state database
// with the same CATS_MCP_STATE_KEY, as behind a round-robin balancer. Each test runs on a
// SQLite file and on PostgreSQL.
#include "support/http_test_server.hpp"
#include "support/postgres_test_db.hpp"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <thread>

namespace json = boost::json;
using namespace cats_mcp::testing;
using ::testing::HasSubstr;
using ::testing::Not;

namespace {
constexpr const char* kStateKey = "5e55105e55105e55105e55105e55105e55105e55105e55105e55105e55105e55";
constexpr const char* kMasterKey = "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef";
constexpr const char* kGetContact =
    R"({"jsonrpc":"2.0","id":7,"method":"tools/call","params":{"name":"cats_contacts_get_a_contact","arguments":{"id":1}}})";

class SharedSessions : public ::testing::TestWithParam<std::string> {
 protected:
  void SetUp() override {
    if (GetParam() == "postgresql") CATS_NEED_POSTGRES(pg_);
  }

  std::vector<std::pair<std::string, std::string>> env(const char* state_key = kStateKey) {
    auto e = sandbox_env(dir_);
    e.emplace_back("CATS_MCP_STATE_KEY", state_key);
    e.emplace_back("CATS_MCP_MASTER_KEY", kMasterKey);
    e.emplace_back("CATS_MCP_STATE_DB", GetParam() == "postgresql" ? pg_.uri() : dir_.file("state.db"));
    return e;
  }
  std::unique_ptr<HttpServer> replica(const char* state_key = kStateKey) {
    return std::make_unique<HttpServer>(std::vector<std::string>{"--tokens-file", tokens_}, env(state_key));
  }
  std::string open_session(HttpServer& on, const char* token = kTokenA) {
    auto init = on.post(kInitialize, {bearer(token)});
    EXPECT_EQ(init.status, 200) << init.body;
    return init.headers["mcp-session-id"];
  }

  // What one replica notes (a DELETE, a log level) counts on the others within this: announced
  // at once by PostgreSQL (100 ms promised), found by the once-a-second recheck with SQLite.
  void let_notes_spread() {
    std::this_thread::sleep_for(GetParam() == "postgresql" ? std::chrono::milliseconds(100) : std::chrono::milliseconds(1100));
  }

  TempDir dir_;
  PostgresTestDb pg_;
  std::string tokens_ = write_tokens(dir_);
};

std::string backend_name(const ::testing::TestParamInfo<std::string>& info) { return info.param; }
}  // namespace

INSTANTIATE_TEST_SUITE_P(StateDatabases, SharedSessions, ::testing::Values("sqlite", "postgresql"), backend_name);

TEST_P(SharedSessions, ASessionOpenedOnOneReplicaIsServedByTheOther) {
  auto a = replica();
  auto b = replica();
  auto id = open_session(*a);
  ASSERT_FALSE(id.empty());
  for (unsigned char c : id) ASSERT_TRUE(c >= 0x21 && c <= 0x7e) << "session ids are visible ASCII";
  EXPECT_EQ(b->post(R"({"jsonrpc":"2.0","method":"notifications/initialized"})", {bearer(kTokenA), {"Mcp-Session-Id", id}}).status,
            202);
  auto listed = b->post(R"({"jsonrpc":"2.0","id":2,"method":"tools/list"})", {bearer(kTokenA), {"Mcp-Session-Id", id}});
  EXPECT_EQ(listed.status, 200);
  EXPECT_THAT(listed.body, HasSubstr("cats_contacts_get_a_contact"));
  auto called = b->post(kGetContact, {bearer(kTokenA), {"Mcp-Session-Id", id}, {"Accept", "application/json"}});
  EXPECT_EQ(called.status, 200);
  EXPECT_EQ(called.headers["mcp-session-id"], id);
  EXPECT_THAT(called.body, HasSubstr("Grace"));
  // Bound to its principal on every replica.
  EXPECT_EQ(b->post(R"({"jsonrpc":"2.0","id":3,"method":"ping"})", {bearer(kTokenB), {"Mcp-Session-Id", id}}).status, 404);
  EXPECT_EQ(a->post(R"({"jsonrpc":"2.0","id":3,"method":"ping"})", {bearer(kTokenB), {"Mcp-Session-Id", id}}).status, 404);
}

TEST_P(SharedSessions, ADeleteThroughOneReplicaEndsTheSessionOnEvery) {
  auto a = replica();
  auto b = replica();
  auto id = open_session(*a);
  auto ping = [&](HttpServer& on) {
    return on.post(R"({"jsonrpc":"2.0","id":4,"method":"ping"})", {bearer(kTokenA), {"Mcp-Session-Id", id}}).status;
  };
  ASSERT_EQ(ping(*a), 200);
  ASSERT_EQ(ping(*b), 200);  // both hold it now
  EXPECT_EQ(http_request("DELETE", b->url, {bearer(kTokenB), {"Mcp-Session-Id", id}}).status, 404);  // not bob's to end
  EXPECT_EQ(http_request("DELETE", b->url, {bearer(kTokenA), {"Mcp-Session-Id", id}}).status, 204);
  EXPECT_EQ(ping(*b), 404);  // at once where it was ended
  let_notes_spread();
  EXPECT_EQ(ping(*a), 404);
  EXPECT_EQ(ping(*b), 404);
  EXPECT_EQ(http_request("DELETE", a->url, {bearer(kTokenA), {"Mcp-Session-Id", id}}).status, 404);
  // A replica started afterwards does not take it up either.
  auto c = replica();
  EXPECT_EQ(ping(*c), 404);
  EXPECT_EQ(ping(*a) , 404);
  EXPECT_NE(open_session(*a), id);  // a new session is a new id
}

TEST_P(SharedSessions, ALogLevelSetThroughOneReplicaHoldsOnTheOther) {
  auto a = replica();
  auto b = replica();
  auto id = open_session(*a);
  auto call_on = [&](HttpServer& on) { return on.post(kGetContact, {bearer(kTokenA), {"Mcp-Session-Id", id}}).body; };
  EXPECT_THAT(call_on(*b), Not(HasSubstr("notifications/message")));  // warnings and worse only, by default
  auto set = a->post(R"({"jsonrpc":"2.0","id":5,"method":"logging/setLevel","params":{"level":"debug"}})",
                     {bearer(kTokenA), {"Mcp-Session-Id", id}});
  ASSERT_EQ(set.status, 200) << set.body;
  EXPECT_THAT(call_on(*a), HasSubstr("notifications/message"));
  let_notes_spread();
  EXPECT_THAT(call_on(*b), HasSubstr("notifications/message"));
}

TEST_P(SharedSessions, AnIdThatIsAlteredOrSealedUnderAnotherKeyIsNotFound) {
  auto a = replica();
  auto stranger = replica("f00df00df00df00df00df00df00df00df00df00df00df00df00df00df00df00d");
  auto id = open_session(*a);
  auto ping = [&](HttpServer& on, const std::string& session) {
    return on.post(R"({"jsonrpc":"2.0","id":6,"method":"ping"})", {bearer(kTokenA), {"Mcp-Session-Id", session}}).status;
  };
  EXPECT_EQ(ping(*stranger, id), 404);
  auto altered = id;
  altered[altered.size() / 2] = altered[altered.size() / 2] == 'A' ? 'B' : 'A';
  EXPECT_EQ(ping(*a, altered), 404);
  EXPECT_EQ(ping(*a, "no-such-session"), 404);
  EXPECT_EQ(ping(*a, id), 200);
}

TEST(SharedSessionsOnPostgres, AStateDatabaseThatStopsAnsweringGets503NotAGuess) {
  PostgresTestDb pg;
  CATS_NEED_POSTGRES(pg);
  TempDir dir;
  auto tokens = write_tokens(dir);
  auto env = sandbox_env(dir);
  env.emplace_back("CATS_MCP_STATE_KEY", kStateKey);
  env.emplace_back("CATS_MCP_MASTER_KEY", kMasterKey);
  env.emplace_back("CATS_MCP_STATE_DB", pg.uri());
  HttpServer server({"--tokens-file", tokens}, env);
  auto id = server.post(kInitialize, {bearer(kTokenA)}).headers["mcp-session-id"];
  auto ping = [&] { return server.post(R"({"jsonrpc":"2.0","id":8,"method":"ping"})", {bearer(kTokenA), {"Mcp-Session-Id", id}}); };
  ASSERT_EQ(ping().status, 200);
  // The database goes away (dropped, its connections ended): a session cannot be checked.
  auto name = boost::urls::parse_uri(pg.uri())->path().substr(1);
  cats_mcp::storage::PgConnection(*postgres_test_server()).exec("DROP DATABASE " + std::string(name) + " WITH (FORCE)");
  std::this_thread::sleep_for(std::chrono::milliseconds(100));  // the server notices its listener lost
  auto refused = ping();
  EXPECT_EQ(refused.status, 503);
  EXPECT_THAT(refused.body, HasSubstr("cannot reach its state database"));
  EXPECT_THAT(refused.body, Not(HasSubstr(kStateKey)));
  EXPECT_EQ(http_request("DELETE", server.url, {bearer(kTokenA), {"Mcp-Session-Id", id}}).status, 503);
  // The server itself keeps serving what needs no state, such as a stateless call.
  EXPECT_EQ(server.post(R"({"jsonrpc":"2.0","id":9,"method":"tools/list"})", {bearer(kTokenA)}).status, 200);
}
