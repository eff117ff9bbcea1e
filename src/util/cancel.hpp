#pragma once
// A cancellation flag that a waiting thread can sleep on: backoff sleeps end early when the
// client cancels, and libcurl's progress callback polls it to abort a transfer.
#include <atomic>
#include <chrono>
#include <condition_variable>
#include <mutex>

namespace cats_mcp {

class CancelToken {
 public:
  void cancel() {
    {
      std::lock_guard lock(mutex_);
      cancelled_ = true;
    }
    cv_.notify_all();
  }
  bool cancelled() const { return cancelled_.load(); }
  // Sleeps for `d` unless cancelled first; returns false when cancelled.
  bool sleep_for(std::chrono::milliseconds d) {
    std::unique_lock lock(mutex_);
    return !cv_.wait_for(lock, d, [this] { return cancelled_.load(); });
  }

 private:
  std::atomic<bool> cancelled_{false};
  std::mutex mutex_;
  std::condition_variable cv_;
};

}  // namespace cats_mcp
