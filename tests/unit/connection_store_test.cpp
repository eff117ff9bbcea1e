// The connection store, the same tests against both places connections live: a SQLite file and
// a PostgreSQL database (scripts/with_postgres.sh provides the server).
#include "connections/connection_store.hpp"
#include "storage/postgres.hpp"
#include "storage/sqlite.hpp"
#include "support/postgres_test_db.hpp"
#include "support/temp_dir.hpp"

#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <sodium.h>

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
  void TearDown() override {
    unsetenv("CATS_MCP_MASTER_KEY");
    unsetenv("CATS_MCP_MASTER_KEY_PREVIOUS");
  }

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
  // Another process hands the row to bob. Bob's lookup cannot come from Alice's remembered answer:
  // it goes to the database, exactly as a lookup of a PCID that does not exist does, so the two
  // take the same time. (The row does not open for bob either: its seal names alice.)
  run("UPDATE connections SET owner = 'bob' WHERE pcid = '" + pcid + "'");
  EXPECT_FALSE(server.open_for(pcid, "bob"));
  EXPECT_FALSE(server.open_for(pcid, "mallory"));
}

TEST_P(StoreTest, ARowMovedToAnotherOwnerOrPcidDoesNotOpen) {
  ConnectionStore writer(spec());
  auto moved = writer.add("alice", "a", "cats", "https://x.example/v3", "key-of-alice");
  auto copied = writer.add("alice", "b", "cats", "https://x.example/v3", "other-key-of-alice");
  ConnectionStore reader(spec(), std::chrono::milliseconds(0));
  ASSERT_EQ(reader.open_for(moved, "alice")->second, "key-of-alice");
  // Someone with write access to the database hands Alice's row to mallory...
  run("UPDATE connections SET owner = 'mallory' WHERE pcid = '" + moved + "'");
  EXPECT_FALSE(reader.open_for(moved, "mallory"));
  // ...or copies its sealed key onto a row of their own, or onto another PCID of Alice's.
  run("INSERT INTO connections (pcid, owner, label, kind, base_url, date_created, key_id, wrapped_key, sealed_secret) "
      "SELECT 'pc_mallory', 'mallory', label, kind, base_url, date_created, key_id, wrapped_key, sealed_secret "
      "FROM connections WHERE pcid = '" + copied + "'");
  EXPECT_FALSE(reader.open_for("pc_mallory", "mallory"));
  run("UPDATE connections SET pcid = 'pc_renamed' WHERE pcid = '" + copied + "'");
  EXPECT_FALSE(reader.open_for("pc_renamed", "alice"));
  // Put back, it opens again: the binding refused it, nothing was damaged.
  run("UPDATE connections SET owner = 'alice' WHERE pcid = '" + moved + "'");
  EXPECT_EQ(reader.open_for(moved, "alice")->second, "key-of-alice");
}

namespace {
constexpr const char* kOtherKey = "a1a2a3a4a5a6a7a8a9aaabacadaeafb0a1a2a3a4a5a6a7a8a9aaabacadaeafb0";
constexpr const char* kThirdKey = "c3c3c3c3c3c3c3c3c3c3c3c3c3c3c3c3c3c3c3c3c3c3c3c3c3c3c3c3c3c3c3c3";
}  // namespace

TEST_P(StoreTest, RotatingTheMasterKeyRewrapsEveryRowWhileServersKeepServing) {
  setenv("CATS_MCP_MASTER_KEY", kMasterKey, 1);
  std::string alice, bob, stranger;
  {
    ConnectionStore before(spec());
    alice = before.add("alice", "a", "cats", "https://x.example/v3", "key-of-alice");
    bob = before.add("bob", "b", "sandbox", "", "");
  }
  {
    setenv("CATS_MCP_MASTER_KEY", kThirdKey, 1);  // a row under a key the rotation is not given
    stranger = ConnectionStore(spec()).add("carol", "c", "cats", "https://x.example/v3", "key-of-carol");
  }
  // The servers are restarted with the new key and the previous one: they open rows under either.
  setenv("CATS_MCP_MASTER_KEY", kOtherKey, 1);
  setenv("CATS_MCP_MASTER_KEY_PREVIOUS", kMasterKey, 1);
  ConnectionStore server(spec(), std::chrono::milliseconds(0));
  EXPECT_EQ(server.open_for(alice, "alice")->second, "key-of-alice");
  ConnectionStore rotator(spec());
  auto done = rotator.rotate_master_key();
  EXPECT_EQ(done.rewrapped, 2u);
  EXPECT_EQ(done.unopened, std::vector<std::string>{stranger});
  EXPECT_EQ(server.open_for(alice, "alice")->second, "key-of-alice");  // served throughout
  EXPECT_TRUE(server.open_for(bob, "bob"));
  EXPECT_EQ(rotator.rotate_master_key().rewrapped, 0u);  // done once is done
  // Afterwards the new key alone opens them, and the old one no longer does.
  unsetenv("CATS_MCP_MASTER_KEY_PREVIOUS");
  EXPECT_EQ(ConnectionStore(spec()).open_for(alice, "alice")->second, "key-of-alice");
  setenv("CATS_MCP_MASTER_KEY", kMasterKey, 1);
  EXPECT_FALSE(ConnectionStore(spec()).open_for(alice, "alice"));
  setenv("CATS_MCP_MASTER_KEY", kThirdKey, 1);
  EXPECT_EQ(ConnectionStore(spec()).open_for(stranger, "carol")->second, "key-of-carol");  // left as it was
}

