#pragma once
// `sandbox serve`: the router behind an HTTP/1.1 listener at /v3/..., with CATS's token
// check and rate-limit headers, so the libcurl client path can be tested end to end.
#include "cats/contact_rules.hpp"
#include "sandbox/rate_limiter.hpp"
#include "sandbox/router.hpp"

#include <memory>
#include <string>

namespace cats_mcp::sandbox {

struct ServeOptions {
  std::string host = "127.0.0.1";
  unsigned short port = 8089;
  long rate_limit_per_hour = 0;  // 0: report a budget of 500 but never refuse
  unsigned threads = 2;
  std::size_t max_upload_bytes = cats::kMaxAttachmentBytes;
};

// Serves until SIGINT/SIGTERM; logs {"msg":"sandbox listening","port":N} once bound.
int serve_sandbox(std::shared_ptr<Router> router, const ServeOptions& options);

// The response to one HTTP request (exposed for tests): auth, rate limit, /v3 prefix, router.
// `api_root` is the URL this API was reached at; Location and `_links` are absolute under it.
Response answer_http(Router& router, RateLimiter& limiter, const std::string& method, std::string_view target,
                     const std::vector<std::pair<std::string, std::string>>& headers, std::string body,
                     std::string_view api_root = "http://127.0.0.1/v3");

}  // namespace cats_mcp::sandbox
