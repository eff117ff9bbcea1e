#pragma once
// "a, b, c": how messages and descriptions spell a list of allowed values or versions.
#include <string>
#include <string_view>

namespace cats_mcp {

// Each item of `items` (anything convertible to std::string_view), separated by `separator`.
template <class Range>
std::string joined(const Range& items, std::string_view separator = ", ") {
  std::string out;
  for (const auto& item : items) {
    if (!out.empty()) out += separator;
    out += std::string_view(item);
  }
  return out;
}

}  // namespace cats_mcp
