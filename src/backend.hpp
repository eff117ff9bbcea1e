#pragma once
// Which CATS the server talks to: real CATS over HTTPS when a key is set, otherwise the
// embedded sandbox in process (the default on a fresh machine).
#include "cats/client.hpp"
#include "cats/curl_engine.hpp"
#include "connections/connection_resolver.hpp"
#include "sandbox/router.hpp"
#include "tools/tool_runner.hpp"

#include <chrono>
#include <functional>
#include <memory>
#include <string>

namespace cats_mcp {

struct BackendSettings {
  std::string api_key;       // CATS_API_KEY; empty selects the sandbox
  std::string base_url;      // CATS_API_BASE_URL
  std::string sandbox_db;    // CATS_SANDBOX_DB or the default path
  std::chrono::milliseconds timeout{30000};         // each CATS request
  std::chrono::milliseconds call_deadline{50000};  // a call, across all its tries
  std::size_t max_cats_inflight = cats::CurlEngine::kDefaultMaxInFlight;  // CATS requests on the wire at once
};

struct Backend {
  // Every CATS request of the process, the backend's and the stored connections', waits on
  // this one event loop. The process stops it when it ends (CurlEngine::stop).
  std::shared_ptr<cats::CurlEngine> engine;
  std::shared_ptr<cats::Client> client;
  std::string description;  // for operators: logs (a sandbox's database path included)
  // What the model is told serves the calls (the server's instructions): never a local path.
  std::string for_model;
  bool sandbox = false;
  std::shared_ptr<sandbox::Router> sandbox_router;  // when the sandbox serves
};

Backend make_backend(const BackendSettings& settings);

// The router over a sandbox database; the store lives as long as the router.
std::shared_ptr<sandbox::Router> open_sandbox(const std::string& path, sandbox::Limits limits = {});

// The transports of stored connections: HTTPS on `engine` for "cats", the sandbox router
// (opened on first use by `sandbox_router`) for "sandbox".
connections::TransportFactory connection_transports(std::function<std::shared_ptr<sandbox::Router>()> sandbox_router,
                                                    std::shared_ptr<cats::CurlEngine> engine);

// The state database (connections, legacy session notes), logged as opened.
std::shared_ptr<connections::ConnectionStore> open_state(const std::string& state_db);

// Calls are served by the stored connection their PCID names when connections exist in the
// state database, by `backend` otherwise.
std::shared_ptr<tools::ClientResolver> make_resolver(const Backend& backend, const BackendSettings& settings,
                                                     std::shared_ptr<connections::ConnectionStore> store);

// What an agent should know about the sandbox's demo data (stable ids).
inline constexpr const char* kSandboxDemoNote =
    "it starts with demo data: users 1 and 2, who can own records; companies 1 Acme Corporation, 2 Globex Ltd, "
    "3 Initech GmbH; tags 1-5; contact statuses 1-4, of which 2 and 3 have triggers; contact custom fields 1 text, "
    "2 dropdown Region, 3 checkbox, 4 date, 5 number; contacts 1 Grace Hopper, 2 Alan Turing, 3 Katherine Johnson; "
    "contact list 1";

}  // namespace cats_mcp
