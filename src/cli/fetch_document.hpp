#pragma once
// Small documents the server reads for itself (an OAuth issuer's metadata and keys), over
// libcurl: GET, TLS verified, 5 s in all, at most 1 MB, redirects only to https.
#include <optional>
#include <string>

namespace cats_mcp::cli {

// Initialises libcurl once, on the thread that will start the fetching ones (libcurl's global
// set-up is not thread-safe on every build).
void prepare_document_fetching();

// The body of a 200 answer to GET `url`; nullopt otherwise (logged, without the body).
std::optional<std::string> fetch_document(const std::string& url);

// Whether `url` is https, or http to a loopback address (a local issuer, as tests run).
bool is_secure_or_loopback_url(const std::string& url);

}  // namespace cats_mcp::cli
