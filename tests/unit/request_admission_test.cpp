// Admission decides from the header alone: every route passes the Host and Origin checks,
// /metrics and the MCP endpoint need the token, /healthz does not, and nothing else exists.
#include "http/request_admission.hpp"

#include <gtest/gtest.h>

using namespace cats_mcp::http;
namespace bhttp = boost::beast::http;

namespace {
constexpr const char* kToken = "token-of-alice-0123456789abcdef";

HttpOptions with_tokens() {
  HttpOptions options;
  options.auth.add(kToken, "alice");
  return options;
}

bhttp::request_header<> head(bhttp::verb method, std::string_view target, std::string_view host = "localhost") {
  bhttp::request_header<> h;
  h.method(method);
  h.target(target);
  h.version(11);
  h.set(bhttp::field::host, host);
  return h;
}

bhttp::request_header<> authorized(bhttp::request_header<> h) {
  h.set(bhttp::field::authorization, std::string("Bearer ") + kToken);
  return h;
}
}  // namespace

TEST(RequestAdmission, MetricsNeedsTheTokenAndHealthzDoesNot) {
  auto options = with_tokens();
  EXPECT_EQ(admit(head(bhttp::verb::get, "/metrics"), options).status, bhttp::status::unauthorized);
  EXPECT_EQ(admit(head(bhttp::verb::get, "/metrics"), options).challenge, "Bearer realm=\"cats-contacts-mcp\"");
  auto metrics = admit(authorized(head(bhttp::verb::get, "/metrics")), options);
  EXPECT_TRUE(metrics.admitted());
  EXPECT_EQ(metrics.route, Route::metrics);
  EXPECT_EQ(metrics.principal, "alice");
  EXPECT_TRUE(admit(head(bhttp::verb::get, "/healthz"), options).admitted());
}

TEST(RequestAdmission, EveryRoutePassesTheHostAndOriginChecks) {
  auto options = with_tokens();
  for (auto target : {"/metrics", "/healthz", "/cats-contacts", "/nowhere"}) {
    EXPECT_EQ(admit(authorized(head(bhttp::verb::get, target, "evil.example")), options).status, bhttp::status::misdirected_request)
        << target;
    auto foreign_origin = authorized(head(bhttp::verb::get, target));
    foreign_origin.set(bhttp::field::origin, "http://evil.example");
    if (std::string_view(target) != "/nowhere") {  // an unknown path is 404 whatever the Origin
      EXPECT_EQ(admit(foreign_origin, options).status, bhttp::status::forbidden) << target;
    }
  }
}

TEST(RequestAdmission, DuplicateHostOrOriginIs400) {
  HttpOptions options;
  auto two_hosts = head(bhttp::verb::post, "/cats-contacts");
  two_hosts.insert(bhttp::field::host, "localhost");
  EXPECT_EQ(admit(two_hosts, options).status, bhttp::status::bad_request);
  auto two_origins = head(bhttp::verb::post, "/cats-contacts");
  two_origins.insert(bhttp::field::origin, "http://localhost");
  two_origins.insert(bhttp::field::origin, "http://localhost");
  EXPECT_EQ(admit(two_origins, options).status, bhttp::status::bad_request);
}

TEST(RequestAdmission, MethodsAndPathsAreExact) {
  HttpOptions options;
  EXPECT_TRUE(admit(head(bhttp::verb::post, "/cats-contacts"), options).admitted());
  EXPECT_TRUE(admit(head(bhttp::verb::delete_, "/mcp"), options).admitted());
  EXPECT_TRUE(admit(head(bhttp::verb::post, "/mcp?x=1"), options).admitted());
  auto get = admit(head(bhttp::verb::get, "/cats-contacts"), options);
  EXPECT_EQ(get.status, bhttp::status::method_not_allowed);
  EXPECT_TRUE(get.allow_header);
  EXPECT_EQ(allowed_methods(get.route), "POST, DELETE");
  EXPECT_EQ(admit(head(bhttp::verb::post, "/metrics"), options).status, bhttp::status::method_not_allowed);
  for (auto target : {"/cats-contacts/", "/cats-contacts/../metrics", "//mcp", "/MCP", "/%6dcp"})
    EXPECT_EQ(admit(head(bhttp::verb::post, target), options).status, bhttp::status::not_found) << target;
}

TEST(RequestAdmission, WithoutTokensTheCallerIsLocal) {
  HttpOptions options;
  auto a = admit(head(bhttp::verb::post, "/cats-contacts"), options);
  EXPECT_TRUE(a.admitted());
  EXPECT_EQ(a.principal, "local");
}
