#pragma once
// Every CATS request of the process on one event loop: libcurl's multi-socket interface driven
// by an Asio io_context on a thread of its own. A request in flight is a few kilobytes of state
// and a socket, not a thread, so thousands can wait on CATS at once; libcurl keeps doing what
// it is good at (TLS, proxies, HTTP/2, keep-alive connections shared by every request to the
// same host).
//
// At most `max_in_flight` transfers run at once; later ones wait their turn in order, and a
// waiting request that is cancelled, or whose time runs out, leaves the queue without ever
// being sent. A cancellation (the request's CancelToken) removes a running transfer at once.
#include "cats/curl_exchange.hpp"
#include "cats/transport.hpp"

#include <boost/asio/any_io_executor.hpp>

#include <atomic>
#include <cstddef>
#include <functional>
#include <memory>
#include <mutex>

namespace cats_mcp::cats {

class CurlEngine {
 public:
  static constexpr std::size_t kDefaultMaxInFlight = 4096;

  explicit CurlEngine(std::size_t max_in_flight = kDefaultMaxInFlight);
  ~CurlEngine();
  // Stops the loop: transfers still running are dropped and their `done` is never called (what
  // they hold is released, so nothing the pending work holds can keep the engine alive).
  // Later start()s fail at once. Called by the process when it ends, after its servers stopped.
  void stop();
  CurlEngine(const CurlEngine&) = delete;
  CurlEngine& operator=(const CurlEngine&) = delete;

  using Done = std::function<void(TransportResult)>;
  // Runs `exchange` when its turn comes; returns at once, from any thread. `done` runs exactly
  // once, on the engine's thread. The exchange's options.cancel, if any, must stay valid until
  // then. Its options.timeout bounds the wait for a turn and the transfer together.
  void start(std::unique_ptr<CurlExchange> exchange, Done done);

  // The loop the engine runs on: where `done` runs, and where a caller's timers may wait.
  boost::asio::any_io_executor executor();
  // Whether the calling thread is the engine's (where nothing may block).
  bool on_engine_thread() const;

  std::size_t running() const { return running_.load(); }
  std::size_t waiting() const { return waiting_.load(); }

 private:
  struct Impl;
  std::mutex stop_mutex_;
  std::unique_ptr<Impl> impl_;
  std::atomic<std::size_t> running_{0};
  std::atomic<std::size_t> waiting_{0};
};

}  // namespace cats_mcp::cats
