#include "util/sealed_token.hpp"

#include "util/base64.hpp"
#include "util/hex.hpp"

#include <sodium.h>

#include <stdexcept>

namespace cats_mcp {
namespace {
constexpr std::size_t kNonce = crypto_aead_xchacha20poly1305_ietf_NPUBBYTES;
constexpr std::size_t kTag = crypto_aead_xchacha20poly1305_ietf_ABYTES;

void init_sodium() {
  static const bool ready = sodium_init() >= 0;
  if (!ready) throw std::runtime_error("libsodium failed to initialise");
}

const unsigned char* bytes(std::string_view s) { return reinterpret_cast<const unsigned char*>(s.data()); }
}  // namespace

SealedToken::SealedToken(std::string key) : key_(std::move(key)) {
  init_sodium();
  if (key_.size() != crypto_aead_xchacha20poly1305_ietf_KEYBYTES) throw std::invalid_argument("a token key is 32 bytes");
}

SealedToken SealedToken::with_random_key() {
  init_sodium();
  std::string key(crypto_aead_xchacha20poly1305_ietf_KEYBYTES, '\0');
  randombytes_buf(key.data(), key.size());
  return SealedToken(std::move(key));
}

std::optional<SealedToken> SealedToken::from_hex(std::string_view hex) {
  auto key = bytes_from_hex(hex, crypto_aead_xchacha20poly1305_ietf_KEYBYTES);
  if (!key) return std::nullopt;
  return SealedToken(std::move(*key));
}

std::string SealedToken::seal(std::string_view plaintext, std::string_view purpose) const {
  std::string out(kNonce + plaintext.size() + kTag, '\0');
  auto* nonce = reinterpret_cast<unsigned char*>(out.data());
  randombytes_buf(nonce, kNonce);
  unsigned long long written = 0;
  crypto_aead_xchacha20poly1305_ietf_encrypt(nonce + kNonce, &written, bytes(plaintext), plaintext.size(), bytes(purpose),
                                             purpose.size(), nullptr, nonce, bytes(key_));
  return base64_encode(out);
}

std::optional<std::string> SealedToken::open(std::string_view token, std::string_view purpose) const {
  auto raw = base64_decode_strict(token);
  if (!raw || raw->size() < kNonce + kTag) return std::nullopt;
  const auto* nonce = bytes(*raw);
  std::string out(raw->size() - kNonce - kTag, '\0');
  unsigned long long written = 0;
  if (crypto_aead_xchacha20poly1305_ietf_decrypt(reinterpret_cast<unsigned char*>(out.data()), &written, nullptr,
                                                 nonce + kNonce, raw->size() - kNonce, bytes(purpose), purpose.size(),
                                                 nonce, bytes(key_)) != 0)
    return std::nullopt;
  out.resize(written);
  return out;
}

}  // namespace cats_mcp
