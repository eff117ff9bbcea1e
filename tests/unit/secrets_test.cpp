#include "util/secrets.hpp"

#include <gtest/gtest.h>

TEST(Secrets, RedactMasksEveryOccurrenceOfARegisteredSecret) {
  cats_mcp::register_secret("sk-test-0123456789");
  EXPECT_EQ(cats_mcp::redact("key sk-test-0123456789 and sk-test-0123456789."), "key [redacted] and [redacted].");
  EXPECT_EQ(cats_mcp::redact("nothing secret"), "nothing secret");
}
