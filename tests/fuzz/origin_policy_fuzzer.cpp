// The Host/Origin policy that guards the HTTP endpoint against DNS rebinding. The input is
// up to four lines: a Host value, an Origin value, an extra allowed host and an extra allowed
// origin (the --allowed-hosts / --allowed-origins a deployment adds).
// Besides the sanitizers it checks the policy's promises: names compare case-insensitively,
// any port of an allowed host is allowed, and under the defaults only loopback names pass.
#include "fuzz_check.hpp"
#include "fuzz_input.hpp"

#include "http/origin_policy.hpp"

#include <algorithm>
#include <cctype>
#include <cstddef>
#include <cstdint>
#include <stdexcept>
#include <string>
#include <string_view>

using namespace cats_mcp;

namespace {

std::string upper(std::string_view s) {
  std::string out(s);
  for (auto& c : out) c = char(std::toupper(static_cast<unsigned char>(c)));
  return out;
}

std::string lower(std::string_view s) {
  std::string out(s);
  for (auto& c : out) c = char(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

// A plain DNS name (what --allowed-hosts normally holds), for which the port rule is simple.
bool plain_name(std::string_view s) {
  return !s.empty() && std::all_of(s.begin(), s.end(), [](unsigned char c) { return std::isalnum(c) || c == '.' || c == '-'; });
}

// The host part of a Host value the defaults accepted is a loopback name and nothing more.
bool names_loopback(std::string_view host) {
  for (std::string_view name : {"localhost", "127.0.0.1", "[::1]"})
    if (host.starts_with(name)) return host.size() == name.size() || host[name.size()] == ':';
  return false;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  std::string_view input(reinterpret_cast<const char*>(data), size);
  auto host = fuzz::take_until(input, '\n');
  auto origin = fuzz::take_until(input, '\n');
  auto extra_host = fuzz::take_until(input, '\n');
  auto extra_origin = fuzz::take_until(input, '\n');

  const http::OriginPolicy defaults;
  bool host_ok = defaults.host_allowed(host);
  bool origin_ok = defaults.origin_allowed(origin);
  FUZZ_CHECK(host_ok == defaults.host_allowed(upper(host)), "Host compares case-insensitively");
  FUZZ_CHECK(origin_ok == defaults.origin_allowed(upper(origin)), "Origin compares case-insensitively");
  if (host_ok) FUZZ_CHECK(names_loopback(lower(host)), "the defaults accept only loopback hosts");
  if (origin_ok && !origin.empty()) {
    auto o = lower(origin);
    FUZZ_CHECK(o.starts_with("http://") || o.starts_with("https://"), "the defaults accept only http(s) origins");
    FUZZ_CHECK(names_loopback(o.substr(o.find("//") + 2)), "the defaults accept only loopback origins");
  }

  http::OriginPolicy configured;
  try {
    configured.allow_host(std::string(extra_host));
    configured.allow_origin(std::string(extra_origin));
  } catch (const std::invalid_argument&) {
    return 0;  // a malformed --allowed-hosts / --allowed-origins value is refused at startup
  }
  (void)configured.host_allowed(host);
  (void)configured.origin_allowed(origin);
  FUZZ_CHECK(!host_ok || configured.host_allowed(host), "adding a host never removes one");
  FUZZ_CHECK(!origin_ok || configured.origin_allowed(origin), "adding an origin never removes one");
  if (plain_name(extra_host)) {
    std::string name(extra_host);
    FUZZ_CHECK(configured.host_allowed(name), "an allowed host is allowed");
    FUZZ_CHECK(configured.host_allowed(upper(name) + ":8443"), "an allowed host without a port is allowed on any port");
    FUZZ_CHECK(!configured.host_allowed(name + ".attacker.invalid"), "a name under an allowed host is not that host");
    if (extra_origin == "*") FUZZ_CHECK(configured.origin_allowed("https://" + name), "\"*\" allows any origin");
  }
  return 0;
}
