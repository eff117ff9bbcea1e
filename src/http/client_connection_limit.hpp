#pragma once
// Connections open at once per client address. Without a per-client share, one address that
// opens half-finished requests (slowloris) can take every connection slot the server has and
// lock all other clients out; with it, such a client only exhausts its own share.
#include <cstddef>
#include <map>
#include <mutex>
#include <string>

namespace cats_mcp::http {

class ClientConnectionLimit {
 public:
  explicit ClientConnectionLimit(std::size_t per_client) : per_client_(per_client) {}

  // Takes a slot for `client`; false (and nothing taken) when the client already holds its share.
  bool try_acquire(const std::string& client) {
    std::lock_guard lock(mutex_);
    auto& n = open_[client];
    if (n >= per_client_) return false;
    ++n;
    return true;
  }

  void release(const std::string& client) {
    std::lock_guard lock(mutex_);
    auto it = open_.find(client);
    if (it == open_.end()) return;
    if (--it->second == 0) open_.erase(it);  // the map holds only clients with open connections
  }

 private:
  std::size_t per_client_;
  std::mutex mutex_;
  std::map<std::string, std::size_t> open_;
};

}  // namespace cats_mcp::http
