#include "backend.hpp"

#include "cats/curl_transport.hpp"
#include "sandbox/router.hpp"
#include "sandbox/sandbox_transport.hpp"

namespace cats_mcp {

Backend make_backend(const BackendSettings& settings) {
  cats::ClientOptions options;
  options.timeout = settings.timeout;
  Backend backend;
  if (!settings.api_key.empty()) {
    options.api_key = settings.api_key;
    backend.client = std::make_shared<cats::Client>(std::make_shared<cats::CurlTransport>(settings.base_url), options);
    backend.description = "CATS at " + settings.base_url;
    return backend;
  }
  // The store and router live as long as the transport that holds them.
  struct Owned : sandbox::Router {
    explicit Owned(std::unique_ptr<sandbox::Store> s) : sandbox::Router(*s), store(std::move(s)) {}
    std::unique_ptr<sandbox::Store> store;
  };
  auto store = std::make_unique<sandbox::Store>(settings.sandbox_db);
  auto router = std::make_shared<Owned>(std::move(store));
  backend.client = std::make_shared<cats::Client>(
      std::make_shared<sandbox::SandboxTransport>(router, sandbox::kDemoAccountKey), options);
  backend.description = "the embedded sandbox (no CATS_API_KEY set; data in " + settings.sandbox_db + "). " + kSandboxDemoNote;
  backend.sandbox = true;
  return backend;
}

}  // namespace cats_mcp
