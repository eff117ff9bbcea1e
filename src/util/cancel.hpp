#pragma once
// A cancellation flag that a call's parts can wait on or subscribe to: a blocking backoff sleeps
// on it and ends early, and work waiting on an event loop (a CATS transfer, a retry timer, a
// turn in the in-flight queue) subscribes with on_cancel() and is stopped the moment the client
// cancels or goes away, without anybody polling.
#include <atomic>
#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <functional>
#include <map>
#include <mutex>

namespace cats_mcp {

class CancelToken {
 public:
  void cancel() {
    std::lock_guard lock(mutex_);
    if (cancelled_.exchange(true)) return;
    cv_.notify_all();
    // Run under the lock, so forget() returning means a callback is not running and never
    // will: a subscriber may free what its callback uses right after forgetting it.
    for (auto& [id, callback] : callbacks_) callback();
    callbacks_.clear();
  }
  bool cancelled() const { return cancelled_.load(); }

  // Runs `callback` once when the token is cancelled: at once, on this thread, if it already
  // is; otherwise on the thread that cancels. It must be quick and must not touch this token
  // (it runs under the token's lock): typically it posts work to an event loop. Returns an id
  // for forget().
  std::uint64_t on_cancel(std::function<void()> callback) {
    std::lock_guard lock(mutex_);
    if (cancelled_.load()) {
      callback();
      return 0;
    }
    callbacks_.emplace(++next_id_, std::move(callback));
    return next_id_;
  }
  // Drops a subscription (0, or one already run, is ignored). Afterwards its callback is not
  // running and never runs.
  void forget(std::uint64_t id) {
    std::lock_guard lock(mutex_);
    callbacks_.erase(id);
  }

  // Sleeps for `d` unless cancelled first; returns false when cancelled.
  bool sleep_for(std::chrono::milliseconds d) {
    std::unique_lock lock(mutex_);
    return !cv_.wait_for(lock, d, [this] { return cancelled_.load(); });
  }

 private:
  std::atomic<bool> cancelled_{false};
  std::mutex mutex_;
  std::condition_variable cv_;
  std::map<std::uint64_t, std::function<void()>> callbacks_;
  std::uint64_t next_id_ = 0;
};

}  // namespace cats_mcp
