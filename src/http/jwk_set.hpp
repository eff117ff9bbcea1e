#pragma once
// An issuer's signing keys (a JWK Set, RFC 7517), as OpenSSL keys that check JWS signatures
// (RFC 7515/7518/8037): RS256 (RSA, 2048 bits or more), ES256 (EC P-256) and EdDSA (Ed25519).
// Keys of any other type, curve or use are skipped; HMAC and "none" are never accepted.
#include <boost/json.hpp>

#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

typedef struct evp_pkey_st EVP_PKEY;

namespace cats_mcp::http {

// The JWS algorithms an access token may be signed with.
bool is_accepted_algorithm(std::string_view alg);

class JwkSet {
 public:
  // The usable keys of a JWK Set document ({"keys": [...]}); those it cannot use are skipped.
  static JwkSet parse(const boost::json::value& document);

  // Whether `signature` over `signing_input` verifies under a key of this set that suits `alg`:
  // the key named `kid` when one is given, otherwise any key of the algorithm's type.
  bool verify(std::string_view alg, const std::optional<std::string>& kid, std::string_view signing_input,
              std::string_view signature) const;
  bool has_key(std::string_view kid) const;
  std::size_t size() const { return keys_.size(); }

 private:
  struct Key {
    std::string kid;
    std::string kty;  // "RSA", "EC" or "OKP"
    std::optional<std::string> alg;  // when the JWK pins one
    std::shared_ptr<EVP_PKEY> key;
  };
  std::vector<Key> keys_;
};

}  // namespace cats_mcp::http
