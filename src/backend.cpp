#include "backend.hpp"

#include "cats/curl_transport.hpp"
#include "connections/connection_resolver.hpp"
#include "sandbox/router.hpp"
#include "sandbox/sandbox_transport.hpp"
#include "util/log.hpp"

namespace cats_mcp {

Backend make_backend(const BackendSettings& settings) {
  cats::ClientOptions options;
  options.timeout = settings.timeout;
  options.call_deadline = settings.call_deadline;
  Backend backend;
  backend.engine = std::make_shared<cats::CurlEngine>(settings.max_cats_inflight);
  if (!settings.api_key.empty()) {
    options.api_key = settings.api_key;
    backend.client =
        std::make_shared<cats::Client>(std::make_shared<cats::CurlTransport>(settings.base_url, backend.engine), options);
    backend.description = "CATS at " + settings.base_url;
    backend.for_model = backend.description;
    return backend;
  }
  backend.sandbox_router = open_sandbox(settings.sandbox_db);
  backend.client = std::make_shared<cats::Client>(
      std::make_shared<sandbox::SandboxTransport>(backend.sandbox_router, sandbox::kDemoAccountKey), options);
  backend.description = "the embedded sandbox (no CATS_API_KEY set; data in " + settings.sandbox_db + ")";
  backend.for_model = std::string("the embedded sandbox, a stand-in for CATS that touches no real account; ") + kSandboxDemoNote;
  backend.sandbox = true;
  return backend;
}

std::shared_ptr<sandbox::Router> open_sandbox(const std::string& path, sandbox::Limits limits) {
  auto store = std::make_shared<sandbox::Store>(path);
  return std::shared_ptr<sandbox::Router>(new sandbox::Router(*store, limits), [store](sandbox::Router* r) { delete r; });
}

connections::TransportFactory connection_transports(std::function<std::shared_ptr<sandbox::Router>()> sandbox_router,
                                                    std::shared_ptr<cats::CurlEngine> engine) {
  return [sandbox_router = std::move(sandbox_router), engine = std::move(engine)](
             const connections::Connection& c, const std::string& secret) -> std::shared_ptr<cats::Transport> {
    if (c.kind == "sandbox") return std::make_shared<sandbox::SandboxTransport>(sandbox_router(), secret);
    return std::make_shared<cats::CurlTransport>(c.base_url, engine);
  };
}

std::shared_ptr<connections::ConnectionStore> open_state(const std::string& state_db) {
  auto store = std::make_shared<connections::ConnectionStore>(state_db);
  log(LogLevel::info, "stored connections", {{"in", store->description()}});
  return store;
}

std::shared_ptr<tools::ClientResolver> make_resolver(const Backend& backend, const BackendSettings& settings,
                                                     std::shared_ptr<connections::ConnectionStore> store) {
  // Sandbox connections share one sandbox database, each as its own account; opened on first use.
  auto router = std::make_shared<std::shared_ptr<sandbox::Router>>(backend.sandbox_router);
  auto mutex = std::make_shared<std::mutex>();
  std::string sandbox_db = settings.sandbox_db.empty() ? sandbox::default_database_path() : settings.sandbox_db;
  auto sandbox_router = [router, mutex, sandbox_db] {
    std::lock_guard lock(*mutex);
    if (!*router) *router = open_sandbox(sandbox_db);
    return *router;
  };
  cats::ClientOptions options;
  options.timeout = settings.timeout;
  options.call_deadline = settings.call_deadline;
  return std::make_shared<connections::ConnectionResolver>(std::move(store), backend.client,
                                                           connection_transports(sandbox_router, backend.engine), options);
}

}  // namespace cats_mcp
