#pragma once
// Legacy (2025-11-25) sessions that any replica serves, so an ordinary round-robin balancer
// needs no stickiness. The Mcp-Session-Id is a sealed, self-verifying ticket: the session's
// random sid, its principal, protocol version, client capabilities, log level and expiry,
// sealed (AEAD) under CATS_MCP_STATE_KEY, which every replica shares. A replica that never saw
// the session's initialize opens the ticket and continues the session. What a ticket cannot
// carry, because it happens after the client has its id, is noted in the state database: a
// DELETE (the ticket stops opening anywhere until it would have expired) and a later
// logging/setLevel.
//
// A call and what belongs to it stay on the replica that runs it: a cancellation or the answer
// to an elicitation that reaches another replica finds nothing to act on (docs/hosting.md).
#include "mcp/protocol.hpp"
#include "util/sealed_token.hpp"
#include "util/session_note.hpp"

#include <chrono>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>

namespace cats_mcp::http {

// Where replicas keep session notes (the state database; the composition root supplies it).
class SessionNotes {
 public:
  virtual ~SessionNotes() = default;
  virtual std::optional<SessionNote> find(const std::string& sid) = 0;
  // Merged into the session's note (ended stays ended); kept until `expires_unix`.
  virtual void put(const std::string& sid, const SessionNote& note, std::int64_t expires_unix) = 0;
};

struct SessionTicket {
  std::string sid;
  std::string principal;
  mcp::SessionState state;
  std::int64_t expires_unix = 0;
};

class SharedSessions {
 public:
  static constexpr std::chrono::hours kDefaultLifetime{24};

  SharedSessions(SealedToken key, std::shared_ptr<SessionNotes> notes, std::chrono::seconds lifetime = kDefaultLifetime);

  // A new session's id, for `principal` after its initialize set `state`.
  std::string mint(const std::string& principal, const mcp::SessionState& state) const;
  // The session `id` names, if it opens under the key, has not expired, belongs to `principal`
  // and was not ended; its state carries the latest log level noted. nullopt otherwise: a
  // malformed, altered, expired, ended or someone else's id all read the same.
  std::optional<SessionTicket> open(std::string_view id, const std::string& principal) const;

  void note_ended(const SessionTicket& ticket) const;
  void note_log_level(const SessionTicket& ticket, LogLevel level) const;

 private:
  SealedToken key_;
  std::shared_ptr<SessionNotes> notes_;
  std::chrono::seconds lifetime_;
};

}  // namespace cats_mcp::http
