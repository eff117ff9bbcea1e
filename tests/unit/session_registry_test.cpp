// Sessions are shared out per principal: a principal at its share ends its own least recently
// used session, and a full registry takes a session from its largest holder, never refusing
// a newcomer because someone else holds many.
#include "http/session_registry.hpp"
#include "tools/toolset_provider.hpp"

#include <gtest/gtest.h>

#include <thread>

using namespace cats_mcp;
using cats_mcp::http::HttpSession;
using cats_mcp::http::SessionRegistry;

namespace {

struct Registry {
  // The registry only ever cancels a session's calls; no tool call runs here, so no resolver.
  tools::ToolRunner runner{std::shared_ptr<tools::ClientResolver>()};
  tools::ToolsetProvider provider{tools::cats_contacts_toolset(), runner, "no backend"};
  SessionRegistry sessions;
  Registry(std::size_t max, std::size_t per_principal) : sessions(max, std::chrono::seconds(3600), per_principal) {}
  std::string open(const std::string& principal) {
    auto s = sessions.create(principal, [this] {
      return std::make_unique<mcp::Session>(provider, mcp::ServerOptions{}, [](const boost::json::object&) {});
    });
    return s ? s->id : std::string();
  }
  bool alive(const std::string& id, const std::string& principal) { return sessions.find(id, principal) != nullptr; }
};
}  // namespace

TEST(SessionRegistry, APrincipalAtItsShareEndsItsOwnLeastRecentlyUsedSession) {
  Registry r(10, 2);
  auto a1 = r.open("alice"), a2 = r.open("alice");
  auto b1 = r.open("bob");
  ASSERT_TRUE(r.alive(a1, "alice"));  // a1 is now the more recently used of alice's two
  auto a3 = r.open("alice");
  ASSERT_FALSE(a3.empty());
  EXPECT_TRUE(r.alive(a1, "alice"));
  EXPECT_FALSE(r.alive(a2, "alice"));
  EXPECT_TRUE(r.alive(a3, "alice"));
  EXPECT_TRUE(r.alive(b1, "bob"));
  EXPECT_EQ(r.sessions.size(), 3u);
}

TEST(SessionRegistry, AFullRegistryTakesFromTheLargestHolderNotTheNewcomer) {
  Registry r(3, 100);  // the per-principal share is capped at the registry's size
  auto a1 = r.open("alice"), a2 = r.open("alice"), a3 = r.open("alice");
  auto b1 = r.open("bob");
  ASSERT_FALSE(b1.empty());
  EXPECT_TRUE(r.alive(b1, "bob"));
  EXPECT_FALSE(r.alive(a1, "alice"));
  EXPECT_TRUE(r.alive(a2, "alice"));
  EXPECT_TRUE(r.alive(a3, "alice"));
  EXPECT_EQ(r.sessions.size(), 3u);
}
