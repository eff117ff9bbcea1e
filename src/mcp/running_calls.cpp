#include "mcp/running_calls.hpp"

namespace cats_mcp::mcp {

void RunningCalls::add(const json::value& id, std::shared_ptr<CancelToken> token) {
  std::lock_guard lock(mutex_);
  running_[id_key(id)] = std::move(token);
}

void RunningCalls::remove(const json::value& id) {
  std::lock_guard lock(mutex_);
  running_.erase(id_key(id));
}

bool RunningCalls::cancel(const json::value& id) {
  std::lock_guard lock(mutex_);
  auto it = running_.find(id_key(id));
  if (it == running_.end()) return false;
  it->second->cancel();
  return true;
}

void RunningCalls::cancel_all() {
  std::lock_guard lock(mutex_);
  for (auto& [_, token] : running_) token->cancel();
}

}  // namespace cats_mcp::mcp
