// The connection store, the same tests against both places connections live: a SQLite file and
// a PostgreSQL database (scripts/with_postgres.sh provides the server).
#include "connections/connection_store.hpp"
#include "storage/postgres.hpp"
#include "storage/sqlite.hpp"
#include "support/postgres_test_db.hpp"
#include "support/temp_dir.hpp"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <cstdlib>
#include <fstream>
#include <sstream>
#include <thread>

using namespace cats_mcp;
using namespace cats_mcp::connections;
using cats_mcp::testing::PostgresTestDb;
using cats_mcp::testing::TempDir;
using ::testing::HasSubstr;
using ::testing::Not;

namespace {
constexpr const char* kMasterKey = "0f1e2d3c4b5a69788796a5b4c3d2e1f00f1e2d3c4b5a69788796a5b4c3d2e1f0";

// One test's state database: a SQLite file in a temporary directory, or a fresh PostgreSQL
// database. `run` executes SQL on it behind the store's back, as another process would.
class StoreTest : public ::testing::TestWithParam<std::string> {
 protected:
  void SetUp() override {
    if (postgres()) {
      CATS_NEED_POSTGRES(pg_);
      setenv("CATS_MCP_MASTER_KEY", kMasterKey, 1);  // a shared database has no key file beside it
    } else {
      unsetenv("CATS_MCP_MASTER_KEY");
    }
  }
  void TearDown() override { unsetenv("CATS_MCP_MASTER_KEY"); }

  bool postgres() const { return GetParam() == "postgresql"; }
  std::string spec() const { return postgres() ? pg_.uri() : dir_.file("state.db"); }

  void run(const std::string& sql) {
    if (postgres()) storage::PgConnection(pg_.uri()).exec(sql);
    else storage::Db(dir_.file("state.db")).exec(sql);
  }

  // Everything the database keeps, as bytes a secret could hide in.
  std::string stored_bytes() {
    if (postgres()) {
      storage::PgConnection db(pg_.uri());
      auto r = db.run("SELECT pcid || owner || label || base_url, sealed_secret FROM connections");
      std::string all;
      for (int i = 0; i < r.rows(); ++i) all += r.bytes(i, 0) + r.bytes(i, 1);
      return all;
    }
    std::string all;
    for (auto file : {"state.db", "state.db-wal"}) {
      std::ifstream in(dir_.file(file), std::ios::binary);
      std::stringstream s;
      s << in.rdbuf();
      all += s.str();
    }
    return all;
  }

  TempDir dir_;
  PostgresTestDb pg_;
};

std::string backend_name(const ::testing::TestParamInfo<std::string>& info) { return info.param; }
}  // namespace

INSTANTIATE_TEST_SUITE_P(Backends, StoreTest, ::testing::Values("sqlite", "postgresql"), backend_name);

TEST_P(StoreTest, KeepsKeysSealedAndListsWithoutThem) {
  {
    ConnectionStore store(spec());
    auto pcid = store.add("alice", "Alice's CATS", "cats", "https://api.catsone.com/v3", "secret-cats-key-alice-77");
    EXPECT_EQ(pcid.rfind("pc_", 0), 0u);
    EXPECT_EQ(pcid.size(), 27u);
    auto all = store.list();
    ASSERT_EQ(all.size(), 1u);
    EXPECT_EQ(all[0].owner, "alice");
    EXPECT_EQ(all[0].label, "Alice's CATS");
    EXPECT_EQ(all[0].base_url, "https://api.catsone.com/v3");
    EXPECT_EQ(store.open_for(pcid, "alice")->second, "secret-cats-key-alice-77");
    EXPECT_FALSE(store.open_for(pcid, "bob"));
    EXPECT_FALSE(store.open_for("pc_nope", "alice"));
  }
  auto bytes = stored_bytes();
  EXPECT_THAT(bytes, HasSubstr("Alice's CATS"));  // it really read the rows
  EXPECT_THAT(bytes, Not(HasSubstr("secret-cats-key-alice-77")));
}

