#pragma once
// Serves each call with the CATS client its PCID names (when stored connections exist), or
// with the server's single backend (when none do). Each connection keeps its own client —
// keep-alive connections and rate-limit budget — in a bounded cache.
#include "connections/connection_store.hpp"
#include "cats/transport.hpp"
#include "tools/tool_runner.hpp"

#include <functional>
#include <list>
#include <map>
#include <memory>
#include <mutex>

namespace cats_mcp::connections {

// The transport that carries a stored connection's requests: HTTPS to its base URL, or into a
// sandbox account keyed by its secret. Supplied by the composition root (backend.cpp), which
// knows the backends; this layer only chooses between connections.
using TransportFactory = std::function<std::shared_ptr<cats::Transport>(const Connection&, const std::string& secret)>;

class ConnectionResolver final : public tools::ClientResolver {
 public:
  ConnectionResolver(std::shared_ptr<ConnectionStore> store, std::shared_ptr<cats::Client> fallback,
                     TransportFactory transport_for, cats::ClientOptions client_options, std::size_t max_clients = 256);

  tools::ClientChoice resolve(const std::string& principal, const std::string* pcid) override;

 private:
  std::shared_ptr<cats::Client> make_client(const Connection& c, const std::string& secret);

  std::shared_ptr<ConnectionStore> store_;
  std::shared_ptr<cats::Client> fallback_;
  TransportFactory transport_for_;
  cats::ClientOptions client_options_;
  std::size_t max_clients_;
  std::mutex mutex_;
  std::list<std::string> recency_;  // most recent first
  std::map<std::string, std::pair<std::shared_ptr<cats::Client>, std::list<std::string>::iterator>> clients_;
};

}  // namespace cats_mcp::connections
