#include "http/jwk_set.hpp"

#include "util/base64.hpp"

#include <openssl/bn.h>
#include <openssl/core_names.h>
#include <openssl/ecdsa.h>
#include <openssl/evp.h>
#include <openssl/param_build.h>

namespace cats_mcp::http {
namespace json = boost::json;
namespace {

std::optional<std::string> member(const json::object& o, std::string_view name) {
  auto v = o.if_contains(name);
  if (!v || !v->is_string()) return std::nullopt;
  return std::string(v->get_string());
}

std::optional<std::string> decoded_member(const json::object& o, std::string_view name) {
  auto text = member(o, name);
  return text ? base64url_decode(*text) : std::nullopt;
}

using Bignum = std::unique_ptr<BIGNUM, decltype(&BN_free)>;
Bignum bignum(const std::string& big_endian) {
  return {BN_bin2bn(reinterpret_cast<const unsigned char*>(big_endian.data()), int(big_endian.size()), nullptr), BN_free};
}

// A key from OpenSSL parameters (RFC 7518 §6.2, §6.3 fields), or nullptr when they make none.
std::shared_ptr<EVP_PKEY> from_params(const char* type, OSSL_PARAM_BLD* build) {
  std::shared_ptr<EVP_PKEY> key;
  OSSL_PARAM* params = OSSL_PARAM_BLD_to_param(build);
  EVP_PKEY_CTX* ctx = EVP_PKEY_CTX_new_from_name(nullptr, type, nullptr);
  EVP_PKEY* made = nullptr;
  if (params && ctx && EVP_PKEY_fromdata_init(ctx) == 1 && EVP_PKEY_fromdata(ctx, &made, EVP_PKEY_PUBLIC_KEY, params) == 1)
    key.reset(made, EVP_PKEY_free);
  EVP_PKEY_CTX_free(ctx);
  OSSL_PARAM_free(params);
  return key;
}

std::shared_ptr<EVP_PKEY> rsa_key(const json::object& jwk) {
  auto n = decoded_member(jwk, "n"), e = decoded_member(jwk, "e");
  if (!n || !e) return nullptr;
  auto bn_n = bignum(*n), bn_e = bignum(*e);
  // Under 2048 bits is not a key to trust; an even or tiny exponent (e = 1 signs anything) is
  // not an RSA public key at all.
  if (!bn_n || !bn_e || BN_num_bits(bn_n.get()) < 2048 || !BN_is_odd(bn_e.get()) || BN_num_bits(bn_e.get()) < 2)
    return nullptr;
  std::unique_ptr<OSSL_PARAM_BLD, decltype(&OSSL_PARAM_BLD_free)> build(OSSL_PARAM_BLD_new(), OSSL_PARAM_BLD_free);
  if (!build || !OSSL_PARAM_BLD_push_BN(build.get(), OSSL_PKEY_PARAM_RSA_N, bn_n.get()) ||
      !OSSL_PARAM_BLD_push_BN(build.get(), OSSL_PKEY_PARAM_RSA_E, bn_e.get()))
    return nullptr;
  return from_params("RSA", build.get());
}

std::shared_ptr<EVP_PKEY> ec_p256_key(const json::object& jwk) {
  auto x = decoded_member(jwk, "x"), y = decoded_member(jwk, "y");
  if (member(jwk, "crv") != "P-256" || !x || !y || x->size() != 32 || y->size() != 32) return nullptr;
  std::string point = "\x04" + *x + *y;  // uncompressed: OpenSSL checks it lies on the curve
  std::unique_ptr<OSSL_PARAM_BLD, decltype(&OSSL_PARAM_BLD_free)> build(OSSL_PARAM_BLD_new(), OSSL_PARAM_BLD_free);
  if (!build || !OSSL_PARAM_BLD_push_utf8_string(build.get(), OSSL_PKEY_PARAM_GROUP_NAME, "prime256v1", 0) ||
      !OSSL_PARAM_BLD_push_octet_string(build.get(), OSSL_PKEY_PARAM_PUB_KEY, point.data(), point.size()))
    return nullptr;
  return from_params("EC", build.get());
}

std::shared_ptr<EVP_PKEY> ed25519_key(const json::object& jwk) {
  auto x = decoded_member(jwk, "x");
  if (member(jwk, "crv") != "Ed25519" || !x || x->size() != 32) return nullptr;
  EVP_PKEY* key = EVP_PKEY_new_raw_public_key(EVP_PKEY_ED25519, nullptr,
                                              reinterpret_cast<const unsigned char*>(x->data()), x->size());
  return key ? std::shared_ptr<EVP_PKEY>(key, EVP_PKEY_free) : nullptr;
}

std::string_view key_type_for(std::string_view alg) {
  if (alg == "RS256") return "RSA";
  if (alg == "ES256") return "EC";
  if (alg == "EdDSA") return "OKP";
  return {};
}

// JWS ES256 signatures are r || s (32 bytes each); OpenSSL verifies DER.
std::optional<std::string> ecdsa_der(std::string_view raw) {
  if (raw.size() != 64) return std::nullopt;
  const auto* bytes = reinterpret_cast<const unsigned char*>(raw.data());
  ECDSA_SIG* sig = ECDSA_SIG_new();
  BIGNUM* r = BN_bin2bn(bytes, 32, nullptr);
  BIGNUM* s = BN_bin2bn(bytes + 32, 32, nullptr);
  if (!sig || !r || !s || ECDSA_SIG_set0(sig, r, s) != 1) {
    BN_free(r);
    BN_free(s);
    ECDSA_SIG_free(sig);
    return std::nullopt;
  }
  unsigned char* der = nullptr;
  int length = i2d_ECDSA_SIG(sig, &der);
  ECDSA_SIG_free(sig);
  if (length <= 0) return std::nullopt;
  std::string out(reinterpret_cast<char*>(der), std::size_t(length));
  OPENSSL_free(der);
  return out;
}

bool verifies(EVP_PKEY* key, std::string_view alg, std::string_view input, std::string_view signature) {
  std::string der;
  if (alg == "ES256") {
    auto converted = ecdsa_der(signature);
    if (!converted) return false;
    der = std::move(*converted);
    signature = der;
  }
  std::unique_ptr<EVP_MD_CTX, decltype(&EVP_MD_CTX_free)> ctx(EVP_MD_CTX_new(), EVP_MD_CTX_free);
  // EdDSA hashes inside the signature scheme: no digest is named.
  const EVP_MD* digest = alg == "EdDSA" ? nullptr : EVP_sha256();
  if (!ctx || EVP_DigestVerifyInit(ctx.get(), nullptr, digest, nullptr, key) != 1) return false;
  return EVP_DigestVerify(ctx.get(), reinterpret_cast<const unsigned char*>(signature.data()), signature.size(),
                          reinterpret_cast<const unsigned char*>(input.data()), input.size()) == 1;
}

}  // namespace

bool is_accepted_algorithm(std::string_view alg) { return !key_type_for(alg).empty(); }

JwkSet JwkSet::parse(const json::value& document) {
  JwkSet set;
  auto keys = document.is_object() ? document.get_object().if_contains("keys") : nullptr;
  if (!keys || !keys->is_array()) return set;
  for (const auto& entry : keys->get_array()) {
    if (!entry.is_object()) continue;
    const auto& jwk = entry.get_object();
    if (auto use = member(jwk, "use"); use && *use != "sig") continue;  // an encryption key signs nothing
    auto kty = member(jwk, "kty");
    if (!kty) continue;
    std::shared_ptr<EVP_PKEY> key;
    if (*kty == "RSA") key = rsa_key(jwk);
    else if (*kty == "EC") key = ec_p256_key(jwk);
    else if (*kty == "OKP") key = ed25519_key(jwk);
    if (!key) continue;
    set.keys_.push_back({member(jwk, "kid").value_or(""), *kty, member(jwk, "alg"), std::move(key)});
  }
  return set;
}

bool JwkSet::has_key(std::string_view kid) const {
  for (const auto& k : keys_)
    if (k.kid == kid) return true;
  return false;
}

bool JwkSet::verify(std::string_view alg, const std::optional<std::string>& kid, std::string_view signing_input,
                    std::string_view signature) const {
  auto kty = key_type_for(alg);
  if (kty.empty()) return false;
  for (const auto& k : keys_) {
    if (kid && k.kid != *kid) continue;
    if (k.kty != kty || (k.alg && *k.alg != alg)) continue;  // a key is used only with its own algorithm
    if (verifies(k.key.get(), alg, signing_input, signature)) return true;
  }
  return false;
}

}  // namespace cats_mcp::http
