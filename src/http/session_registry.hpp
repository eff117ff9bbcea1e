#pragma once
// Streamable HTTP sessions: created by `initialize`, named by a cryptographically random
// Mcp-Session-Id, owned by the principal that created them, ended by DELETE or by idling.
// Each principal has its own share of the sessions: a principal at its share, or the largest
// holder when the whole registry is full, gives up its least recently used session, so one
// principal's many sessions never keep another from starting one.
#include "mcp/protocol.hpp"

#include <chrono>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <string>

namespace cats_mcp::http {

struct HttpSession {
  std::string id;
  std::string principal;  // "" when the server runs without authentication
  std::unique_ptr<mcp::Session> protocol;
  std::chrono::steady_clock::time_point last_used;
};

class SessionRegistry {
 public:
  SessionRegistry(std::size_t max_sessions, std::chrono::seconds idle_timeout, std::size_t max_per_principal);

  // A new session; makes room as described above. nullptr only if no room can be made.
  std::shared_ptr<HttpSession> create(const std::string& principal,
                                      const std::function<std::unique_ptr<mcp::Session>()>& make_protocol);
  // Holds `session` under its id (one initialized here whose id was minted afterwards, or one
  // another replica began, continued here); makes room like create(). An id already held is
  // returned as it is, if the same principal owns it.
  std::shared_ptr<HttpSession> adopt(std::shared_ptr<HttpSession> session);
  // The live session with this id owned by this principal; nullptr otherwise (unknown,
  // expired or someone else's all look the same).
  std::shared_ptr<HttpSession> find(const std::string& id, const std::string& principal);
  bool remove(const std::string& id, const std::string& principal);
  std::size_t size();
  // Cancels every session's running calls (a drain past its deadline): a call waiting for its
  // client's answer to a question, which can no longer arrive, ends too.
  void cancel_all();

 private:
  void expire_idle_locked(std::chrono::steady_clock::time_point now);
  // Ends sessions as create() describes until `principal` may start one; false if none can end.
  bool make_room_locked(const std::string& principal, std::chrono::steady_clock::time_point now);
  // Ends the least recently used session of `principal`; false if it has none.
  bool evict_oldest_of_locked(const std::string& principal);
  std::size_t count_of_locked(const std::string& principal) const;

  std::size_t max_sessions_;
  std::size_t max_per_principal_;
  std::chrono::seconds idle_timeout_;
  std::mutex mutex_;
  std::map<std::string, std::shared_ptr<HttpSession>> sessions_;
};

// 32 random bytes as 64 hex characters (visible ASCII, as the transport requires).
std::string random_session_id();

}  // namespace cats_mcp::http
