#pragma once
// Decides from a request's header alone whether its body is worth reading: the header is
// checked (duplicate Host/Origin, Host, path, Origin, bearer token, method, declared length)
// before a single body byte is read, so a client that may not use the server cannot make it
// buffer anything. Every route, /healthz and /metrics included, passes the same Host and
// Origin checks; /metrics also needs the token when tokens are configured.
#include "http/http_server.hpp"

#include <boost/beast/http.hpp>

#include <string>

namespace cats_mcp::http {

enum class Route { mcp, healthz, metrics, resource_metadata };

struct Admission {
  // ok: read the body and serve `route` for `principal`; anything else: answer `status` with
  // `body` and close without reading the body.
  boost::beast::http::status status = boost::beast::http::status::ok;
  std::string body;
  std::string challenge;      // a 401 or 403's WWW-Authenticate, when it has one
  bool allow_header = false;      // a 405 carries Allow
  Route route = Route::mcp;
  std::string principal = "local";  // without authentication the server is a single-user tool
  // What the caller may call: a static token and no authentication may call every tool; an
  // OAuth token what its scopes allow (cats.read: the read-only tools; cats.write: all).
  bool may_write = true;
  // Refused for now (503) because deciding needs an OAuth issuer's keys fetched, which an I/O
  // thread must not wait for: admit again with `may_fetch` on a thread that may block.
  bool decide_off_io_thread = false;

  bool admitted() const { return status == boost::beast::http::status::ok; }
};

// With `may_fetch` false it never waits on the network (see decide_off_io_thread).
Admission admit(const boost::beast::http::request_header<>& head, const HttpOptions& options, bool may_fetch = false);

// The Allow header value for a 405 on `route`.
std::string_view allowed_methods(Route route);

}  // namespace cats_mcp::http
