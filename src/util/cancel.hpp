#pragma once
// A cancellation flag that a waiting thread can sleep on: backoff sleeps end early when the
// client cancels, and libcurl's progress callback polls it to abort a transfer. An optional
// probe ("has the client gone?") is asked at most every 100 ms while someone polls, so a call
// notices a vanished client without any per-call cost when it finishes quickly.
#include <atomic>
#include <chrono>
#include <condition_variable>
#include <functional>
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
  bool cancelled() {
    if (cancelled_.load()) return true;
    if (probe_) {
      auto now = std::chrono::steady_clock::now();
      if (now - last_probe_ >= std::chrono::milliseconds(100)) {
        last_probe_ = now;
        if (probe_()) cancel();
      }
    }
    return cancelled_.load();
  }
  // Set before the call starts, and only then: polled from the thread that runs the call.
  void set_probe(std::function<bool()> gone) {
    probe_ = std::move(gone);
    last_probe_ = std::chrono::steady_clock::now();  // a call that ends within 100 ms never probes
  }
  // Sleeps for `d` unless cancelled first; returns false when cancelled.
  bool sleep_for(std::chrono::milliseconds d) {
    std::unique_lock lock(mutex_);
    return !cv_.wait_for(lock, d, [this] { return cancelled_.load(); });
  }

 private:
  std::function<bool()> probe_;
  std::chrono::steady_clock::time_point last_probe_{};
  std::atomic<bool> cancelled_{false};
  std::mutex mutex_;
  std::condition_variable cv_;
};

}  // namespace cats_mcp
