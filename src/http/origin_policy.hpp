#pragma once
// DNS-rebinding protection: which Host and Origin headers the HTTP endpoint accepts. The
// defaults are the loopback names, with any port.
#include <string>
#include <string_view>
#include <vector>

namespace cats_mcp::http {

class OriginPolicy {
 public:
  OriginPolicy();  // localhost, 127.0.0.1, [::1]
  // Extra host names ("mcp.example.com", optionally with ":port").
  void allow_host(std::string host);
  // Extra origins ("https://app.example.com"); "*" allows any origin.
  void allow_origin(std::string origin);

  bool host_allowed(std::string_view host) const;
  // An absent Origin (non-browser clients) is allowed.
  bool origin_allowed(std::string_view origin) const;

 private:
  std::vector<std::string> hosts_;
  std::vector<std::string> origins_;
  bool any_origin_ = false;
};

}  // namespace cats_mcp::http
