// Numbers from outside become integers only when they are integers exactly, in int64's range.
#include "util/json_numbers.hpp"

#include <boost/json.hpp>
#include <gtest/gtest.h>

#include <cmath>
#include <limits>

using cats_mcp::exact_int64;
namespace json = boost::json;

TEST(ExactInt64, TakesIntegersInEveryFormJsonGivesThem) {
  EXPECT_EQ(exact_int64(json::parse("5")), 5);
  EXPECT_EQ(exact_int64(json::parse("-5")), -5);
  EXPECT_EQ(exact_int64(json::parse("5.0")), 5);
  EXPECT_EQ(exact_int64(json::parse("9223372036854775807")), std::numeric_limits<std::int64_t>::max());
  EXPECT_EQ(exact_int64(json::parse("-9223372036854775808")), std::numeric_limits<std::int64_t>::min());
}

TEST(ExactInt64, RefusesFractionsAndEverythingBeyondInt64) {
  EXPECT_FALSE(exact_int64(json::parse("5.5")));
  EXPECT_FALSE(exact_int64(json::parse("1e300")));
  EXPECT_FALSE(exact_int64(json::parse("-1e300")));
  EXPECT_FALSE(exact_int64(json::parse("9223372036854775808")));   // a uint64 one past the end
  EXPECT_FALSE(exact_int64(json::parse("18446744073709551615")));
  EXPECT_FALSE(exact_int64(json::parse("9.3e18")));
  EXPECT_FALSE(exact_int64(json::parse("\"5\"")));
  EXPECT_FALSE(exact_int64(json::parse("true")));
  EXPECT_FALSE(exact_int64(std::nan("")));
  EXPECT_FALSE(exact_int64(std::numeric_limits<double>::infinity()));
}
