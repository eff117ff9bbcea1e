// OAuth access tokens as an HTTP client presents them (the text after "Bearer "): JWS compact
// parsing, base64url, the header and claims JSON, the key choice, the signature check and the
// claim checks of AccessTokens::check, against an issuer whose keys (Ed25519, EC P-256 and RSA)
// are made at start-up, so no input can carry a valid signature.
// Besides the sanitizers it checks the promises a refusal makes: nothing forged is ever
// granted, and the reason (which goes to the log and to error_description) is one of a fixed
// set, so no text a client sends is echoed.
#include "fuzz_check.hpp"

#include "../support/test_jwk.hpp"
#include "http/access_tokens.hpp"

#include <boost/json.hpp>

#include <cstddef>
#include <cstdint>
#include <set>
#include <string>
#include <string_view>

using namespace cats_mcp;

namespace {
constexpr const char* kIssuer = "https://id.example.com";
constexpr const char* kAudience = "https://mcp.example.com/cats-contacts";

// The issuer's key set, with one key of each accepted type under the kids a corpus can name.
std::string key_set() {
  EVP_PKEY* ed = EVP_PKEY_Q_keygen(nullptr, nullptr, "ED25519");
  EVP_PKEY* ec = EVP_PKEY_Q_keygen(nullptr, nullptr, "EC", "P-256");
  EVP_PKEY* rsa = EVP_PKEY_Q_keygen(nullptr, nullptr, "RSA", std::size_t(2048));
  boost::json::array keys{testing::public_jwk(ed, "ed"), testing::public_jwk(ec, "ec"), testing::public_jwk(rsa, "rsa")};
  EVP_PKEY_free(ed);
  EVP_PKEY_free(ec);
  EVP_PKEY_free(rsa);
  return boost::json::serialize(boost::json::object{{"keys", keys}});
}

http::AccessTokens& tokens() {
  static const std::string keys = key_set();
  static http::AccessTokens instance(
      [] {
        http::OAuthSettings s;
        s.issuers = {kIssuer};
        s.audience = kAudience;
        return s;
      }(),
      [](const std::string& url) -> std::optional<std::string> {
        if (url == "https://id.example.com/.well-known/oauth-authorization-server")
          return R"({"issuer":"https://id.example.com","jwks_uri":"https://id.example.com/keys"})";
        if (url == "https://id.example.com/keys") return keys;
        return std::nullopt;
      });
  return instance;
}

// Every reason a refusal may give: fixed texts, so nothing a client sends is ever echoed into a
// log line or a WWW-Authenticate header. A new reason belongs here once it is known not to.
const std::set<std::string, std::less<>> kReasons = {
    "is not a signed JWT",
    "is not signed with RS256, ES256 or EdDSA, the only algorithms accepted",
    "names critical header extensions this server does not implement",
    "comes from an issuer this server does not trust",
    "has a signature that does not verify under the issuer's keys",
    "cannot be checked: its issuer's keys cannot be fetched",
    "has no expiry (exp)",
    "has expired",
    "is not valid yet (nbf)",
    "is for another audience (aud) than this server",
    "has no sub claim to act as",
    "names a reserved principal",
};
}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  std::string_view token(reinterpret_cast<const char*>(data), size);
  auto checked = tokens().check(token);
  FUZZ_CHECK(!checked.grant, "a token no key signed is never granted");
  FUZZ_CHECK(kReasons.contains(checked.problem), "a refusal gives one of the fixed reasons, never the token's text");
  return 0;
}