TEST_P(StoreTest, ListsByOwnerAndKnowsACallersOnlyConnection) {
  ConnectionStore store(spec());
  auto a1 = store.add("alice", "one", "sandbox", "", "");
  auto b1 = store.add("bob", "b", "sandbox", "", "");
  auto a2 = store.add("alice", "two", "sandbox", "", "");
  auto alices = store.list("alice");
  ASSERT_EQ(alices.size(), 2u);
  EXPECT_EQ(alices[0].owner, "alice");
  EXPECT_EQ(alices[1].owner, "alice");
  EXPECT_EQ(store.list().size(), 3u);
  EXPECT_EQ(store.sole_pcid_of("bob"), b1);
  EXPECT_FALSE(store.sole_pcid_of("alice"));  // two: none is chosen
  EXPECT_FALSE(store.sole_pcid_of("carol"));
  store.remove(a1);
  EXPECT_EQ(store.sole_pcid_of("alice"), a2);
}

TEST_P(StoreTest, RemoveDeletes) {
  ConnectionStore store(spec());
  auto pcid = store.add("alice", "a", "sandbox", "", "");
  EXPECT_TRUE(store.any());
  EXPECT_TRUE(store.remove(pcid));
  EXPECT_FALSE(store.remove(pcid));
  EXPECT_FALSE(store.any());
}

TEST_P(StoreTest, AnotherProcessesChangesShowOnceTheRememberedAnswersAreRechecked) {
  ConnectionStore server(spec(), std::chrono::hours(1));        // remembers for the whole test
  ConnectionStore fresh(spec(), std::chrono::milliseconds(0));  // rechecks every time
  ConnectionStore cli(spec());
  EXPECT_FALSE(server.any());
  auto pcid = cli.add("alice", "a", "sandbox", "", "");
  // Remembered: the state database is not read on every call. (PostgreSQL announces the change,
  // which may already have arrived: PostgresStore.AChangeThroughOneReplicaShowsOnEveryOther...)
  if (!postgres()) EXPECT_FALSE(server.any());
  EXPECT_TRUE(fresh.any());
  EXPECT_TRUE(fresh.open_for(pcid, "alice"));
  ASSERT_TRUE(cli.remove(pcid));
  EXPECT_FALSE(fresh.open_for(pcid, "alice"));
  EXPECT_FALSE(fresh.any());
  server.add("bob", "b", "sandbox", "", "");  // its own change shows at once
  EXPECT_TRUE(server.any());
}

TEST_P(StoreTest, ASomeoneElsesPcidIsLookedUpLikeAMadeUpOneNotAnsweredFromMemory) {
  ConnectionStore server(spec(), std::chrono::hours(1));
  auto pcid = server.add("alice", "a", "sandbox", "", "");
  ASSERT_TRUE(server.open_for(pcid, "alice"));  // remembered now
  // Another process hands the connection to bob. Within the recheck time Alice's remembered answer
  // still holds, but bob's lookup cannot have come from it: it went to the database, exactly as a
  // lookup of a PCID that does not exist does, so the two take the same time.
  run("UPDATE connections SET owner = 'bob' WHERE pcid = '" + pcid + "'");
  EXPECT_TRUE(server.open_for(pcid, "bob"));
  EXPECT_FALSE(server.open_for(pcid, "mallory"));
}

TEST_P(StoreTest, ADatabaseWrittenByANewerVersionIsRefusedAndLeftAlone) {
  { ConnectionStore(spec()).add("alice", "a", "sandbox", "", ""); }
  run(postgres() ? "UPDATE cats_mcp_schema SET version = 99" : "PRAGMA user_version = 99");
  try {
    ConnectionStore store(spec());
    FAIL() << "a newer schema was accepted";
  } catch (const std::exception& e) {
    EXPECT_THAT(e.what(), HasSubstr("newer cats-contacts-mcp (schema version 99"));
  }
  run(postgres() ? "UPDATE cats_mcp_schema SET version = 1" : "PRAGMA user_version = 1");
  EXPECT_EQ(ConnectionStore(spec()).list().size(), 1u);  // nothing was lost
}

TEST_P(StoreTest, OpeningTwiceMigratesOnce) {
  ConnectionStore first(spec());
  first.add("alice", "a", "sandbox", "", "");
  ConnectionStore second(spec());  // the schema exists: created once, not again
  EXPECT_EQ(second.list().size(), 1u);
}

