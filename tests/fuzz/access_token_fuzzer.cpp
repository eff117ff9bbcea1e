// OAuth access tokens as an HTTP client presents them (the text after "Bearer "): JWS compact
// parsing, base64url, the header and claims JSON, the key choice, the signature check and the
// claim checks of AccessTokens::check, against an issuer whose keys (Ed25519, EC P-256 and RSA)
// are made at start-up, so no input can carry a valid signature.
// Besides the sanitizers it checks the promises a refusal makes: nothing forged is ever
// granted, and the reason (which goes to the log and to error_description) is short, printable
// text that never repeats the token.
#include "fuzz_check.hpp"

#include "http/access_tokens.hpp"

#include <boost/json.hpp>
#include <openssl/core_names.h>
#include <openssl/evp.h>
#include <sodium.h>

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

using namespace cats_mcp;

namespace {
constexpr const char* kIssuer = "https://id.example.com";
constexpr const char* kAudience = "https://mcp.example.com/cats-contacts";

std::string b64url(std::string_view bytes) {
  std::string out(sodium_base64_ENCODED_LEN(bytes.size(), sodium_base64_VARIANT_URLSAFE_NO_PADDING), '\0');
  sodium_bin2base64(out.data(), out.size(), reinterpret_cast<const unsigned char*>(bytes.data()), bytes.size(),
                    sodium_base64_VARIANT_URLSAFE_NO_PADDING);
  out.resize(out.size() - 1);
  return out;
}

std::string raw_public(EVP_PKEY* key) {
  std::string out(32, '\0');
  std::size_t length = out.size();
  EVP_PKEY_get_raw_public_key(key, reinterpret_cast<unsigned char*>(out.data()), &length);
  return out;
}

std::string octets(EVP_PKEY* key, const char* name) {
  std::string out(1024, '\0');
  std::size_t length = 0;
  EVP_PKEY_get_octet_string_param(key, name, reinterpret_cast<unsigned char*>(out.data()), out.size(), &length);
  out.resize(length);
  return out;
}

std::string big(EVP_PKEY* key, const char* name) {
  BIGNUM* bn = nullptr;
  EVP_PKEY_get_bn_param(key, name, &bn);
  std::string out(std::size_t(BN_num_bytes(bn)), '\0');
  BN_bn2bin(bn, reinterpret_cast<unsigned char*>(out.data()));
  BN_free(bn);
  return out;
}

// The issuer's key set, with one key of each accepted type under the kids a corpus can name.
std::string key_set() {
  EVP_PKEY* ed = EVP_PKEY_Q_keygen(nullptr, nullptr, "ED25519");
  EVP_PKEY* ec = EVP_PKEY_Q_keygen(nullptr, nullptr, "EC", "P-256");
  EVP_PKEY* rsa = EVP_PKEY_Q_keygen(nullptr, nullptr, "RSA", std::size_t(2048));
  std::string point = octets(ec, OSSL_PKEY_PARAM_PUB_KEY);  // 0x04 || x || y
  boost::json::array keys{
      {{"kty", "OKP"}, {"crv", "Ed25519"}, {"kid", "ed"}, {"x", b64url(raw_public(ed))}},
      {{"kty", "EC"}, {"crv", "P-256"}, {"kid", "ec"}, {"x", b64url(point.substr(1, 32))}, {"y", b64url(point.substr(33, 32))}},
      {{"kty", "RSA"}, {"kid", "rsa"}, {"n", b64url(big(rsa, OSSL_PKEY_PARAM_RSA_N))}, {"e", b64url(big(rsa, OSSL_PKEY_PARAM_RSA_E))}}};
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
}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  std::string_view token(reinterpret_cast<const char*>(data), size);
  auto checked = tokens().check(token);
  FUZZ_CHECK(!checked.grant, "a token no key signed is never granted");
  FUZZ_CHECK(!checked.problem.empty() && checked.problem.size() < 200, "a refusal says why, briefly");
  for (unsigned char c : checked.problem) FUZZ_CHECK(c >= 0x20 && c < 0x7f, "the reason is printable text");
  if (size >= 16) FUZZ_CHECK(checked.problem.find(token) == std::string::npos, "the reason never repeats the token");
  return 0;
}
