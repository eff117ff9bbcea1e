#pragma once
// This server as an OAuth 2.1 protected resource (MCP authorization, RFC 9728): its metadata,
// served at /.well-known/oauth-protected-resource and at the path-suffixed form for its
// endpoint, and the Bearer challenges of its 401 and 403 answers, which point clients at it.
#include "http/access_tokens.hpp"

#include <boost/json.hpp>

#include <memory>
#include <optional>
#include <string>
#include <string_view>

namespace cats_mcp::http {

struct OAuthResourceServer {
  // `public_url`: the server's canonical resource URI (https://mcp.example.com/cats-contacts).
  // Throws std::invalid_argument when it is not an absolute http(s) URL without a fragment.
  OAuthResourceServer(std::string public_url, std::shared_ptr<AccessTokens> tokens);

  std::string resource;      // the public URL, without a trailing slash
  std::string metadata_url;  // where clients read the metadata: path-suffixed
  std::string metadata_path;  // its path on this server
  std::shared_ptr<AccessTokens> tokens;

  boost::json::object metadata() const;
  // 401: a token is missing (no `problem`) or was refused (`problem` says why, as
  // error="invalid_token").
  std::string unauthorized_challenge(const std::optional<std::string>& problem = std::nullopt) const;
  // 403: the token lacks `scope` for this request.
  std::string insufficient_scope_challenge(std::string_view scope) const;
};

// The well-known path of protected resource metadata, without a suffix.
inline constexpr std::string_view kResourceMetadataPath = "/.well-known/oauth-protected-resource";

}  // namespace cats_mcp::http
