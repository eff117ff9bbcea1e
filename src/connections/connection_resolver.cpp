#include "connections/connection_resolver.hpp"


namespace cats_mcp::connections {

ConnectionResolver::ConnectionResolver(std::shared_ptr<ConnectionStore> store, std::shared_ptr<cats::Client> fallback,
                                       TransportFactory transport_for, cats::ClientOptions client_options,
                                       std::size_t max_clients)
    : store_(std::move(store)), fallback_(std::move(fallback)), transport_for_(std::move(transport_for)),
      client_options_(std::move(client_options)), max_clients_(max_clients) {}

std::shared_ptr<cats::Client> ConnectionResolver::make_client(const Connection& c, const std::string& secret) {
  auto options = client_options_;
  if (c.kind == "cats") options.api_key = secret;  // a sandbox connection's secret names its account instead
  return std::make_shared<cats::Client>(transport_for_(c, secret), options);
}

tools::ClientChoice ConnectionResolver::resolve(const std::string& principal, const std::string* pcid) {
  if (!store_->any()) return {fallback_, {}};  // no stored connections: the server's own backend
  // Unknown and someone else's read the same, so a PCID cannot be probed.
  static const std::string kRefused =
      "No CATS connection with this PCID is available to you. Use the PCID of one of your own stored connections.";
  std::optional<std::string> sole;
  if (!pcid) {  // omitted: the caller's only connection, if it has exactly one
    sole = store_->sole_pcid_of(principal);
    if (!sole)
      return {nullptr, "This call needs `PCID`, the ID of one of your stored CATS connections: none is chosen "
                       "for you because you own none, or more than one."};
    pcid = &*sole;
  }
  auto opened = store_->open_for(*pcid, principal);
  // Kept per (PCID, owner): presenting someone else's PCID touches nothing of theirs.
  auto key = remembered_key(*pcid, principal);
  std::lock_guard lock(mutex_);
  if (!opened) {
    if (auto it = clients_.find(key); it != clients_.end()) {  // removed since: forget its client
      recency_.erase(it->second.second);
      clients_.erase(it);
    }
    return {nullptr, kRefused};
  }
  if (auto it = clients_.find(key); it != clients_.end()) {
    recency_.splice(recency_.begin(), recency_, it->second.second);
    return {it->second.first, {}};
  }
  auto client = make_client(opened->first, opened->second);
  recency_.push_front(key);
  clients_[key] = {client, recency_.begin()};
  while (clients_.size() > max_clients_) {
    clients_.erase(recency_.back());
    recency_.pop_back();
  }
  return {client, {}};
}

}  // namespace cats_mcp::connections
