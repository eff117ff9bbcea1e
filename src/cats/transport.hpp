#pragma once
// A transport carries one CatsRequest to a CATS implementation and brings back the response,
// or says how it failed. It does no retries and knows nothing about tools; the client does.
#include "cats/http_types.hpp"
#include "util/cancel.hpp"

#include <boost/asio/any_io_executor.hpp>

#include <chrono>
#include <cstddef>
#include <functional>
#include <string>

namespace cats_mcp::cats {

enum class TransportFailure {
  none,
  connect_failed,  // the request provably never left: DNS, refused, TLS handshake. Safe to resend, even a POST.
  timed_out,       // no complete answer in time: the request may have reached CATS.
  network,         // the connection broke mid-exchange, or the answer was not HTTP: the request may have reached CATS.
  cancelled,       // the caller cancelled.
  too_large,       // the answer outgrew SendOptions::max_response_bytes and was dropped: CATS did process the request.
  no_slot,         // never sent: the in-flight limit (--max-cats-inflight) left no room before the request's time ran out.
};

// The most a CATS answer (headers and body) may take in memory. CATS's largest real answers (a
// page of 100 contacts) are far below it; without a cap an endless body would grow until the
// server ran out of memory.
inline constexpr std::size_t kDefaultMaxResponseBytes = std::size_t(32) << 20;

struct TransportResult {
  TransportFailure failure = TransportFailure::none;
  std::string detail;  // human-readable cause of a failure (never contains headers)
  CatsResponse response;
};

struct SendOptions {
  std::chrono::milliseconds timeout{30000};
  CancelToken* cancel = nullptr;
  // Called with (bytes sent, bytes to send) while a large body uploads.
  std::function<void(size_t, size_t)> upload_progress;
  std::size_t max_response_bytes = kDefaultMaxResponseBytes;
};

using TransportDone = std::function<void(TransportResult)>;

class Transport {
 public:
  virtual ~Transport() = default;
  // Blocks until the answer (or the failure) is in.
  virtual TransportResult send(const CatsRequest& request, const SendOptions& options) = 0;
  // Whether requests are answered in this process, without waiting on a network (the sandbox):
  // such calls are CPU work and are scheduled as such.
  virtual bool in_process() const { return false; }

  // Non-blocking transports wait on an event loop instead of a thread: start() returns at once
  // and `done` runs exactly once, later, on executor()'s loop (where the client's timers wait
  // too). options.cancel, if set, must stay valid until then; cancelling it ends the request.
  virtual bool non_blocking() const { return false; }
  virtual void start(CatsRequest request, SendOptions options, TransportDone done);
  virtual boost::asio::any_io_executor executor();
};

}  // namespace cats_mcp::cats
