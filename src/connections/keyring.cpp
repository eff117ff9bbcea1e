#include "connections/keyring.hpp"

#include "util/hex.hpp"
#include "util/sealed_token.hpp"

#include <fcntl.h>
#include <sodium.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cstdlib>
#include <fstream>
#include <sstream>
#include <stdexcept>

namespace cats_mcp::connections {
namespace {
constexpr std::size_t kKeyBytes = 32;

void init_sodium() {
  static const bool ready = sodium_init() >= 0;
  if (!ready) throw std::runtime_error("libsodium failed to initialise");
}

std::string from_hex(std::string_view hex, const std::string& name) {
  auto key = bytes_from_hex(hex, kKeyBytes);
  if (!key) throw std::runtime_error(name + " must be 64 hex digits (32 bytes)");
  return std::move(*key);
}

// The associated data binding a seal to its row. Length-prefixed, so no PCID and owner pair
// reads as another.
std::string bound_to(std::string_view what, std::string_view pcid, std::string_view owner) {
  return std::string(what) + '\0' + std::to_string(pcid.size()) + ':' + std::string(pcid) + std::string(owner);
}
constexpr std::string_view kDataKey = "cats-contacts-mcp data key";
constexpr std::string_view kSecret = "cats-contacts-mcp secret";

// A schema-1 row: nonce || secretbox(secret) under the master key itself.
std::optional<std::string> open_before_data_keys(std::string_view sealed, const std::string& key) {
  if (sealed.size() < crypto_secretbox_NONCEBYTES + crypto_secretbox_MACBYTES) return std::nullopt;
  const auto* nonce = reinterpret_cast<const unsigned char*>(sealed.data());
  std::size_t box_size = sealed.size() - crypto_secretbox_NONCEBYTES;
  std::string out(box_size - crypto_secretbox_MACBYTES, '\0');
  if (crypto_secretbox_open_easy(reinterpret_cast<unsigned char*>(out.data()), nonce + crypto_secretbox_NONCEBYTES,
                                 box_size, nonce, reinterpret_cast<const unsigned char*>(key.data())) != 0)
    return std::nullopt;
  return out;
}

std::string read_or_create_key_file(const std::string& key_file) {
  std::ifstream in(key_file);
  if (in) {
    std::stringstream text;
    text << in.rdbuf();
    std::string hex = text.str();
    while (!hex.empty() && (hex.back() == '\n' || hex.back() == ' ')) hex.pop_back();
    return from_hex(hex, "the master key in " + key_file);
  }
  // First use: a fresh random key, readable by this user only.
  std::string raw(kKeyBytes, '\0');
  randombytes_buf(raw.data(), raw.size());
  int fd = ::open(key_file.c_str(), O_WRONLY | O_CREAT | O_EXCL, 0600);
  if (fd < 0) throw std::runtime_error("cannot create the master key file " + key_file);
  std::string line = to_hex(raw) + "\n";
  bool ok = ::write(fd, line.data(), line.size()) == ssize_t(line.size());
  ::close(fd);
  if (!ok) throw std::runtime_error("cannot write the master key file " + key_file);
  return raw;
}
}  // namespace

Keyring::MasterKey Keyring::master(std::string key) {
  init_sodium();
  if (key.size() != kKeyBytes) throw std::runtime_error("the master key must be 32 bytes");
  // A keyed hash of a fixed text: names the key without revealing anything of it.
  static constexpr std::string_view kIdOf = "cats-contacts-mcp master key id";
  unsigned char id[8];
  crypto_generichash(id, sizeof id, reinterpret_cast<const unsigned char*>(kIdOf.data()), kIdOf.size(),
                     reinterpret_cast<const unsigned char*>(key.data()), key.size());
  return {std::move(key), to_hex({reinterpret_cast<const char*>(id), sizeof id})};
}

Keyring::Keyring(std::string master_key, std::optional<std::string> previous_key) : current_(master(std::move(master_key))) {
  if (previous_key) previous_ = master(std::move(*previous_key));
  if (previous_ && previous_->id == current_.id) previous_.reset();  // the same key twice: nothing to rotate from
}

Keyring Keyring::load(const std::string& key_file) {
  init_sodium();
  std::optional<std::string> previous;
  if (const char* env = std::getenv("CATS_MCP_MASTER_KEY_PREVIOUS"); env && *env)
    previous = from_hex(env, "CATS_MCP_MASTER_KEY_PREVIOUS");
  if (const char* env = std::getenv("CATS_MCP_MASTER_KEY"); env && *env)
    return Keyring(from_hex(env, "CATS_MCP_MASTER_KEY"), std::move(previous));
  if (key_file.empty())
    throw std::runtime_error("a shared state database (PostgreSQL) needs CATS_MCP_MASTER_KEY (64 hex digits), "
                             "the same on every replica: its keys are sealed under it");
  return Keyring(read_or_create_key_file(key_file), std::move(previous));
}

const Keyring::MasterKey* Keyring::key_with_id(std::string_view id) const {
  if (id == current_.id) return &current_;
  if (previous_ && id == previous_->id) return &*previous_;
  return nullptr;
}

StoredSecret Keyring::wrap(std::string data_key, std::string sealed, std::string_view pcid, std::string_view owner) const {
  auto wrapped = SealedToken(current_.key).seal(data_key, bound_to(kDataKey, pcid, owner));
  sodium_memzero(data_key.data(), data_key.size());
  return {current_.id, std::move(wrapped), std::move(sealed)};
}

StoredSecret Keyring::seal(std::string_view secret, std::string_view pcid, std::string_view owner) const {
  std::string data_key(kKeyBytes, '\0');
  randombytes_buf(data_key.data(), data_key.size());
  auto sealed = SealedToken(data_key).seal(secret, bound_to(kSecret, pcid, owner));
  return wrap(std::move(data_key), std::move(sealed), pcid, owner);
}

std::optional<std::string> Keyring::unwrap(const StoredSecret& stored, std::string_view pcid, std::string_view owner) const {
  const MasterKey* key = key_with_id(stored.key_id);
  if (!key) return std::nullopt;
  return SealedToken(key->key).open(stored.wrapped_key, bound_to(kDataKey, pcid, owner));
}

std::optional<std::string> Keyring::open(const StoredSecret& stored, std::string_view pcid, std::string_view owner) const {
  if (stored.before_data_keys()) {
    if (auto secret = open_before_data_keys(stored.sealed, current_.key)) return secret;
    return previous_ ? open_before_data_keys(stored.sealed, previous_->key) : std::nullopt;
  }
  auto data_key = unwrap(stored, pcid, owner);
  if (!data_key || data_key->size() != kKeyBytes) return std::nullopt;
  auto secret = SealedToken(*data_key).open(stored.sealed, bound_to(kSecret, pcid, owner));
  sodium_memzero(data_key->data(), data_key->size());
  return secret;
}

std::optional<StoredSecret> Keyring::rewrap(const StoredSecret& stored, std::string_view pcid, std::string_view owner) const {
  if (stored.before_data_keys()) {
    auto secret = open(stored, pcid, owner);
    if (!secret) return std::nullopt;
    auto fresh = seal(*secret, pcid, owner);
    sodium_memzero(secret->data(), secret->size());
    return fresh;
  }
  auto data_key = unwrap(stored, pcid, owner);
  if (!data_key || data_key->size() != kKeyBytes) return std::nullopt;
  // The secret must open too: a row whose sealed secret was altered is not blessed anew.
  if (!SealedToken(*data_key).open(stored.sealed, bound_to(kSecret, pcid, owner))) return std::nullopt;
  return wrap(std::move(*data_key), stored.sealed, pcid, owner);
}

}  // namespace cats_mcp::connections
