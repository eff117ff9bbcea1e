#include "util/base64.hpp"

#include <gtest/gtest.h>

using cats_mcp::base64_decode;
using cats_mcp::base64_decode_strict;
using cats_mcp::base64_encode;

TEST(Base64, DecodesPaddedAndUnpaddedText) {
  EXPECT_EQ(base64_decode("aGVsbG8="), "hello");
  EXPECT_EQ(base64_decode("aGVsbG8"), "hello");
  EXPECT_EQ(base64_decode("aGVs\nbG8="), "hello");
}

TEST(Base64, RoundTripsEveryByteValue) {
  std::string bytes;
  for (int i = 0; i < 256; ++i) bytes.push_back(char(i));
  for (std::size_t n = 0; n < 5; ++n) EXPECT_EQ(base64_decode(base64_encode(bytes.substr(n))), bytes.substr(n));
}

TEST(Base64, RefusesForeignCharactersAndDataAfterPadding) {
  EXPECT_FALSE(base64_decode("aGVs*G8="));
  EXPECT_FALSE(base64_decode("aGVsbG8=QQ"));
  EXPECT_FALSE(base64_decode("a"));  // one sextet cannot make a byte
}

TEST(Base64, StrictDecodingWantsPaddingAndNoWhitespace) {
  EXPECT_EQ(base64_decode_strict("aGVsbG8="), "hello");
  EXPECT_EQ(base64_decode_strict(""), "");
  EXPECT_FALSE(base64_decode_strict("aGVsbG8"));     // padding missing
  EXPECT_FALSE(base64_decode_strict("aGVs\nbG8="));  // whitespace
  EXPECT_FALSE(base64_decode_strict("aGVs*G8="));
}
