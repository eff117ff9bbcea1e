#pragma once
// HTTPS (or plain HTTP, for local stand-ins) to a CATS base URL through libcurl, on the
// process's CurlEngine: start() waits on its event loop; send() is the same request for a
// caller that may block (it must not be the engine's own thread).
#include "cats/curl_engine.hpp"
#include "cats/transport.hpp"

#include <memory>
#include <string>

namespace cats_mcp::cats {

class CurlTransport final : public Transport {
 public:
  // base_url like "https://api.catsone.com/v3" (a trailing slash is ignored).
  CurlTransport(std::string base_url, std::shared_ptr<CurlEngine> engine);

  TransportResult send(const CatsRequest& request, const SendOptions& options) override;
  bool non_blocking() const override { return true; }
  void start(CatsRequest request, SendOptions options, TransportDone done) override;
  boost::asio::any_io_executor executor() override { return engine_->executor(); }

 private:
  std::string base_url_;
  std::shared_ptr<CurlEngine> engine_;
};

}  // namespace cats_mcp::cats
