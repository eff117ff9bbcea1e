#pragma once
// Streamable HTTP sessions: created by `initialize`, named by a cryptographically random
// Mcp-Session-Id, owned by the principal that created them, ended by DELETE or by idling.
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
  SessionRegistry(std::size_t max_sessions, std::chrono::seconds idle_timeout);

  // A new session, or nullptr when the cap is reached even after expiring idle ones.
  std::shared_ptr<HttpSession> create(const std::string& principal,
                                      const std::function<std::unique_ptr<mcp::Session>()>& make_protocol);
  // The live session with this id owned by this principal; nullptr otherwise (unknown,
  // expired or someone else's all look the same).
  std::shared_ptr<HttpSession> find(const std::string& id, const std::string& principal);
  bool remove(const std::string& id, const std::string& principal);
  std::size_t size();

 private:
  void expire_idle_locked(std::chrono::steady_clock::time_point now);

  std::size_t max_sessions_;
  std::chrono::seconds idle_timeout_;
  std::mutex mutex_;
  std::map<std::string, std::shared_ptr<HttpSession>> sessions_;
};

// 32 random bytes as 64 hex characters (visible ASCII, as the transport requires).
std::string random_session_id();

}  // namespace cats_mcp::http
