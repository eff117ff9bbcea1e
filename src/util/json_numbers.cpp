#include "util/json_numbers.hpp"

#include <cmath>
#include <limits>

namespace cats_mcp {

std::optional<std::int64_t> exact_int64(double d) {
  // -2^63 is exactly representable; 2^63 is the first double past INT64_MAX.
  constexpr double kLow = -9223372036854775808.0, kHigh = 9223372036854775808.0;
  if (!std::isfinite(d) || d < kLow || d >= kHigh || std::trunc(d) != d) return std::nullopt;
  return static_cast<std::int64_t>(d);
}

std::optional<std::int64_t> exact_int64(const boost::json::value& v) {
  if (v.is_int64()) return v.get_int64();
  if (v.is_uint64()) {
    if (v.get_uint64() > std::uint64_t(std::numeric_limits<std::int64_t>::max())) return std::nullopt;
    return static_cast<std::int64_t>(v.get_uint64());
  }
  if (v.is_double()) return exact_int64(v.get_double());
  return std::nullopt;
}

bool all_numbers_finite(const boost::json::value& v) {
  if (v.is_double()) return std::isfinite(v.get_double());
  if (v.is_array()) {
    for (const auto& item : v.get_array())
      if (!all_numbers_finite(item)) return false;
  } else if (v.is_object()) {
    for (const auto& member : v.get_object())
      if (!all_numbers_finite(member.value())) return false;
  }
  return true;
}

void null_non_finite_numbers(boost::json::value& v) {
  if (v.is_double() && !std::isfinite(v.get_double())) v = nullptr;
  else if (v.is_array())
    for (auto& item : v.get_array()) null_non_finite_numbers(item);
  else if (v.is_object())
    for (auto& member : v.get_object()) null_non_finite_numbers(member.value());
}

}  // namespace cats_mcp
