#include "util/secrets.hpp"

#include <mutex>
#include <shared_mutex>
#include <vector>

namespace cats_mcp {
namespace {
std::shared_mutex g_mutex;
std::vector<std::string> g_secrets;
}  // namespace

void register_secret(std::string_view secret) {
  // Very short strings would mask ordinary words; keys and tokens are never this short.
  if (secret.size() < 4) return;
  std::unique_lock lock(g_mutex);
  for (const auto& s : g_secrets)
    if (s == secret) return;
  g_secrets.emplace_back(secret);
}

std::string redact(std::string_view text) {
  std::string out(text);
  std::shared_lock lock(g_mutex);
  for (const auto& secret : g_secrets) {
    for (auto pos = out.find(secret); pos != std::string::npos; pos = out.find(secret, pos)) {
      out.replace(pos, secret.size(), "[redacted]");
      pos += 10;
    }
  }
  return out;
}

}  // namespace cats_mcp
