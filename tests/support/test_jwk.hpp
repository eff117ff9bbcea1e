#pragma once
// For tests that play an OAuth issuer with keys OpenSSL makes: base64url, and a key's public
// JWK (RFC 7517/7518/8037) as the issuer would publish it.
#include <boost/json.hpp>
#include <openssl/core_names.h>
#include <openssl/evp.h>
#include <sodium.h>

#include <string>
#include <string_view>

namespace cats_mcp::testing {

inline std::string b64url(std::string_view bytes) {
  std::string out(sodium_base64_ENCODED_LEN(bytes.size(), sodium_base64_VARIANT_URLSAFE_NO_PADDING), '\0');
  sodium_bin2base64(out.data(), out.size(), reinterpret_cast<const unsigned char*>(bytes.data()), bytes.size(),
                    sodium_base64_VARIANT_URLSAFE_NO_PADDING);
  out.resize(out.size() - 1);  // the terminating NUL
  return out;
}

// A key parameter that is a number, big-endian (RSA's n and e).
inline std::string number_param(EVP_PKEY* key, const char* name) {
  BIGNUM* bn = nullptr;
  EVP_PKEY_get_bn_param(key, name, &bn);
  std::string out(std::size_t(BN_num_bytes(bn)), '\0');
  BN_bn2bin(bn, reinterpret_cast<unsigned char*>(out.data()));
  BN_free(bn);
  return out;
}

// The public JWK of an Ed25519, EC P-256 or RSA key.
inline boost::json::object public_jwk(EVP_PKEY* key, const std::string& kid) {
  if (EVP_PKEY_is_a(key, "ED25519")) {
    std::string x(32, '\0');
    std::size_t length = x.size();
    EVP_PKEY_get_raw_public_key(key, reinterpret_cast<unsigned char*>(x.data()), &length);
    return {{"kty", "OKP"}, {"crv", "Ed25519"}, {"x", b64url(x)}, {"kid", kid}};
  }
  if (EVP_PKEY_is_a(key, "EC")) {
    std::string point(65, '\0');  // 0x04 || x || y
    std::size_t length = 0;
    EVP_PKEY_get_octet_string_param(key, OSSL_PKEY_PARAM_PUB_KEY, reinterpret_cast<unsigned char*>(point.data()),
                                    point.size(), &length);
    return {{"kty", "EC"}, {"crv", "P-256"}, {"x", b64url(point.substr(1, 32))}, {"y", b64url(point.substr(33, 32))},
            {"kid", kid}};
  }
  return {{"kty", "RSA"}, {"n", b64url(number_param(key, OSSL_PKEY_PARAM_RSA_N))},
          {"e", b64url(number_param(key, OSSL_PKEY_PARAM_RSA_E))}, {"kid", kid}};
}

}  // namespace cats_mcp::testing
