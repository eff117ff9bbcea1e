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

}  // namespace cats_mcp
