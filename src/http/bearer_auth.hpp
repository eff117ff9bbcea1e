#pragma once
// Bearer tokens for the HTTP endpoint: each token names a principal (whose stored CATS
// connections it may use). Tokens are kept only as SHA-256 digests and compared in constant
// time, so neither memory dumps nor timing reveal them.
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace cats_mcp::http {

// The token of an "Authorization: Bearer <token>" header value (the scheme is
// case-insensitive); nullopt for any other scheme or none.
std::optional<std::string_view> bearer_token(std::string_view authorization);

class BearerAuth {
 public:
  // "token principal" per line; blank lines and lines starting with # are skipped.
  // Throws std::runtime_error naming the file and line on a malformed line.
  void load_file(const std::string& path);
  void add(std::string_view token, std::string principal);

  bool enabled() const { return !entries_.empty(); }
  // The principal for an "Authorization" header value ("Bearer <token>"), or nullopt.
  std::optional<std::string> principal_for(std::string_view authorization) const;

 private:
  struct Entry {
    std::string digest;  // raw SHA-256 of the token
    std::string principal;
  };
  std::vector<Entry> entries_;
};

}  // namespace cats_mcp::http
