#pragma once
// The calls of one connection or session that are still running, by request id, so that
// notifications/cancelled (or a shutdown) can cancel them. Thread-safe.
#include "mcp/jsonrpc.hpp"
#include "util/cancel.hpp"

#include <map>
#include <memory>
#include <mutex>
#include <string>

namespace cats_mcp::mcp {

class RunningCalls {
 public:
  void add(const json::value& id, std::shared_ptr<CancelToken> token);
  void remove(const json::value& id);
  // Cancels the call with this id; false when there is none (unknown or already finished).
  bool cancel(const json::value& id);
  void cancel_all();

  // Removes the call when it goes out of scope, however the call ends.
  struct Finished {
    RunningCalls& calls;
    const json::value& id;
    ~Finished() { calls.remove(id); }
  };

 private:
  std::mutex mutex_;
  std::map<std::string, std::shared_ptr<CancelToken>> running_;
};

}  // namespace cats_mcp::mcp
