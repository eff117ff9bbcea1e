// Sealed legacy session tickets (http/shared_sessions.hpp): what one replica mints, another
// opens; anything altered, expired, ended or someone else's does not.
#include "http/shared_sessions.hpp"

#include <gtest/gtest.h>

#include <map>

using namespace cats_mcp;
using namespace cats_mcp::http;
namespace json = boost::json;

namespace {
// The state database's part, kept in memory: these tests are about the tickets.
class NotesInMemory final : public SessionNotes {
 public:
  std::optional<SessionNote> find(const std::string& sid) override {
    auto it = notes.find(sid);
    return it == notes.end() ? std::nullopt : std::optional(it->second);
  }
  void put(const std::string& sid, const SessionNote& note, std::int64_t expires_unix) override {
    auto& kept = notes[sid];
    kept.ended = kept.ended || note.ended;
    if (note.log_level) kept.log_level = note.log_level;
    expiries[sid] = expires_unix;
  }
  std::map<std::string, SessionNote> notes;
  std::map<std::string, std::int64_t> expiries;
};

SealedToken key(char c) { return SealedToken(std::string(32, c)); }
mcp::SessionState state() { return {"2025-11-25", {{"elicitation", json::object{}}}, std::nullopt}; }
}  // namespace

TEST(SharedSessionTickets, AnotherReplicaWithTheKeyContinuesTheSession) {
  auto notes = std::make_shared<NotesInMemory>();
  SharedSessions a(key('k'), notes), b(key('k'), notes);
  auto id = a.mint("alice", state());
  auto ticket = b.open(id, "alice");
  ASSERT_TRUE(ticket);
  EXPECT_EQ(ticket->state.protocol_version, "2025-11-25");
  EXPECT_TRUE(ticket->state.client_capabilities.contains("elicitation"));
  EXPECT_FALSE(ticket->state.log_level);
  EXPECT_EQ(ticket->sid.size(), 64u);
  EXPECT_NE(a.mint("alice", state()), id);  // every session its own
  EXPECT_FALSE(b.open(id, "bob"));
  EXPECT_FALSE(SharedSessions(key('x'), notes).open(id, "alice"));
  auto altered = id;
  altered[10] = altered[10] == 'A' ? 'B' : 'A';
  EXPECT_FALSE(b.open(altered, "alice"));
  EXPECT_FALSE(b.open("", "alice"));
}

TEST(SharedSessionTickets, NotesEndASessionAndCarryALaterLogLevel) {
  auto notes = std::make_shared<NotesInMemory>();
  SharedSessions replicas(key('k'), notes, std::chrono::seconds(600));
  auto id = replicas.mint("alice", state());
  auto ticket = replicas.open(id, "alice");
  replicas.note_log_level(*ticket, LogLevel::debug);
  EXPECT_EQ(replicas.open(id, "alice")->state.log_level, LogLevel::debug);
  replicas.note_ended(*ticket);
  EXPECT_FALSE(replicas.open(id, "alice"));
  // Kept until the ticket would have expired anyway, no longer.
  EXPECT_EQ(notes->expiries[ticket->sid], ticket->expires_unix);
  EXPECT_NEAR(double(ticket->expires_unix), double(std::time(nullptr) + 600), 5.0);
}

TEST(SharedSessionTickets, AnExpiredTicketDoesNotOpen) {
  auto notes = std::make_shared<NotesInMemory>();
  SharedSessions replicas(key('k'), notes, std::chrono::seconds(-1));
  EXPECT_FALSE(replicas.open(replicas.mint("alice", state()), "alice"));
}

TEST(SharedSessionTickets, AClientDeclaringAGreatDealKeepsOnlyWhatTheServerActsOn) {
  auto notes = std::make_shared<NotesInMemory>();
  SharedSessions replicas(key('k'), notes);
  auto declared = state();
  declared.client_capabilities["experimental"] = json::object{{"padding", std::string(10'000, 'p')}};
  auto id = replicas.mint("alice", declared);
  EXPECT_LT(id.size(), 4096u);  // far below a proxy's header limit
  auto ticket = replicas.open(id, "alice");
  ASSERT_TRUE(ticket);
  EXPECT_TRUE(ticket->state.client_capabilities.contains("elicitation"));
  EXPECT_FALSE(ticket->state.client_capabilities.contains("experimental"));
}
