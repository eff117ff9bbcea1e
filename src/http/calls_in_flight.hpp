#pragma once
// Every tool call the HTTP server is running, whatever its era or session (a stateless or
// modern call belongs to none), so that a drain past its deadline can cancel them all and then
// wait until none still refers to the server. Thread-safe.
#include "util/cancel.hpp"

#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <memory>
#include <mutex>
#include <unordered_map>

namespace cats_mcp::http {

class CallsInFlight {
 public:
  // Counts a call until the returned ticket is destroyed (with the last copy of whatever holds it).
  std::shared_ptr<void> add(std::shared_ptr<CancelToken> cancel) {
    std::lock_guard lock(mutex_);
    auto id = ++next_id_;
    calls_.emplace(id, std::move(cancel));
    return std::shared_ptr<void>(nullptr, [this, id](void*) { remove(id); });
  }
  void cancel_all() {
    std::unordered_map<std::uint64_t, std::shared_ptr<CancelToken>> calls;
    {
      std::lock_guard lock(mutex_);
      calls = calls_;
    }
    for (auto& [id, cancel] : calls) cancel->cancel();
  }
  // True when every call ended within `limit`.
  bool wait_until_none(std::chrono::milliseconds limit) {
    std::unique_lock lock(mutex_);
    return none_.wait_for(lock, limit, [this] { return calls_.empty(); });
  }

 private:
  void remove(std::uint64_t id) {
    std::lock_guard lock(mutex_);
    calls_.erase(id);
    if (calls_.empty()) none_.notify_all();
  }

  std::mutex mutex_;
  std::condition_variable none_;
  std::unordered_map<std::uint64_t, std::shared_ptr<CancelToken>> calls_;
  std::uint64_t next_id_ = 0;
};

}  // namespace cats_mcp::http
