#include "http/protected_resource.hpp"

#include <boost/url/parse.hpp>

#include <stdexcept>

namespace cats_mcp::http {
namespace json = boost::json;
namespace {
// A quoted-string value for a challenge parameter (RFC 9110 §5.6.4): quotes and backslashes
// escaped, control characters dropped.
std::string quoted(std::string_view value) {
  std::string out = "\"";
  for (char c : value) {
    if (static_cast<unsigned char>(c) < 0x20 || c == 0x7f) continue;
    if (c == '"' || c == '\\') out += '\\';
    out += c;
  }
  return out + "\"";
}
const std::string kAllScopes = std::string(kReadScope) + " " + std::string(kWriteScope);
}  // namespace

OAuthResourceServer::OAuthResourceServer(std::string public_url, std::shared_ptr<AccessTokens> tokens_)
    : tokens(std::move(tokens_)) {
  auto parsed = boost::urls::parse_absolute_uri(public_url);
  if (!parsed || (parsed->scheme() != "https" && parsed->scheme() != "http") || parsed->encoded_host().empty() ||
      parsed->has_fragment() || parsed->has_query() || parsed->has_userinfo())
    throw std::invalid_argument("--public-url must be the server's absolute http(s) URL, such as "
                                "https://mcp.example.com/cats-contacts (no query, fragment or credentials)");
  std::string path(parsed->encoded_path());
  while (!path.empty() && path.back() == '/') path.pop_back();
  std::string origin = std::string(parsed->scheme()) + "://" + std::string(parsed->encoded_authority());
  resource = origin + path;
  metadata_path = std::string(kResourceMetadataPath) + path;
  metadata_url = origin + metadata_path;
}

json::object OAuthResourceServer::metadata() const {
  json::array servers;
  for (const auto& issuer : tokens->settings().issuers) servers.emplace_back(issuer);
  return {{"resource", resource},
          {"authorization_servers", std::move(servers)},
          {"scopes_supported", json::array{kReadScope, kWriteScope}},
          {"bearer_methods_supported", json::array{"header"}},
          {"resource_name", "CATS contacts (cats-contacts-mcp)"}};
}

std::string OAuthResourceServer::unauthorized_challenge(const std::optional<std::string>& problem) const {
  std::string challenge = "Bearer resource_metadata=" + quoted(metadata_url) + ", scope=" + quoted(kAllScopes);
  if (problem) challenge += ", error=\"invalid_token\", error_description=" + quoted("The access token " + *problem);
  return challenge;
}

std::string OAuthResourceServer::insufficient_scope_challenge(std::string_view scope) const {
  return "Bearer error=\"insufficient_scope\", scope=" + quoted(scope) + ", resource_metadata=" + quoted(metadata_url) +
         ", error_description=" + quoted("This request needs the " + std::string(scope) + " scope");
}

}  // namespace cats_mcp::http
