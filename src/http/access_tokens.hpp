#pragma once
// OAuth 2.1 access tokens for this server as a resource server (MCP authorization): JWTs
// checked locally against the keys of the issuers it trusts. Each issuer's keys are found
// through its metadata (RFC 8414, then OpenID Connect discovery, in the order MCP clients use),
// kept, and fetched again on a key id they do not have: at once the first time, then at most
// once per `refetch_interval` (a token naming a made-up kid cannot make the server hammer its
// issuer).
//
// A token passes when: it is a compact JWS signed with RS256, ES256 or EdDSA ("none" and HMAC
// are refused whatever the key set holds) by a key of its issuer; `iss` is a trusted issuer;
// `aud` names this server (RFC 8707); `exp` is in the future and `nbf` (if any) not, both with
// `skew` of leeway; the principal claim is present. The token itself goes no further than this
// check: it never reaches CATS, a log or a message.
#include <boost/json.hpp>

#include <chrono>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <thread>
#include <vector>

namespace cats_mcp::http {

class JwkSet;

// GETs a URL's body; nullopt when it cannot (unreachable, not 200, too large). May block; set
// by the composition root (libcurl), so this layer needs no HTTP client of its own.
using FetchDocument = std::function<std::optional<std::string>(const std::string& url)>;

struct OAuthSettings {
  std::vector<std::string> issuers;   // exactly as they write `iss`
  std::string audience;               // this server's resource URI, unless --oauth-audience
  std::string principal_claim = "sub";
  std::chrono::seconds skew{60};
  std::chrono::seconds refetch_interval{30};
};

// The scopes this server knows. cats.write implies cats.read (a broader scope includes the
// narrower one).
inline constexpr std::string_view kReadScope = "cats.read";
inline constexpr std::string_view kWriteScope = "cats.write";

struct AccessGrant {
  std::string principal;
  bool may_read = false;   // the tools annotated read-only
  bool may_write = false;  // every tool
};

struct TokenCheck {
  std::optional<AccessGrant> grant;  // set when the token is good
  std::string problem;               // why not, for the log and error_description (no token text)
  bool unavailable = false;          // the issuer's keys cannot be had: not the token's fault
  bool needs_fetch = false;          // check again with may_fetch, where blocking is allowed
};

class AccessTokens {
 public:
  using Clock = std::function<std::chrono::system_clock::time_point()>;
  AccessTokens(OAuthSettings settings, FetchDocument fetch, Clock now = std::chrono::system_clock::now);
  ~AccessTokens();

  // With `may_fetch` false (an I/O thread) it never waits on the network: a token that needs
  // the issuer's keys fetched first comes back with needs_fetch, to be checked again elsewhere.
  TokenCheck check(std::string_view token, bool may_fetch = true);
  // Fetches every issuer's keys now, so the first request does not wait; logs an issuer it
  // cannot reach and carries on (its keys are fetched again when a token needs them).
  void warm();
  // warm() on a thread of its own, so start-up does not wait on an issuer either; a token
  // checked meanwhile waits for its issuer's fetch.
  void warm_in_background();
  const OAuthSettings& settings() const { return settings_; }

 private:
  struct Issuer {
    std::mutex mutex;     // the fields below; held only for moments, never over the network
    std::mutex fetching;  // one fetch at a time
    std::shared_ptr<const JwkSet> keys;
    bool fetched = false;
    std::optional<std::chrono::steady_clock::time_point> refetched;  // the last fetch a token caused
  };
  // The keys held (nullptr when no fetch succeeded); nullopt until the first fetch has ended.
  std::optional<std::shared_ptr<const JwkSet>> keys_of(Issuer& state);
  // Whether the keys must be fetched: the first time, or for a token whose key is not among
  // them (`unknown_key`) unless the last such fetch is younger than refetch_interval.
  bool fetch_is_due(Issuer& state, bool unknown_key);
  void fetch(const std::string& issuer, Issuer& state, bool unknown_key);
  std::shared_ptr<const JwkSet> fetch_keys(const std::string& issuer);

  OAuthSettings settings_;
  FetchDocument fetch_;
  Clock now_;
  std::map<std::string, std::unique_ptr<Issuer>, std::less<>> issuers_;
  std::jthread warming_;  // last: joined before what it uses is destroyed
};

// The metadata URLs to try for `issuer`, in order (RFC 8414 §3 path insertion, then OpenID
// Connect Discovery both ways).
std::vector<std::string> metadata_urls(const std::string& issuer);

}  // namespace cats_mcp::http
