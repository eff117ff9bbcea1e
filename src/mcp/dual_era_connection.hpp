#pragma once
// One connection that serves both protocol eras (stdio): server/discover is answered at any
// time and pins nothing; the first other request pins the connection to its era for good. A
// request with a claim (params._meta names a protocol version) pins it modern, claim-less
// traffic (initialize included) legacy; an opening claim whose envelope is invalid (-32602) or
// whose version is not served (-32022) is refused without pinning, so the client may retry.
//
// Legacy-pinned: the legacy Session answers everything as it always has, a claimed request
// included (served with legacy semantics), except server/discover. Modern-pinned: requests go
// to the ModernHandler; initialize without a claim gets -32022 (naming the modern versions) and
// any other claim-less request -32602. notifications/cancelled cancels in both eras.
#include "mcp/eras.hpp"
#include "mcp/modern.hpp"
#include "mcp/protocol.hpp"
#include "mcp/running_calls.hpp"

#include <atomic>
#include <optional>

namespace cats_mcp::mcp {

class DualEraConnection {
 public:
  DualEraConnection(ToolProvider& provider, ServerOptions options, Sender send);

  // As Session::handle, for either era: returns the response to send, if any, or turns a valid
  // tools/call into `call` for the transport to run with run(). Called from one thread.
  std::optional<json::object> handle(Message& message, std::optional<PendingCall>& call);
  // Runs an accepted call of either era, on any thread; nullopt when it was cancelled.
  std::optional<json::object> run(PendingCall& call);
  // run() for a call of kind `waits`, without blocking: `done` runs once, on any thread.
  void start(PendingCall call, Answered done);
  void cancel_all();

  // The era the connection is pinned to; unset until its first request other than discover.
  std::optional<Era> era() const;

 private:
  std::optional<json::object> handle_modern(Message& m, std::optional<PendingCall>& call, bool pinned);
  std::optional<json::object> refuse_claimless(const Message& m) const;

  Session legacy_;
  ModernHandler modern_;
  Sender send_;
  RunningCalls modern_calls_;
  enum Pin : int { unpinned, legacy, modern };
  std::atomic<int> pin_{unpinned};
};

}  // namespace cats_mcp::mcp
