#include "http/access_tokens.hpp"

#include "http/jwk_set.hpp"
#include "util/base64.hpp"
#include "util/log.hpp"

#include <boost/url/parse.hpp>
#include <boost/url/url.hpp>

#include <cmath>

namespace cats_mcp::http {
namespace json = boost::json;
namespace {

struct CompactJws {
  json::object header;
  json::object claims;
  std::string_view signing_input;  // header.payload, as it was signed
  std::string signature;
};

std::optional<json::object> json_object(const std::optional<std::string>& text) {
  if (!text) return std::nullopt;
  boost::system::error_code ec;
  auto v = json::parse(*text, ec);
  if (ec || !v.is_object()) return std::nullopt;
  return std::move(v.get_object());
}

std::optional<CompactJws> parse_compact(std::string_view token) {
  auto first = token.find('.');
  auto second = first == std::string_view::npos ? first : token.find('.', first + 1);
  if (second == std::string_view::npos || token.find('.', second + 1) != std::string_view::npos) return std::nullopt;
  auto header = json_object(base64url_decode(token.substr(0, first)));
  auto claims = json_object(base64url_decode(token.substr(first + 1, second - first - 1)));
  auto signature = base64url_decode(token.substr(second + 1));
  if (!header || !claims || !signature) return std::nullopt;
  return CompactJws{std::move(*header), std::move(*claims), token.substr(0, second), std::move(*signature)};
}

std::optional<std::string> string_claim(const json::object& o, std::string_view name) {
  auto v = o.if_contains(name);
  if (!v) return std::nullopt;
  if (v->is_string()) return std::string(v->get_string());
  if (v->is_int64()) return std::to_string(v->get_int64());  // some providers' numeric ids
  if (v->is_uint64()) return std::to_string(v->get_uint64());
  return std::nullopt;
}

std::optional<double> seconds_claim(const json::object& o, std::string_view name) {
  auto v = o.if_contains(name);
  if (!v || !v->is_number()) return std::nullopt;
  double d = v->to_number<double>();
  return std::isfinite(d) ? std::optional(d) : std::nullopt;
}

bool audience_names(const json::object& claims, const std::string& audience) {
  auto aud = claims.if_contains("aud");
  if (!aud) return false;
  if (aud->is_string()) return aud->get_string() == audience;
  if (!aud->is_array()) return false;
  for (const auto& one : aud->get_array())
    if (one.is_string() && one.get_string() == audience) return true;
  return false;
}

// `scope` (RFC 9068: space-separated) or `scp` (a list, or space-separated, as some providers write it).
std::vector<std::string> scopes_of(const json::object& claims) {
  std::vector<std::string> out;
  auto split = [&](std::string_view text) {
    for (std::size_t at = 0; at < text.size();) {
      auto end = text.find(' ', at);
      if (end == std::string_view::npos) end = text.size();
      if (end > at) out.emplace_back(text.substr(at, end - at));
      at = end + 1;
    }
  };
  for (auto name : {"scope", "scp"}) {
    auto v = claims.if_contains(name);
    if (!v) continue;
    if (v->is_string()) split(v->get_string());
    if (v->is_array())
      for (const auto& one : v->get_array())
        if (one.is_string()) out.emplace_back(one.get_string());
  }
  return out;
}

TokenCheck refused(std::string problem) { return {std::nullopt, std::move(problem)}; }

}  // namespace

std::vector<std::string> metadata_urls(const std::string& issuer) {
  auto parsed = boost::urls::parse_absolute_uri(issuer);
  if (!parsed) return {};
  std::string origin = std::string(parsed->scheme()) + "://" + std::string(parsed->encoded_authority());
  std::string path(parsed->encoded_path());
  while (!path.empty() && path.back() == '/') path.pop_back();
  if (path.empty())
    return {origin + "/.well-known/oauth-authorization-server", origin + "/.well-known/openid-configuration"};
  return {origin + "/.well-known/oauth-authorization-server" + path, origin + "/.well-known/openid-configuration" + path,
          origin + path + "/.well-known/openid-configuration"};
}

AccessTokens::AccessTokens(OAuthSettings settings, FetchDocument fetch, Clock now)
    : settings_(std::move(settings)), fetch_(std::move(fetch)), now_(std::move(now)) {
  for (const auto& issuer : settings_.issuers) issuers_.emplace(issuer, std::make_unique<Issuer>());
}

AccessTokens::~AccessTokens() = default;

std::shared_ptr<const JwkSet> AccessTokens::fetch_keys(const std::string& issuer) {
  for (const auto& url : metadata_urls(issuer)) {
    auto metadata = json_object(fetch_(url));
    if (!metadata) continue;
    // The document must be the issuer's own (RFC 8414 §3.3): another issuer's keys are not its.
    if (string_claim(*metadata, "issuer") != issuer) {
      log(LogLevel::warning, "an OAuth issuer's metadata names another issuer; ignored", {{"issuer", issuer}, {"url", url}});
      continue;
    }
    auto jwks_uri = string_claim(*metadata, "jwks_uri");
    if (!jwks_uri) continue;
    auto document = fetch_(*jwks_uri);
    if (!document) break;
    boost::system::error_code ec;
    auto parsed = json::parse(*document, ec);
    if (ec) break;
    auto keys = std::make_shared<const JwkSet>(JwkSet::parse(parsed));
    log(LogLevel::info, "fetched an OAuth issuer's keys", {{"issuer", issuer}, {"keys", keys->size()}});
    if (keys->size() == 0) break;  // an empty set is no reason to forget the keys we have
    return keys;
  }
  log(LogLevel::warning, "cannot fetch an OAuth issuer's keys", {{"issuer", issuer}});
  return nullptr;
}

std::optional<std::shared_ptr<const JwkSet>> AccessTokens::keys_of(Issuer& state) {
  std::lock_guard lock(state.mutex);
  if (!state.fetched) return std::nullopt;
  return state.keys;
}

bool AccessTokens::fetch_is_due(Issuer& state, bool unknown_key) {
  std::lock_guard lock(state.mutex);
  if (!state.fetched) return true;
  if (!unknown_key) return false;
  return !state.refetched || std::chrono::steady_clock::now() - *state.refetched >= settings_.refetch_interval;
}

void AccessTokens::fetch(const std::string& issuer, Issuer& state, bool unknown_key) {
  std::lock_guard fetching(state.fetching);  // one fetch at a time per issuer
  if (!fetch_is_due(state, unknown_key)) return;  // another thread's fetch just answered it
  {
    std::lock_guard lock(state.mutex);
    if (state.fetched) state.refetched = std::chrono::steady_clock::now();  // counted from the start: at most one per interval
  }
  auto fresh = fetch_keys(issuer);  // the network, with no lock a request's check needs
  std::lock_guard lock(state.mutex);
  state.fetched = true;
  if (fresh) state.keys = std::move(fresh);
}

void AccessTokens::warm() {
  for (auto& [issuer, state] : issuers_) fetch(issuer, *state, false);
}

void AccessTokens::warm_in_background() {
  warming_ = std::jthread([this] { warm(); });
}

TokenCheck AccessTokens::check(std::string_view token, bool may_fetch) {
  auto jws = parse_compact(token);
  if (!jws) return refused("is not a signed JWT");
  auto alg = string_claim(jws->header, "alg").value_or("");
  if (!is_accepted_algorithm(alg)) return refused("is not signed with RS256, ES256 or EdDSA, the only algorithms accepted");
  if (jws->header.contains("crit")) return refused("names critical header extensions this server does not implement");
  auto issuer = string_claim(jws->claims, "iss");
  auto trusted = issuer ? issuers_.find(*issuer) : issuers_.end();
  if (trusted == issuers_.end()) return refused("comes from an issuer this server does not trust");
  auto kid = string_claim(jws->header, "kid");

  auto& state = *trusted->second;
  auto fetched = keys_of(state);  // one brief lock on the way every token takes
  if (!fetched) {                 // never fetched yet (start-up's fetch still running)
    if (!may_fetch) return {std::nullopt, {}, false, true};
    fetch(*issuer, state, false);
    fetched = keys_of(state);
  }
  auto keys = fetched.value_or(nullptr);
  bool verified = keys && keys->verify(alg, kid, jws->signing_input, jws->signature);
  // A key the set lacks may be a new one (the issuer rotated): fetch again, rate-limited.
  if (!verified && (!keys || !kid || !keys->has_key(*kid)) && fetch_is_due(state, true)) {
    if (!may_fetch) return {std::nullopt, {}, false, true};
    fetch(*issuer, state, true);
    keys = keys_of(state).value_or(nullptr);
    verified = keys && keys->verify(alg, kid, jws->signing_input, jws->signature);
  }
  if (!keys) return {std::nullopt, "cannot be checked: its issuer's keys cannot be fetched", true, false};
  if (!verified) return refused("has a signature that does not verify under the issuer's keys");

  double now = std::chrono::duration<double>(now_().time_since_epoch()).count();
  double skew = double(settings_.skew.count());
  auto exp = seconds_claim(jws->claims, "exp");
  if (!exp) return refused("has no expiry (exp)");
  if (*exp + skew <= now) return refused("has expired");
  if (jws->claims.contains("nbf")) {
    auto nbf = seconds_claim(jws->claims, "nbf");
    if (!nbf || *nbf - skew > now) return refused("is not valid yet (nbf)");
  }
  if (!audience_names(jws->claims, settings_.audience)) return refused("is for another audience (aud) than this server");
  auto principal = string_claim(jws->claims, settings_.principal_claim);
  if (!principal || principal->empty()) return refused("has no " + settings_.principal_claim + " claim to act as");
  // "local" owns what stdio and the call command use, "default" what CATS_MCP_TOKEN does: no
  // access token may act as either.
  if (*principal == "local" || *principal == "default") return refused("names a reserved principal");
  AccessGrant grant{std::move(*principal)};
  for (const auto& scope : scopes_of(jws->claims)) {
    if (scope == kWriteScope) grant.may_write = grant.may_read = true;
    if (scope == kReadScope) grant.may_read = true;
  }
  return {std::move(grant), {}};
}

}  // namespace cats_mcp::http
