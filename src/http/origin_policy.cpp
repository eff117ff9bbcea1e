#include "http/origin_policy.hpp"

#include <arpa/inet.h>

#include <algorithm>
#include <cctype>
#include <stdexcept>

namespace cats_mcp::http {
namespace {
std::string lower(std::string_view s) {
  std::string out(s);
  for (auto& c : out) c = char(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

bool is_name_char(char c) {
  return std::isalnum(static_cast<unsigned char>(c)) || c == '-' || c == '.' || c == '_';
}

std::optional<unsigned> parse_port(std::string_view digits) {
  if (digits.empty() || digits.size() > 5) return std::nullopt;
  unsigned value = 0;
  for (char c : digits) {
    if (c < '0' || c > '9') return std::nullopt;
    value = value * 10 + unsigned(c - '0');
  }
  if (value > 65535) return std::nullopt;
  return value;
}

bool is_loopback_name(const std::string& host) { return host == "localhost" || host == "127.0.0.1" || host == "[::1]"; }
}  // namespace

std::optional<HostPort> parse_host_port(std::string_view text) {
  HostPort out;
  std::string_view rest;
  if (text.starts_with('[')) {
    auto close = text.find(']');
    if (close == std::string_view::npos) return std::nullopt;
    std::string inside(text.substr(1, close - 1));
    in6_addr ignored{};
    if (inside.empty() || inet_pton(AF_INET6, inside.c_str(), &ignored) != 1) return std::nullopt;
    out.host = "[" + lower(inside) + "]";
    rest = text.substr(close + 1);
  } else {
    auto colon = text.find(':');
    auto name = text.substr(0, colon);
    if (name.empty() || !std::all_of(name.begin(), name.end(), is_name_char)) return std::nullopt;
    out.host = lower(name);
    rest = colon == std::string_view::npos ? std::string_view() : text.substr(colon);
  }
  if (rest.empty()) return out;
  if (rest.front() != ':') return std::nullopt;  // "[::1]evil.com": text after the address
  out.port = parse_port(rest.substr(1));
  if (!out.port) return std::nullopt;
  return out;
}

std::optional<OriginParts> parse_origin(std::string_view text) {
  auto separator = text.find("://");
  if (separator == std::string_view::npos || separator == 0) return std::nullopt;
  auto scheme = text.substr(0, separator);
  if (!std::isalpha(static_cast<unsigned char>(scheme.front()))) return std::nullopt;
  for (char c : scheme)
    if (!std::isalnum(static_cast<unsigned char>(c)) && c != '+' && c != '-' && c != '.') return std::nullopt;
  // The authority must be the whole remainder: '@', '/', '?' and '#' fail the host/port grammar.
  auto authority = parse_host_port(text.substr(separator + 3));
  if (!authority) return std::nullopt;
  return OriginParts{lower(scheme), std::move(*authority)};
}

OriginPolicy::OriginPolicy() : hosts_{{"localhost", {}}, {"127.0.0.1", {}}, {"[::1]", {}}} {}

void OriginPolicy::allow_host(std::string host) {
  auto parsed = parse_host_port(host);
  if (!parsed) throw std::invalid_argument("not a host[:port]: " + host);
  hosts_.push_back(std::move(*parsed));
}

void OriginPolicy::allow_origin(std::string origin) {
  if (origin == "*") {
    any_origin_ = true;
    return;
  }
  auto parsed = parse_origin(origin);
  if (!parsed) throw std::invalid_argument("not a scheme://host[:port] origin: " + origin);
  origins_.push_back(std::move(*parsed));
}

bool OriginPolicy::host_allowed(std::string_view host) const {
  auto parsed = parse_host_port(host);
  if (!parsed) return false;
  return std::any_of(hosts_.begin(), hosts_.end(), [&](const HostPort& allowed) {
    return allowed.host == parsed->host && (!allowed.port || allowed.port == parsed->port);
  });
}

bool OriginPolicy::origin_allowed(std::string_view origin) const {
  if (origin.empty()) return true;
  auto parsed = parse_origin(origin);
  if (!parsed) return false;  // even with "*": a malformed origin is no origin a browser sends
  if (any_origin_) return true;
  // The loopback names are allowed as origins on any port, over http or https.
  if ((parsed->scheme == "http" || parsed->scheme == "https") && is_loopback_name(parsed->authority.host)) return true;
  return std::any_of(origins_.begin(), origins_.end(), [&](const OriginParts& allowed) {
    return allowed.scheme == parsed->scheme && allowed.authority.host == parsed->authority.host &&
           allowed.authority.port == parsed->authority.port;
  });
}

}  // namespace cats_mcp::http