// PostgreSQL only: what only a shared database has.
TEST(PostgresStore, NeedsTheMasterKeyFromTheEnvironment) {
  PostgresTestDb db;
  CATS_NEED_POSTGRES(db);
  unsetenv("CATS_MCP_MASTER_KEY");
  try {
    ConnectionStore store(db.uri());
    FAIL() << "opened without a master key";
  } catch (const std::exception& e) {
    EXPECT_THAT(e.what(), HasSubstr("needs CATS_MCP_MASTER_KEY"));
  }
}

namespace {
// Whether `seen` holds within `limit`, asked every millisecond.
template <class Predicate>
bool within(std::chrono::milliseconds limit, Predicate seen) {
  auto until = std::chrono::steady_clock::now() + limit;
  do {
    if (seen()) return true;
    std::this_thread::sleep_for(std::chrono::milliseconds(1));
  } while (std::chrono::steady_clock::now() < until);
  return seen();
}
}  // namespace

// Replicas remember answers (a query and an unsealing per call otherwise), yet a connection
// added or removed through one is seen by every other within 100 ms: PostgreSQL announces each
// change (NOTIFY in the writing statement) and every store LISTENs.
TEST(PostgresStore, AChangeThroughOneReplicaShowsOnEveryOtherWithin100Ms) {
  PostgresTestDb db;
  CATS_NEED_POSTGRES(db);
  setenv("CATS_MCP_MASTER_KEY", kMasterKey, 1);
  ConnectionStore a(db.uri(), std::chrono::hours(1));
  ConnectionStore b(db.uri(), std::chrono::hours(1));  // without the announcement it would never recheck
  EXPECT_FALSE(b.any());
  EXPECT_FALSE(b.sole_pcid_of("alice"));  // remembered: none
  auto pcid = a.add("alice", "a", "sandbox", "", "");
  EXPECT_TRUE(within(std::chrono::milliseconds(100), [&] { return b.any() && b.sole_pcid_of("alice") == pcid; }));
  ASSERT_TRUE(b.open_for(pcid, "alice"));  // remembered: found
  a.remove(pcid);
  EXPECT_TRUE(within(std::chrono::milliseconds(100), [&] { return !b.open_for(pcid, "alice"); }));
  unsetenv("CATS_MCP_MASTER_KEY");
}

TEST(PostgresStore, APasswordInTheUriNeverReachesAMessage) {
  PostgresTestDb db;
  CATS_NEED_POSTGRES(db);
  setenv("CATS_MCP_MASTER_KEY", kMasterKey, 1);
  // A role that does not exist, with a password (in the userinfo and as a parameter): the
  // connection fails and says why, without the password.
  boost::urls::url url(*boost::urls::parse_uri(*cats_mcp::testing::postgres_test_server()));
  url.params().set("user", "nobody");
  url.set_userinfo("nobody:hunter2-secret");
  auto uri = std::string(url.buffer());
  try {
    ConnectionStore store(uri);
    FAIL() << "connected as a role that does not exist";
  } catch (const std::exception& e) {
    EXPECT_THAT(e.what(), HasSubstr("cannot connect to PostgreSQL"));
    EXPECT_THAT(e.what(), HasSubstr("nobody:***@"));
    EXPECT_THAT(e.what(), HasSubstr("nobody"));  // libpq's own reason names the role
    EXPECT_THAT(e.what(), Not(HasSubstr("hunter2")));
  }
  unsetenv("CATS_MCP_MASTER_KEY");
}

TEST(Conninfo, PasswordsAreRedactedInEveryForm) {
  EXPECT_EQ(storage::redact_conninfo("postgresql://app:s3cret@db.internal:5432/cats?sslmode=require"),
            "postgresql://app:***@db.internal:5432/cats?sslmode=require");
  EXPECT_EQ(storage::redact_conninfo("postgres://db/cats?user=app&password=s3cret"), "postgres://db/cats?user=app&password=***");
  EXPECT_EQ(storage::redact_conninfo("host=db password='a b\\'c' user=app"), "host=db password=*** user=app");
  EXPECT_EQ(storage::redact_conninfo("postgresql:///cats?host=/tmp/x"), "postgresql:///cats?host=/tmp/x");
  EXPECT_TRUE(storage::is_postgres_uri("postgresql://x"));
  EXPECT_FALSE(storage::is_postgres_uri("/var/lib/state.db"));
}
