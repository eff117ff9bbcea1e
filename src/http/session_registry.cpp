#include "http/session_registry.hpp"

#include <openssl/rand.h>

#include <algorithm>
#include <stdexcept>

namespace cats_mcp::http {

void SessionRegistry::cancel_all() {
  std::lock_guard lock(mutex_);
  for (auto& [id, session] : sessions_) session->protocol->cancel_all();
}

std::string random_session_id() {
  unsigned char bytes[32];
  if (RAND_bytes(bytes, sizeof bytes) != 1) throw std::runtime_error("no randomness for a session id");
  static constexpr char kHex[] = "0123456789abcdef";
  std::string out;
  for (unsigned char b : bytes) {
    out.push_back(kHex[b >> 4]);
    out.push_back(kHex[b & 15]);
  }
  return out;
}

SessionRegistry::SessionRegistry(std::size_t max_sessions, std::chrono::seconds idle_timeout, std::size_t max_per_principal)
    : max_sessions_(std::max<std::size_t>(1, max_sessions)),
      max_per_principal_(std::clamp<std::size_t>(max_per_principal, 1, max_sessions_)),
      idle_timeout_(idle_timeout) {}

std::size_t SessionRegistry::count_of_locked(const std::string& principal) const {
  return std::size_t(std::count_if(sessions_.begin(), sessions_.end(), [&](const auto& s) { return s.second->principal == principal; }));
}

bool SessionRegistry::evict_oldest_of_locked(const std::string& principal) {
  auto oldest = sessions_.end();
  for (auto it = sessions_.begin(); it != sessions_.end(); ++it)
    if (it->second->principal == principal && (oldest == sessions_.end() || it->second->last_used < oldest->second->last_used))
      oldest = it;
  if (oldest == sessions_.end()) return false;
  oldest->second->protocol->cancel_all();
  sessions_.erase(oldest);
  return true;
}

void SessionRegistry::expire_idle_locked(std::chrono::steady_clock::time_point now) {
  for (auto it = sessions_.begin(); it != sessions_.end();) {
    if (now - it->second->last_used > idle_timeout_) {
      it->second->protocol->cancel_all();
      it = sessions_.erase(it);
    } else {
      ++it;
    }
  }
}

bool SessionRegistry::make_room_locked(const std::string& principal, std::chrono::steady_clock::time_point now) {
  // A scan per new session: at most max_sessions entries, and far cheaper than the handshake.
  if (count_of_locked(principal) >= max_per_principal_) {
    evict_oldest_of_locked(principal);  // a principal at its share makes room itself
  } else if (sessions_.size() >= max_sessions_) {
    expire_idle_locked(now);
    if (sessions_.size() >= max_sessions_) {
      // Full, and this principal is under its share: the largest holder gives one up.
      std::map<std::string, std::size_t> held;
      for (const auto& [_, s] : sessions_) ++held[s->principal];
      auto largest = std::max_element(held.begin(), held.end(), [](const auto& a, const auto& b) { return a.second < b.second; });
      if (largest == held.end() || !evict_oldest_of_locked(largest->first)) return false;
    }
  }
  return true;
}

std::shared_ptr<HttpSession> SessionRegistry::create(const std::string& principal,
                                                     const std::function<std::unique_ptr<mcp::Session>()>& make_protocol) {
  auto session = std::make_shared<HttpSession>();
  session->id = random_session_id();
  session->principal = principal;
  session->protocol = make_protocol();
  return adopt(std::move(session));
}

std::shared_ptr<HttpSession> SessionRegistry::adopt(std::shared_ptr<HttpSession> session) {
  auto now = std::chrono::steady_clock::now();
  std::lock_guard lock(mutex_);
  if (auto held = sessions_.find(session->id); held != sessions_.end()) {  // adopted by a request racing this one
    if (held->second->principal != session->principal) return nullptr;
    held->second->last_used = now;
    return held->second;
  }
  if (!make_room_locked(session->principal, now)) return nullptr;
  session->last_used = now;
  sessions_[session->id] = session;
  return session;
}

std::shared_ptr<HttpSession> SessionRegistry::find(const std::string& id, const std::string& principal) {
  auto now = std::chrono::steady_clock::now();
  std::lock_guard lock(mutex_);
  auto it = sessions_.find(id);
  if (it == sessions_.end()) return nullptr;
  if (now - it->second->last_used > idle_timeout_) {
    it->second->protocol->cancel_all();
    sessions_.erase(it);
    return nullptr;
  }
  if (it->second->principal != principal) return nullptr;
  it->second->last_used = now;
  return it->second;
}

bool SessionRegistry::remove(const std::string& id, const std::string& principal) {
  std::lock_guard lock(mutex_);
  auto it = sessions_.find(id);
  if (it == sessions_.end() || it->second->principal != principal) return false;
  it->second->protocol->cancel_all();
  sessions_.erase(it);
  return true;
}

std::size_t SessionRegistry::size() {
  std::lock_guard lock(mutex_);
  return sessions_.size();
}

}  // namespace cats_mcp::http
