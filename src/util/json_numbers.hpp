#pragma once
// JSON numbers as exact 64-bit integers. Boost.JSON keeps a number as int64, uint64 or double;
// casting a double outside int64's range (1e300) to an integer is undefined behaviour, and a
// uint64 above INT64_MAX wraps negative, so every conversion of a number from outside goes here.
#include <boost/json/value.hpp>

#include <cstdint>
#include <optional>

namespace cats_mcp {

// The value as an int64 when it is one exactly: an int64, a uint64 up to INT64_MAX, or a finite
// double with no fraction inside int64's range (5.0 is 5). Anything else is nullopt.
std::optional<std::int64_t> exact_int64(const boost::json::value& v);

// The same for a double already read (for values that arrived as text, e.g. "42").
std::optional<std::int64_t> exact_int64(double d);

// Boost.JSON reads a number beyond double's range as infinity (1e400), or as NaN (0e3081), and
// writes them back as Infinity and NaN, which are not JSON: a document that carried one would
// make every message built from it unreadable. Whether `v` has none; and `v` with each one
// replaced by null (how JSON serializers commonly write a value JSON cannot hold).
bool all_numbers_finite(const boost::json::value& v);
void null_non_finite_numbers(boost::json::value& v);

}  // namespace cats_mcp
