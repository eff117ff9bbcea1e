#pragma once
// The shape every backend speaks: one CATS v3 request in, one response out. The tool layer
// produces CatsRequest; the HTTPS transport (and, later, the in-process sandbox) consumes it.
#include <boost/json/value.hpp>

#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace cats_mcp::cats {

struct CatsRequest {
  std::string method;  // GET, POST, PUT, DELETE
  std::string path;    // "/contacts/5/emails", already percent-encoded, relative to the base URL
  std::vector<std::pair<std::string, std::string>> query;  // raw (unencoded) names and values
  std::optional<std::string> body;                         // JSON text or raw upload bytes
  std::string content_type;                                // set when body is set
  std::vector<std::pair<std::string, std::string>> headers;  // e.g. Authorization, added by the client

  // "/contacts/search?query=a%20b&page=1"
  std::string target() const;
  bool idempotent() const { return method != "POST"; }
};

struct CatsResponse {
  int status = 0;
  std::vector<std::pair<std::string, std::string>> headers;  // names lower-cased
  std::string body;
  // Set instead of `body` by an in-process backend that built its answer as JSON (the
  // sandbox): the document itself, so it is not serialised only to be parsed again.
  std::optional<boost::json::value> document;

  std::optional<std::string_view> header(std::string_view lower_name) const;
};

// Percent-encodes everything but RFC 3986 unreserved characters.
std::string percent_encode(std::string_view text);
std::string lower(std::string_view text);

}  // namespace cats_mcp::cats
