#include "http/request_admission.hpp"

#include "mcp/jsonrpc.hpp"
#include "util/log.hpp"

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

bool method_allowed(Route route, bhttp::verb method) {
  if (route == Route::mcp) return method == bhttp::verb::post || method == bhttp::verb::delete_;
  return method == bhttp::verb::get;
}

std::optional<Route> route_for(std::string_view target, const HttpOptions& options) {
  // The path must be exactly one of ours: no "..", encoded slashes or case tricks reach anything.
  std::string_view path = target.substr(0, target.find('?'));
  if (path == "/cats-contacts" || path == "/mcp") return Route::mcp;
  if (path == "/healthz") return Route::healthz;
  if (path == "/metrics") return Route::metrics;
  // Both where RFC 9728 puts it for our endpoint and the root form MCP clients fall back to.
  if (options.oauth && (path == options.oauth->metadata_path || path == kResourceMetadataPath))
    return Route::resource_metadata;
  return std::nullopt;
}

// /metrics takes static tokens only: its challenge does not send a client looking for OAuth.
Admission unauthorized(const HttpOptions& options, Route route, const std::optional<std::string>& problem) {
  auto a = refuse_rpc(bhttp::status::unauthorized, "Unauthorized: send Authorization: Bearer <token>");
  a.challenge = options.oauth && route != Route::metrics ? options.oauth->unauthorized_challenge(problem)
                                                         : "Bearer realm=\"cats-contacts-mcp\"";
  return a;
}

// Who presented the request's token, and what it may do; or the refusal. Static tokens first
// (a table lookup), then, when configured, OAuth access tokens (a signature check).
Admission authenticate(const bhttp::request_header<>& head, const HttpOptions& options, Route route, bool may_fetch) {
  Admission a;
  a.route = route;
  auto authorization = head[bhttp::field::authorization];
  if (auto who = options.auth.principal_for(authorization)) {
    a.principal = *who;
    return a;
  }
  auto token = bearer_token(authorization);
  // /metrics is for operators: their static tokens, never an end user's access token.
  if (!options.oauth || !token || route == Route::metrics) return unauthorized(options, route, std::nullopt);
  auto checked = options.oauth->tokens->check(*token, may_fetch);
  if (checked.needs_fetch) {
    auto later = refuse_rpc(bhttp::status::service_unavailable, "The access token cannot be checked yet");
    later.decide_off_io_thread = true;
    return later;
  }
  if (checked.unavailable)  // the issuer's fault, not the token's: the client should keep it
    return refuse_rpc(bhttp::status::service_unavailable,
                      "The access token cannot be checked now: its issuer's keys cannot be fetched. Try again shortly.");
  if (!checked.grant) {
    log(LogLevel::debug, "refused an access token", {{"why", checked.problem}});  // anyone can send one: not info
    return unauthorized(options, route, checked.problem);
  }
  if (!checked.grant->may_read) {
    auto refused = refuse_rpc(bhttp::status::forbidden, "Forbidden: the access token has neither cats.read nor cats.write");
    refused.challenge = options.oauth->insufficient_scope_challenge(kReadScope);
    return refused;
  }
  a.principal = std::move(checked.grant->principal);
  a.may_write = checked.grant->may_write;
  return a;
}
}  // namespace

std::string_view allowed_methods(Route route) { return route == Route::mcp ? "POST, DELETE" : "GET"; }

Admission admit(const bhttp::request_header<>& head, const HttpOptions& options, bool may_fetch) {
  // Two Host or Origin headers could each satisfy a different reader: refuse the ambiguity.
  if (head.count(bhttp::field::host) > 1 || head.count(bhttp::field::origin) > 1)
    return refuse_rpc(bhttp::status::bad_request, "Duplicate Host or Origin header");
  // DNS-rebinding protection comes before anything else is looked at.
  if (!options.origins.host_allowed(head[bhttp::field::host]))
    return refuse_rpc(bhttp::status::misdirected_request, "Host not allowed");
  auto route = route_for(head.target(), options);
  if (!route) return refuse(bhttp::status::not_found, R"({"error":"not found"})");
  if (!options.origins.origin_allowed(head[bhttp::field::origin]))
    return refuse_rpc(bhttp::status::forbidden, "Origin not allowed");

  Admission a;
  a.route = *route;
  // Health and the resource metadata are read before a client has a token.
  if (options.authenticates() && *route != Route::healthz && *route != Route::resource_metadata) {
    a = authenticate(head, options, *route, may_fetch);
    if (!a.admitted()) return a;
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
