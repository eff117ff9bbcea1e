#include "mcp/client_requests.hpp"

namespace cats_mcp::mcp {

std::optional<json::object> ClientRequests::ask(const std::function<void(const json::object&)>& send,
                                                std::string_view method, json::object params, CancelToken* cancel,
                                                std::chrono::milliseconds timeout) {
  json::value id;
  std::string key;
  {
    std::lock_guard lock(mutex_);
    if (waiting_.size() >= kMaxPending) return std::nullopt;
    id = json::string("srv-" + std::to_string(next_id_++));
    key = id_key(id);
    waiting_.emplace(key, Waiting{});
  }
  send(json::object{{"jsonrpc", "2.0"}, {"id", id}, {"method", method}, {"params", std::move(params)}});

  auto give_up_at = std::chrono::steady_clock::now() + timeout;
  std::unique_lock lock(mutex_);
  for (;;) {
    auto& waiting = waiting_.at(key);
    if (waiting.answered) break;
    if (std::chrono::steady_clock::now() >= give_up_at || (cancel && cancel->cancelled())) break;
    // Woken by an answer; otherwise a cancellation is noticed within 100 ms.
    changed_.wait_for(lock, std::chrono::milliseconds(100));
  }
  auto result = std::move(waiting_.at(key).result);
  waiting_.erase(key);
  return result;
}

bool ClientRequests::answer(Message& response) {
  std::lock_guard lock(mutex_);
  auto it = waiting_.find(id_key(response.id));
  if (it == waiting_.end() || it->second.answered) return false;
  it->second.answered = true;
  if (!response.failed) it->second.result = std::move(response.result);
  changed_.notify_all();
  return true;
}

}  // namespace cats_mcp::mcp
