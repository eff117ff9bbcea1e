#pragma once
// Requests the server sends a legacy-era client while a tool call runs (elicitation/create,
// sampling/createMessage): each waits, on the thread of the call that asks, for the response
// the client sends back, which the session hands over by id. Thread-safe.
#include "mcp/jsonrpc.hpp"
#include "util/cancel.hpp"

#include <chrono>
#include <condition_variable>
#include <functional>
#include <map>
#include <mutex>
#include <optional>
#include <string>

namespace cats_mcp::mcp {

class ClientRequests {
 public:
  // Sends request `method` with `params` through `send` under a fresh id ("srv-<n>", never one
  // a client uses for its own requests) and waits for the client's answer: its result, or
  // nullopt on an error answer, on a cancellation of `cancel` or after `timeout`. Also nullopt
  // at once, nothing sent, when kMaxPending questions already wait: a client that never answers
  // holds at most that many of the server's threads.
  std::optional<json::object> ask(const std::function<void(const json::object&)>& send, std::string_view method,
                                  json::object params, CancelToken* cancel, std::chrono::milliseconds timeout);

  // A response from the client: wakes the request it answers. False when it answers none
  // (unknown, late, or already given up on): the caller ignores it.
  bool answer(Message& response);

 private:
  struct Waiting {
    bool answered = false;
    std::optional<json::object> result;
  };
  std::mutex mutex_;
  std::condition_variable changed_;
  std::map<std::string, Waiting> waiting_;  // by id_key of the request's id
  std::uint64_t next_id_ = 1;

 public:
  static constexpr std::size_t kMaxPending = 8;
};

}  // namespace cats_mcp::mcp
