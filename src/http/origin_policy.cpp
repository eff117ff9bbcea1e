#include "http/origin_policy.hpp"

#include <algorithm>
#include <cctype>

namespace cats_mcp::http {
namespace {
std::string lower(std::string_view s) {
  std::string out(s);
  for (auto& c : out) c = char(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

// "example.com:8080" -> "example.com"; "[::1]:80" -> "[::1]".
std::string_view without_port(std::string_view host) {
  if (host.starts_with("[")) {
    auto close = host.find(']');
    return close == std::string_view::npos ? host : host.substr(0, close + 1);
  }
  auto colon = host.rfind(':');
  if (colon != std::string_view::npos && host.find(':') == colon) return host.substr(0, colon);
  return host;
}
}  // namespace

OriginPolicy::OriginPolicy() : hosts_{"localhost", "127.0.0.1", "[::1]"} {}

void OriginPolicy::allow_host(std::string host) { hosts_.push_back(lower(host)); }

void OriginPolicy::allow_origin(std::string origin) {
  if (origin == "*") any_origin_ = true;
  else origins_.push_back(lower(origin));
}

bool OriginPolicy::host_allowed(std::string_view host) const {
  auto h = lower(host);
  auto bare = std::string(without_port(h));
  return std::any_of(hosts_.begin(), hosts_.end(), [&](const std::string& allowed) { return allowed == h || allowed == bare; });
}

bool OriginPolicy::origin_allowed(std::string_view origin) const {
  if (origin.empty() || any_origin_) return true;
  auto o = lower(origin);
  if (std::find(origins_.begin(), origins_.end(), o) != origins_.end()) return true;
  // The loopback names are allowed as origins on any port, over http or https.
  for (std::string_view scheme : {"http://", "https://"}) {
    if (!std::string_view(o).starts_with(scheme)) continue;
    auto host = without_port(std::string_view(o).substr(scheme.size()));
    if (host == "localhost" || host == "127.0.0.1" || host == "[::1]") return true;
  }
  return false;
}

}  // namespace cats_mcp::http
