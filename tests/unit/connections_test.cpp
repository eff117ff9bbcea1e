// Stored connections: sealed keys, ownership, and which client a PCID selects.
#include "backend.hpp"
#include "connections/connection_resolver.hpp"
#include "connections/connection_store.hpp"
#include "connections/keyring.hpp"
#include "sandbox/store.hpp"
#include "support/temp_dir.hpp"

#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <sodium.h>

#include <sys/stat.h>

#include <cstdlib>
#include <fstream>
#include <thread>
#include <optional>
#include <sstream>

using namespace cats_mcp;
using namespace cats_mcp::connections;
using cats_mcp::testing::TempDir;
namespace json = boost::json;

namespace {

// Sets an environment variable for one test and restores what was there before.
class ScopedEnv {
 public:
  ScopedEnv(const char* name, const std::string& value) : name_(name) {
    if (const char* old = std::getenv(name)) old_ = old;
    setenv(name, value.c_str(), 1);
  }
  ~ScopedEnv() {
    if (old_) setenv(name_, old_->c_str(), 1);
    else unsetenv(name_);
  }

 private:
  const char* name_;
  std::optional<std::string> old_;
};
}  // namespace

TEST(ConnectionStore, TheStateDatabaseLivesInTheDataDirectoryWhereverTheSandboxDatabaseIs) {
  TempDir dir;
  ScopedEnv xdg("XDG_DATA_HOME", dir.file("xdg"));
  ScopedEnv sandbox_db("CATS_SANDBOX_DB", dir.file("elsewhere.db"));
  EXPECT_EQ(default_state_path(), dir.file("xdg") + "/cats-contacts-mcp/state.db");
  EXPECT_EQ(sandbox::default_database_path(), dir.file("elsewhere.db"));
}

TEST(Keyring, OpensWhatItSealedForTheSameRowAndNothingElse) {
  Keyring ring(std::string(32, 'k'));
  auto stored = ring.seal("cats-api-key-123", "pc_1", "alice");
  EXPECT_EQ(stored.key_id, ring.key_id());
  EXPECT_EQ(stored.key_id.size(), 16u);
  for (const auto& part : {stored.key_id, stored.wrapped_key, stored.sealed})
    EXPECT_EQ(part.find("cats-api-key-123"), std::string::npos);
  EXPECT_EQ(ring.open(stored, "pc_1", "alice"), "cats-api-key-123");
  // Bound to its row: another PCID or owner, even one that concatenates the same, does not open it.
  EXPECT_FALSE(ring.open(stored, "pc_2", "alice"));
  EXPECT_FALSE(ring.open(stored, "pc_1", "bob"));
  EXPECT_FALSE(ring.open(stored, "pc_1a", "lice"));
  auto tampered = stored;
  tampered.sealed.back() ^= 1;
  EXPECT_FALSE(ring.open(tampered, "pc_1", "alice"));
  tampered = stored;
  tampered.wrapped_key[5] ^= 1;
  EXPECT_FALSE(ring.open(tampered, "pc_1", "alice"));
  EXPECT_FALSE(Keyring(std::string(32, 'x')).open(stored, "pc_1", "alice"));
  EXPECT_NE(ring.seal("same", "pc_1", "alice"), ring.seal("same", "pc_1", "alice"));  // fresh keys and nonces
}

TEST(Keyring, ARotationRewrapsTheDataKeyAndLeavesTheSecretAsItWas) {
  Keyring old_ring(std::string(32, 'a'));
  Keyring rotating(std::string(32, 'b'), std::string(32, 'a'));
  Keyring new_ring(std::string(32, 'b'));
  EXPECT_NE(old_ring.key_id(), new_ring.key_id());
  EXPECT_EQ(rotating.key_id(), new_ring.key_id());
  auto stored = old_ring.seal("key-1", "pc_1", "alice");
  EXPECT_FALSE(new_ring.open(stored, "pc_1", "alice"));
  EXPECT_EQ(rotating.open(stored, "pc_1", "alice"), "key-1");  // the previous key opens it meanwhile
  auto rewrapped = rotating.rewrap(stored, "pc_1", "alice");
  ASSERT_TRUE(rewrapped);
  EXPECT_EQ(rewrapped->key_id, new_ring.key_id());
  EXPECT_EQ(rewrapped->sealed, stored.sealed);  // only the data key was wrapped again
  EXPECT_EQ(new_ring.open(*rewrapped, "pc_1", "alice"), "key-1");
  EXPECT_FALSE(old_ring.open(*rewrapped, "pc_1", "alice"));
  EXPECT_FALSE(rotating.rewrap(stored, "pc_1", "bob"));  // a moved row is not blessed anew
  auto altered = stored;
  altered.sealed[30] ^= 1;
  EXPECT_FALSE(rotating.rewrap(altered, "pc_1", "alice"));
  EXPECT_FALSE(new_ring.rewrap(stored, "pc_1", "alice"));  // without the previous key it cannot
}

