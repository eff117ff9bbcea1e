#pragma once
// MCP over Streamable HTTP (the latest of mcp::kSupportedVersions) at /cats-contacts (and /mcp):
// Boost.Beast on Asio with C++20 coroutines. JSON responses by default, an SSE stream when a call sends progress or log
// notifications before its result; sessions from `initialize`, or stateless calls; Host/Origin
// checks, bearer authentication, size limits and timeouts; /healthz and /metrics; a drain on
// SIGTERM. Tool calls run on worker pools, never on the I/O threads: one for calls that wait on
// the network, one (a thread per core) for calls the provider answers in process.
#include "http/bearer_auth.hpp"
#include "http/origin_policy.hpp"
#include "http/protected_resource.hpp"
#include "http/shared_sessions.hpp"
#include "mcp/protocol.hpp"

#include <algorithm>
#include <chrono>
#include <string>
#include <thread>

namespace cats_mcp::http {

struct HttpOptions {
  std::string host = "127.0.0.1";
  unsigned short port = 8080;
  OriginPolicy origins;
  BearerAuth auth;
  // Set (--oauth-issuer, --public-url): OAuth access tokens are accepted beside the static ones.
  std::shared_ptr<OAuthResourceServer> oauth;
  bool authenticates() const { return auth.enabled() || oauth; }
  // A 20 MB attachment in base64 is ~27 MB; the JSON-RPC envelope around it fits in the rest.
  std::size_t max_body_bytes = 28 * 1024 * 1024;
  std::size_t max_header_bytes = 16 * 1024;
  // The headers must arrive within this, and a body that stops arriving for this long ends
  // the connection too (each arrival of body bytes renews it).
  std::chrono::seconds header_timeout{10};
  std::chrono::seconds body_timeout{120};  // the whole body
  std::size_t max_connections = 512;
  // One address's share of max_connections: a slowloris client exhausts only its own.
  std::size_t max_connections_per_client = 64;
  std::size_t max_sessions = 1000;
  // One principal's share of max_sessions; at its cap a principal's least recently used
  // session makes room, so a leaky client pushes out only its own sessions.
  std::size_t max_sessions_per_principal = 100;
  std::chrono::seconds session_idle{1800};
  // Set (CATS_MCP_STATE_KEY): legacy session ids are sealed tickets any replica serves, and an
  // idle session is only dropped from memory. Unset: ids are random and sessions live here.
  std::shared_ptr<SharedSessions> shared_sessions;
  unsigned io_threads = 2;
  unsigned workers = 32;  // CATS calls waiting at once; they block on the network, not the CPU
  unsigned in_process_workers = std::max(1u, std::thread::hardware_concurrency());
  std::chrono::seconds drain_deadline{20};
};

bool is_loopback(const std::string& host);

// Serves until SIGTERM/SIGINT, then stops accepting, lets in-flight calls finish (up to the
// drain deadline) and returns 0. Logs {"msg":"http listening","port":N} once bound.
int serve_http(mcp::ToolProvider& provider, const mcp::ServerOptions& server_options, HttpOptions options);

}  // namespace cats_mcp::http
