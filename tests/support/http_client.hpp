#pragma once
// Minimal HTTP requests for tests (libcurl): status, headers (lower-case names), body.
#include <chrono>
#include <map>
#include <string>
#include <utility>
#include <vector>

namespace cats_mcp::testing {

struct HttpReply {
  long status = 0;  // 0 when the request failed (connection refused, reset, timeout)
  std::map<std::string, std::string> headers;
  std::string body;
  std::string error;
};

HttpReply http_request(const std::string& method, const std::string& url,
                       const std::vector<std::pair<std::string, std::string>>& headers = {}, const std::string& body = {},
                       std::chrono::milliseconds timeout = std::chrono::seconds(30));

}  // namespace cats_mcp::testing
