#include "cats/curl_transport.hpp"

#include <future>
#include <stdexcept>

namespace cats_mcp::cats {

CurlTransport::CurlTransport(std::string base_url, std::shared_ptr<CurlEngine> engine)
    : base_url_(std::move(base_url)), engine_(std::move(engine)) {
  while (!base_url_.empty() && base_url_.back() == '/') base_url_.pop_back();
}

void CurlTransport::start(CatsRequest request, SendOptions options, TransportDone done) {
  engine_->start(std::make_unique<CurlExchange>(base_url_, std::move(request), std::move(options)), std::move(done));
}

TransportResult CurlTransport::send(const CatsRequest& request, const SendOptions& options) {
  if (engine_->on_engine_thread()) throw std::logic_error("a blocking CATS send on the engine's own thread");
  // Owned by `done` alone: if the engine stops first and drops it uncalled, the wait below ends.
  auto answer = std::make_shared<std::promise<TransportResult>>();
  auto future = answer->get_future();
  start(request, options, [answer = std::move(answer)](TransportResult result) { answer->set_value(std::move(result)); });
  try {
    return future.get();
  } catch (const std::future_error&) {
    TransportResult stopped;
    stopped.failure = TransportFailure::cancelled;
    stopped.detail = "the server is stopping";
    return stopped;
  }
}

}  // namespace cats_mcp::cats
