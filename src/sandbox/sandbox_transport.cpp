#include "sandbox/sandbox_transport.hpp"

namespace cats_mcp::sandbox {

SandboxTransport::SandboxTransport(std::shared_ptr<Router> router, std::string account_key)
    : router_(std::move(router)), account_key_(std::move(account_key)) {}

cats::TransportResult SandboxTransport::send(const cats::CatsRequest& request, const cats::SendOptions& options) {
  cats::TransportResult result;
  if (options.cancel && options.cancel->cancelled()) {
    result.failure = cats::TransportFailure::cancelled;
    result.detail = "cancelled";
    return result;
  }
  Request r;
  r.method = request.method;
  r.path = request.path;
  r.query = request.query;
  for (const auto& [name, value] : request.headers) r.headers.emplace_back(cats::lower(name), value);
  if (request.body) {
    r.body = *request.body;
    r.headers.emplace_back("content-type", request.content_type);
  }
  Response response = router_->handle(account_key_, r);
  result.response.status = response.status;
  for (auto& [name, value] : response.headers) result.response.headers.emplace_back(cats::lower(name), std::move(value));
  result.response.body = std::move(response.body);
  result.response.document = std::move(response.document);
  return result;
}

}  // namespace cats_mcp::sandbox
