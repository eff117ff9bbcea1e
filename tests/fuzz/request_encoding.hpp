#pragma once
// How the router fuzzer's bytes become a sandbox request: a small text format, so seeds are
// readable and libFuzzer's mutations of one part leave the others intact.
//
//   METHOD\n
//   /path?name=value&name=value\n      (the query decoded as a transport decodes it: %XX and +)
//   header-name: value\n               (any number of them; names lower-cased)
//   \n
//   body (the rest, raw)
//
// A body without a content-type header is sent as application/json, the common case.
#include "fuzz_input.hpp"
#include "sandbox/api.hpp"

#include <cctype>
#include <string>
#include <string_view>

namespace cats_mcp::fuzz {

inline int hex_digit(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  c = char(std::tolower(static_cast<unsigned char>(c)));
  return c >= 'a' && c <= 'f' ? c - 'a' + 10 : -1;
}

inline std::string percent_decoded(std::string_view s) {
  std::string out;
  for (std::size_t i = 0; i < s.size(); ++i) {
    int high = -1, low = -1;
    if (s[i] == '%' && i + 2 < s.size() && (high = hex_digit(s[i + 1])) >= 0 && (low = hex_digit(s[i + 2])) >= 0) {
      out.push_back(char(high * 16 + low));
      i += 2;
    } else {
      out.push_back(s[i] == '+' ? ' ' : s[i]);
    }
  }
  return out;
}

inline sandbox::Request decode_request(std::string_view input) {
  sandbox::Request r;
  r.method = std::string(take_until(input, '\n'));
  std::string_view query = take_until(input, '\n');
  r.path = percent_decoded(take_until(query, '?'));
  while (!query.empty()) {
    std::string_view value = take_until(query, '&');
    std::string_view name = take_until(value, '=');
    r.query.emplace_back(percent_decoded(name), percent_decoded(value));
  }
  bool has_content_type = false;
  while (!input.empty()) {
    std::string_view value = take_until(input, '\n');
    if (value.empty()) break;  // the blank line before the body
    std::string name(take_until(value, ':'));
    for (auto& c : name) c = char(std::tolower(static_cast<unsigned char>(c)));
    while (!value.empty() && value.front() == ' ') value.remove_prefix(1);
    has_content_type |= name == "content-type";
    r.headers.emplace_back(std::move(name), std::string(value));
  }
  r.body = std::string(input);
  if (!r.body.empty() && !has_content_type) r.headers.emplace_back("content-type", "application/json");
  return r;
}

}  // namespace cats_mcp::fuzz
