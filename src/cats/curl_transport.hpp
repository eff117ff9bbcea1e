#pragma once
// HTTPS (or plain HTTP, for local stand-ins) to a CATS base URL through libcurl. Easy handles
// are pooled and reused, so each keeps its connection alive between calls.
#include "cats/transport.hpp"

#include <mutex>
#include <string>
#include <vector>

namespace cats_mcp::cats {

class CurlTransport final : public Transport {
 public:
  // base_url like "https://api.catsone.com/v3" (a trailing slash is ignored).
  explicit CurlTransport(std::string base_url);
  ~CurlTransport() override;
  CurlTransport(const CurlTransport&) = delete;
  CurlTransport& operator=(const CurlTransport&) = delete;

  TransportResult send(const CatsRequest& request, const SendOptions& options) override;

 private:
  void* acquire();
  void release(void* handle);

  std::string base_url_;
  std::mutex pool_mutex_;
  std::vector<void*> idle_handles_;
};

}  // namespace cats_mcp::cats
