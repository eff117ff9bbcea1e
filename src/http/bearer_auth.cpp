#include "http/bearer_auth.hpp"

#include "util/secrets.hpp"

#include <openssl/crypto.h>
#include <cctype>
#include <openssl/evp.h>

#include <fstream>
#include <sstream>
#include <stdexcept>

namespace cats_mcp::http {
namespace {
std::string digest(std::string_view token) {
  unsigned char out[EVP_MAX_MD_SIZE];
  unsigned int length = 0;
  EVP_Digest(token.data(), token.size(), out, &length, EVP_sha256(), nullptr);
  return std::string(reinterpret_cast<const char*>(out), length);
}
}  // namespace

void BearerAuth::add(std::string_view token, std::string principal) {
  if (token.size() < 16) throw std::runtime_error("bearer tokens must be at least 16 characters");
  register_secret(token);
  entries_.push_back({digest(token), std::move(principal)});
}

void BearerAuth::load_file(const std::string& path) {
  std::ifstream in(path);
  if (!in) throw std::runtime_error("cannot read tokens file " + path);
  std::string line;
  for (int number = 1; std::getline(in, line); ++number) {
    if (line.empty() || line[0] == '#') continue;
    std::istringstream fields(line);
    std::string token, principal, extra;
    fields >> token >> principal;
    if (token.empty()) continue;
    if (principal.empty() || (fields >> extra))
      throw std::runtime_error(path + ":" + std::to_string(number) + ": expected \"token principal\"");
    add(token, principal);
  }
}

std::optional<std::string_view> bearer_token(std::string_view authorization) {
  constexpr std::string_view kScheme = "bearer ";
  if (authorization.size() <= kScheme.size()) return std::nullopt;
  for (std::size_t i = 0; i < kScheme.size(); ++i)
    if (std::tolower(static_cast<unsigned char>(authorization[i])) != kScheme[i]) return std::nullopt;
  return authorization.substr(kScheme.size());
}

std::optional<std::string> BearerAuth::principal_for(std::string_view authorization) const {
  auto token = bearer_token(authorization);
  if (!token) return std::nullopt;
  auto presented = digest(*token);
  // Every entry is compared, equal-length digests, constant time: the answer's timing says nothing.
  const std::string* match = nullptr;
  for (const auto& e : entries_)
    if (CRYPTO_memcmp(e.digest.data(), presented.data(), presented.size()) == 0) match = &e.principal;
  if (!match) return std::nullopt;
  return *match;
}

}  // namespace cats_mcp::http
