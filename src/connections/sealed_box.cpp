#include "connections/sealed_box.hpp"

#include <sodium.h>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cstdlib>
#include <fstream>
#include <sstream>
#include <stdexcept>

namespace cats_mcp::connections {
namespace {
void init_sodium() {
  static const bool ready = sodium_init() >= 0;
  if (!ready) throw std::runtime_error("libsodium failed to initialise");
}

std::string from_hex(std::string_view hex) {
  std::string out(hex.size() / 2, '\0');
  size_t length = 0;
  if (hex.size() != 64 || sodium_hex2bin(reinterpret_cast<unsigned char*>(out.data()), out.size(), hex.data(), hex.size(),
                                         nullptr, &length, nullptr) != 0 || length != 32)
    throw std::runtime_error("the master key must be 64 hex digits (32 bytes)");
  return out;
}
}  // namespace

SealedBox::SealedBox(std::string key) : key_(std::move(key)) {
  init_sodium();
  if (key_.size() != crypto_secretbox_KEYBYTES) throw std::runtime_error("the master key must be 32 bytes");
}

SealedBox SealedBox::load(const std::string& key_file) {
  init_sodium();
  if (const char* env = std::getenv("CATS_MCP_MASTER_KEY"); env && *env) return SealedBox(from_hex(env));
  if (key_file.empty())
    throw std::runtime_error("a shared state database (PostgreSQL) needs CATS_MCP_MASTER_KEY (64 hex digits), "
                             "the same on every replica: its keys are sealed under it");
  std::ifstream in(key_file);
  if (in) {
    std::stringstream text;
    text << in.rdbuf();
    std::string hex = text.str();
    while (!hex.empty() && (hex.back() == '\n' || hex.back() == ' ')) hex.pop_back();
    return SealedBox(from_hex(hex));
  }
  // First use: a fresh random key, readable by this user only.
  unsigned char raw[crypto_secretbox_KEYBYTES];
  randombytes_buf(raw, sizeof raw);
  char hex[2 * sizeof raw + 1];
  sodium_bin2hex(hex, sizeof hex, raw, sizeof raw);
  int fd = ::open(key_file.c_str(), O_WRONLY | O_CREAT | O_EXCL, 0600);
  if (fd < 0) throw std::runtime_error("cannot create the master key file " + key_file);
  std::string line = std::string(hex) + "\n";
  bool ok = ::write(fd, line.data(), line.size()) == ssize_t(line.size());
  ::close(fd);
  if (!ok) throw std::runtime_error("cannot write the master key file " + key_file);
  return SealedBox(std::string(reinterpret_cast<char*>(raw), sizeof raw));
}

std::string SealedBox::seal(std::string_view plaintext) const {
  std::string out(crypto_secretbox_NONCEBYTES + crypto_secretbox_MACBYTES + plaintext.size(), '\0');
  auto* nonce = reinterpret_cast<unsigned char*>(out.data());
  randombytes_buf(nonce, crypto_secretbox_NONCEBYTES);
  crypto_secretbox_easy(nonce + crypto_secretbox_NONCEBYTES, reinterpret_cast<const unsigned char*>(plaintext.data()),
                        plaintext.size(), nonce, reinterpret_cast<const unsigned char*>(key_.data()));
  return out;
}

std::optional<std::string> SealedBox::open(std::string_view sealed) const {
  if (sealed.size() < crypto_secretbox_NONCEBYTES + crypto_secretbox_MACBYTES) return std::nullopt;
  const auto* nonce = reinterpret_cast<const unsigned char*>(sealed.data());
  const auto* box = nonce + crypto_secretbox_NONCEBYTES;
  std::size_t box_size = sealed.size() - crypto_secretbox_NONCEBYTES;
  std::string out(box_size - crypto_secretbox_MACBYTES, '\0');
  if (crypto_secretbox_open_easy(reinterpret_cast<unsigned char*>(out.data()), box, box_size, nonce,
                                 reinterpret_cast<const unsigned char*>(key_.data())) != 0)
    return std::nullopt;
  return out;
}

}  // namespace cats_mcp::connections