TEST(Keyring, OpensARowSealedBeforeDataKeysAndSealsItAfresh) {
  std::string master(32, 'm');
  // Schema version 1: nonce || secretbox(secret) under the master key itself.
  std::string legacy(crypto_secretbox_NONCEBYTES + crypto_secretbox_MACBYTES + 5, '\0');
  auto* nonce = reinterpret_cast<unsigned char*>(legacy.data());
  randombytes_buf(nonce, crypto_secretbox_NONCEBYTES);
  crypto_secretbox_easy(nonce + crypto_secretbox_NONCEBYTES, reinterpret_cast<const unsigned char*>("k-old"), 5, nonce,
                        reinterpret_cast<const unsigned char*>(master.data()));
  StoredSecret stored{"", "", legacy};
  Keyring ring(master);
  EXPECT_EQ(ring.open(stored, "pc_1", "alice"), "k-old");
  auto fresh = ring.rewrap(stored, "pc_1", "alice");
  ASSERT_TRUE(fresh);
  EXPECT_FALSE(fresh->before_data_keys());
  EXPECT_EQ(ring.open(*fresh, "pc_1", "alice"), "k-old");
  EXPECT_FALSE(ring.open(*fresh, "pc_1", "bob"));  // bound to its row from now on
  EXPECT_FALSE(Keyring(std::string(32, 'x')).open(stored, "pc_1", "alice"));
}

TEST(Keyring, CreatesAPrivateKeyFileOnFirstUseAndReadsThePreviousKeyFromTheEnvironment) {
  TempDir dir;
  unsetenv("CATS_MCP_MASTER_KEY");
  unsetenv("CATS_MCP_MASTER_KEY_PREVIOUS");
  auto path = dir.file("master.key");
  auto first = Keyring::load(path);
  struct stat st {};
  ASSERT_EQ(stat(path.c_str(), &st), 0);
  EXPECT_EQ(st.st_mode & 0777, 0600);
  auto stored = first.seal("x", "pc_1", "o");
  EXPECT_EQ(Keyring::load(path).open(stored, "pc_1", "o"), "x");  // the same key next time
  EXPECT_FALSE(Keyring::load(path).holds_previous());
  {
    ScopedEnv now("CATS_MCP_MASTER_KEY", std::string(64, 'b'));
    std::ifstream in(path);
    std::string hex;
    in >> hex;
    ScopedEnv previous("CATS_MCP_MASTER_KEY_PREVIOUS", hex);
    auto rotating = Keyring::load(path);
    EXPECT_TRUE(rotating.holds_previous());
    EXPECT_EQ(rotating.open(stored, "pc_1", "o"), "x");
    ScopedEnv malformed("CATS_MCP_MASTER_KEY_PREVIOUS", "12");
    EXPECT_THROW(Keyring::load(path), std::runtime_error);
  }
}

namespace {
struct Resolving : ::testing::Test {
  TempDir dir;
  std::shared_ptr<ConnectionStore> store = std::make_shared<ConnectionStore>(dir.file("state.db"));
  std::shared_ptr<sandbox::Router> router = open_sandbox(dir.file("sandbox.db"));
  std::shared_ptr<cats::Client> fallback = std::make_shared<cats::Client>(nullptr, cats::ClientOptions{});
  ConnectionResolver resolver{store, fallback, connection_transports([this] { return router; }, std::make_shared<cats::CurlEngine>()), {}};
};
}  // namespace

TEST_F(Resolving, WithoutConnectionsTheServersBackendServesAndPcidIsOptional) {
  std::string any = "pc_whatever";
  EXPECT_EQ(resolver.resolve("alice", &any).client, fallback);
  EXPECT_EQ(resolver.resolve("alice", nullptr).client, fallback);
}

TEST_F(Resolving, WithConnectionsOnlyItsOwnerMayUseAPcid) {
  auto alices = store->add("alice", "a", "sandbox", "", "");
  auto bobs = store->add("bob", "b", "sandbox", "", "");
  store->add("alice", "a second", "sandbox", "", "");
  auto mine = resolver.resolve("alice", &alices);
  ASSERT_TRUE(mine.client);
  EXPECT_NE(mine.client, fallback);
  EXPECT_EQ(resolver.resolve("alice", &alices).client, mine.client);  // one client per connection, kept
  auto foreign = resolver.resolve("alice", &bobs);
  std::string nonsense = "pc_000000000000000000000000";
  auto unknown = resolver.resolve("alice", &nonsense);
  EXPECT_FALSE(foreign.client);
  EXPECT_FALSE(unknown.client);
  EXPECT_EQ(foreign.error, unknown.error);  // someone else's PCID reads exactly like a made-up one
  EXPECT_FALSE(resolver.resolve("alice", nullptr).client);
}

