#pragma once
// Splitting a fuzzer's bytes into the parts of its input format (lines, query pairs, headers).
#include <string_view>

namespace cats_mcp::fuzz {

// The text before the first `separator` (all of it when there is none); `rest` keeps what follows.
inline std::string_view take_until(std::string_view& rest, char separator) {
  auto at = rest.find(separator);
  auto head = rest.substr(0, at);
  rest.remove_prefix(at == std::string_view::npos ? rest.size() : at + 1);
  return head;
}

}  // namespace cats_mcp::fuzz
