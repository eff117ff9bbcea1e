#pragma once
// DNS-rebinding protection: which Host and Origin headers the HTTP endpoint accepts. The
// defaults are the loopback names, with any port. Both headers are parsed strictly (a value
// that is not exactly host[:port], or scheme://host[:port], is refused), so no trailing text,
// userinfo or path can make a foreign name look like an allowed one.
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace cats_mcp::http {

// host [":" port]: a DNS name or IPv4 address (letters, digits, '-', '.', '_'), or an IPv6
// address in brackets; port 1-5 digits up to 65535. The host comes back in lower case.
struct HostPort {
  std::string host;
  std::optional<unsigned> port;
};
std::optional<HostPort> parse_host_port(std::string_view text);

// scheme "://" host [":" port], nothing before the host (no userinfo) and nothing after (no
// path, query or fragment). The scheme comes back in lower case.
struct OriginParts {
  std::string scheme;
  HostPort authority;
};
std::optional<OriginParts> parse_origin(std::string_view text);

class OriginPolicy {
 public:
  OriginPolicy();  // localhost, 127.0.0.1, [::1]
  // Extra host names ("mcp.example.com", optionally with ":port"). Throws
  // std::invalid_argument when the value is not host[:port].
  void allow_host(std::string host);
  // Extra origins ("https://app.example.com"); "*" allows any well-formed origin. Throws
  // std::invalid_argument when the value is not scheme://host[:port].
  void allow_origin(std::string origin);

  bool host_allowed(std::string_view host) const;
  // An absent Origin (non-browser clients) is allowed.
  bool origin_allowed(std::string_view origin) const;

 private:
  std::vector<HostPort> hosts_;  // no port: any port
  std::vector<OriginParts> origins_;
  bool any_origin_ = false;
};

}  // namespace cats_mcp::http