TEST_F(Resolving, AnOmittedPcidMeansTheCallersOnlyConnection) {
  auto alices = store->add("alice", "a", "sandbox", "", "");
  auto only = resolver.resolve("alice", nullptr);
  ASSERT_TRUE(only.client) << only.error;
  EXPECT_EQ(only.client, resolver.resolve("alice", &alices).client);
  auto carols = resolver.resolve("carol", nullptr);  // owns none: nothing is guessed
  EXPECT_FALSE(carols.client);
  EXPECT_THAT(carols.error, ::testing::HasSubstr("you own none, or more than one"));

  auto second = store->add("alice", "b", "sandbox", "", "");  // two now: the caller must choose
  EXPECT_FALSE(resolver.resolve("alice", nullptr).client);
  store->remove(alices);  // one again, through this store: seen at once
  EXPECT_EQ(resolver.resolve("alice", nullptr).client, resolver.resolve("alice", &second).client);
}

TEST_F(Resolving, AnotherProcessesNewConnectionEndsTheDefaultWithinTheRecheck) {
  auto state = dir.file("state.db");
  auto mine = std::make_shared<ConnectionStore>(state, std::chrono::milliseconds(50));
  ConnectionResolver resolving{mine, fallback, connection_transports([this] { return router; }, std::make_shared<cats::CurlEngine>()), {}};
  store->add("alice", "a", "sandbox", "", "");
  ASSERT_TRUE(resolving.resolve("alice", nullptr).client);
  ConnectionStore(state).add("alice", "b", "sandbox", "", "");  // another process
  std::this_thread::sleep_for(std::chrono::milliseconds(80));
  EXPECT_FALSE(resolving.resolve("alice", nullptr).client);
}

TEST_F(Resolving, ARemovedConnectionStopsServing) {
  auto pcid = store->add("alice", "a", "sandbox", "", "");
  ASSERT_TRUE(resolver.resolve("alice", &pcid).client);
  store->add("alice", "another", "sandbox", "", "");
  store->remove(pcid);
  EXPECT_FALSE(resolver.resolve("alice", &pcid).client);
}

TEST_F(Resolving, EachSandboxConnectionIsItsOwnAccount) {
  auto one = store->add("alice", "one", "sandbox", "", "");
  auto two = store->add("alice", "two", "sandbox", "", "");
  auto a = resolver.resolve("alice", &one).client;
  auto b = resolver.resolve("alice", &two).client;
  cats::CatsRequest create{"POST", "/contacts", {}, R"({"first_name":"Only","last_name":"InOne","owner_id":1,"company_id":1})",
                           "application/json", {}};
  EXPECT_EQ(a->send(create, {}).last.response.status, 201);
  cats::CatsRequest get{"GET", "/contacts/4", {}, {}, {}, {}};
  EXPECT_EQ(a->send(get, {}).last.response.status, 200);
  EXPECT_EQ(b->send(get, {}).last.response.status, 404);
}

TEST_F(Resolving, ACallIsKnownToRunInProcessOnlyWhenTheSandboxServesIt) {
  auto sandboxed = store->add("alice", "s", "sandbox", "", "");
  auto remote = store->add("alice", "c", "cats", "https://cats.example/v3", "cats-key-in-process-test");
  tools::ToolRunner runner(std::shared_ptr<tools::ClientResolver>(&resolver, [](auto*) {}));
  EXPECT_TRUE(runner.in_process(json::object{{"PCID", sandboxed}}, "alice"));
  EXPECT_FALSE(runner.in_process(json::object{{"PCID", remote}}, "alice"));
  EXPECT_TRUE(runner.in_process(json::object{{"PCID", remote}}, "bob"));  // refused at once: no network wait
}

TEST_F(Resolving, PresentingSomeoneElsesPcidLeavesTheOwnersClientAlone) {
  auto alices = store->add("alice", "a", "sandbox", "", "");
  auto mine = resolver.resolve("alice", &alices).client;
  ASSERT_TRUE(mine);
  EXPECT_FALSE(resolver.resolve("mallory", &alices).client);
  // Before, a refusal forgot the PCID's client: anyone could reset Alice's keep-alive
  // connections and rate-limit budget by presenting her PCID.
  EXPECT_EQ(resolver.resolve("alice", &alices).client, mine);
}

