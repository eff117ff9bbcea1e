#include "http/request_admission.hpp"

#include "mcp/jsonrpc.hpp"

#include <boost/json.hpp>

namespace cats_mcp::http {
namespace bhttp = boost::beast::http;

namespace {
Admission refuse(bhttp::status status, std::string body) {
  Admission a;
  a.status = status;
  a.body = std::move(body);
  return a;
}

Admission refuse_rpc(bhttp::status status, std::string_view message) {
  return refuse(status, boost::json::serialize(mcp::make_error(nullptr, mcp::kInvalidRequest, message)));
}

std::optional<Route> route_for(std::string_view target) {
  // The path must be exactly one of ours: no "..", encoded slashes or case tricks reach anything.
  std::string_view path = target.substr(0, target.find('?'));
  if (path == "/cats-contacts" || path == "/mcp") return Route::mcp;
  if (path == "/healthz") return Route::healthz;
  if (path == "/metrics") return Route::metrics;
  return std::nullopt;
}

bool method_allowed(Route route, bhttp::verb method) {
  if (route == Route::mcp) return method == bhttp::verb::post || method == bhttp::verb::delete_;
  return method == bhttp::verb::get;
}
}  // namespace

std::string_view allowed_methods(Route route) { return route == Route::mcp ? "POST, DELETE" : "GET"; }

Admission admit(const bhttp::request_header<>& head, const HttpOptions& options) {
  // Two Host or Origin headers could each satisfy a different reader: refuse the ambiguity.
  if (head.count(bhttp::field::host) > 1 || head.count(bhttp::field::origin) > 1)
    return refuse_rpc(bhttp::status::bad_request, "Duplicate Host or Origin header");
  // DNS-rebinding protection comes before anything else is looked at.
  if (!options.origins.host_allowed(head[bhttp::field::host]))
    return refuse_rpc(bhttp::status::misdirected_request, "Host not allowed");
  auto route = route_for(head.target());
  if (!route) return refuse(bhttp::status::not_found, R"({"error":"not found"})");
  if (!options.origins.origin_allowed(head[bhttp::field::origin]))
    return refuse_rpc(bhttp::status::forbidden, "Origin not allowed");

  Admission a;
  a.route = *route;
  if (options.auth.enabled() && *route != Route::healthz) {
    auto who = options.auth.principal_for(head[bhttp::field::authorization]);
    if (!who) {
      a = refuse_rpc(bhttp::status::unauthorized, "Unauthorized: send Authorization: Bearer <token>");
      a.bearer_challenge = true;
      return a;
    }
    a.principal = *who;
  }
  if (!method_allowed(*route, head.method())) {
    auto refused = refuse(bhttp::status::method_not_allowed, R"({"error":"method not allowed"})");
    refused.route = *route;
    refused.allow_header = true;
    return refused;
  }
  return a;
}

}  // namespace cats_mcp::http