TEST_P(StoreTest, RowsSealedBeforeDataKeysAreSealedAfreshWhenTheDatabaseOpens) {
  setenv("CATS_MCP_MASTER_KEY", kMasterKey, 1);
  // A version-1 database: the secret a secretbox under the master key itself.
  std::string master(32, '\0');
  sodium_hex2bin(reinterpret_cast<unsigned char*>(master.data()), 32, kMasterKey, 64, nullptr, nullptr, nullptr);
  std::string box(crypto_secretbox_NONCEBYTES + crypto_secretbox_MACBYTES + 6, '\0');
  auto* nonce = reinterpret_cast<unsigned char*>(box.data());
  randombytes_buf(nonce, crypto_secretbox_NONCEBYTES);
  crypto_secretbox_easy(nonce + crypto_secretbox_NONCEBYTES, reinterpret_cast<const unsigned char*>("k-v1-a"), 6, nonce,
                        reinterpret_cast<const unsigned char*>(master.data()));
  std::string hex(2 * box.size() + 1, '\0');
  sodium_bin2hex(hex.data(), hex.size(), reinterpret_cast<const unsigned char*>(box.data()), box.size());
  hex.pop_back();
  std::string table = "CREATE TABLE connections (pcid text PRIMARY KEY, owner text NOT NULL, label text NOT NULL, "
                      "kind text NOT NULL, base_url text NOT NULL DEFAULT '', sealed_secret " +
                      std::string(postgres() ? "bytea" : "BLOB") + " NOT NULL, date_created text NOT NULL);";
  std::string value = postgres() ? "'\\x" + hex + "'::bytea" : "x'" + hex + "'";
  run(table + (postgres() ? "CREATE TABLE cats_mcp_schema (only_row boolean PRIMARY KEY DEFAULT true, version bigint NOT NULL);"
                            "INSERT INTO cats_mcp_schema (version) VALUES (1);"
                          : "PRAGMA user_version = 1;") +
      "INSERT INTO connections VALUES ('pc_v1', 'alice', 'old', 'cats', 'https://x.example/v3', " + value +
      ", '2026-01-01T00:00:00Z')");
  ConnectionStore store(spec());
  EXPECT_EQ(store.open_for("pc_v1", "alice")->second, "k-v1-a");
  EXPECT_TRUE(store.rotate_master_key().unopened.empty());
  EXPECT_EQ(store.rotate_master_key().rewrapped, 0u);  // already under a data key: sealed when opened
  // From now on it is bound to its row like any other.
  run("UPDATE connections SET owner = 'bob'");
  EXPECT_FALSE(ConnectionStore(spec()).open_for("pc_v1", "bob"));
}

TEST_P(StoreTest, LegacySessionNotesMergeAndExpire) {
  ConnectionStore a(spec());
  ConnectionStore b(spec(), std::chrono::milliseconds(0));  // rechecks every time
  auto later = std::chrono::duration_cast<std::chrono::seconds>(std::chrono::system_clock::now().time_since_epoch()).count() + 60;
  EXPECT_FALSE(b.session_note("s1"));
  a.put_session_note("s1", {.ended = false, .log_level = "debug"}, later);
  EXPECT_EQ(b.session_note("s1"), (SessionNote{false, "debug"}));
  b.put_session_note("s1", {.ended = true, .log_level = std::nullopt}, later);
  a.put_session_note("s1", {.ended = false, .log_level = "error"}, later);  // a late level does not reopen it
  EXPECT_EQ(b.session_note("s1"), (SessionNote{true, "error"}));
  a.put_session_note("s2", {.ended = true, .log_level = std::nullopt}, later - 120);  // already past
  EXPECT_FALSE(b.session_note("s2"));
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
  run(postgres() ? "UPDATE cats_mcp_schema SET version = 2" : "PRAGMA user_version = 2");
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

TEST(PostgresStore, ASessionNoteWrittenThroughOneReplicaShowsOnEveryOtherWithin100Ms) {
  PostgresTestDb db;
  CATS_NEED_POSTGRES(db);
  setenv("CATS_MCP_MASTER_KEY", kMasterKey, 1);
  ConnectionStore a(db.uri(), std::chrono::hours(1));
  ConnectionStore b(db.uri(), std::chrono::hours(1));  // would otherwise remember for the whole test
  auto later = std::chrono::duration_cast<std::chrono::seconds>(std::chrono::system_clock::now().time_since_epoch()).count() + 60;
  EXPECT_FALSE(b.session_note("s1"));  // remembered: no note
  a.put_session_note("s1", {.ended = true, .log_level = std::nullopt}, later);
  EXPECT_TRUE(a.session_note("s1")->ended);  // its own write at once
  std::this_thread::sleep_for(std::chrono::milliseconds(100));
  ASSERT_TRUE(b.session_note("s1"));
  EXPECT_TRUE(b.session_note("s1")->ended);
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
