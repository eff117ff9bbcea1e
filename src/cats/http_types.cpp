#include "cats/http_types.hpp"

#include <cctype>

namespace cats_mcp::cats {

std::string percent_encode(std::string_view text) {
  static constexpr char kHex[] = "0123456789ABCDEF";
  std::string out;
  out.reserve(text.size());
  for (unsigned char c : text) {
    if (std::isalnum(c) || c == '-' || c == '.' || c == '_' || c == '~') {
      out.push_back(char(c));
    } else {
      out.push_back('%');
      out.push_back(kHex[c >> 4]);
      out.push_back(kHex[c & 15]);
    }
  }
  return out;
}

std::string lower(std::string_view text) {
  std::string out(text);
  for (auto& c : out) c = char(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

std::string CatsRequest::target() const {
  std::string out = path;
  char sep = '?';
  for (const auto& [name, value] : query) {
    out += sep;
    out += percent_encode(name);
    out += '=';
    out += percent_encode(value);
    sep = '&';
  }
  return out;
}

std::optional<std::string_view> CatsResponse::header(std::string_view lower_name) const {
  for (const auto& [name, value] : headers)
    if (name == lower_name) return std::string_view(value);
  return std::nullopt;
}

}  // namespace cats_mcp::cats
