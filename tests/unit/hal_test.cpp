#include "cats/hal.hpp"

#include <gtest/gtest.h>

namespace json = boost::json;
using namespace cats_mcp::cats;

TEST(Hal, FindsTheOneEmbeddedArrayWhateverItsKey) {
  auto doc = json::parse(R"({"_embedded":{"activities":[{"id":1}]}})").as_object();  // a docs copy error CATS users met
  ASSERT_NE(embedded_items(doc), nullptr);
  EXPECT_EQ(embedded_items(doc)->size(), 1u);
  EXPECT_EQ(embedded_items(json::parse(R"({"count":0})").as_object()), nullptr);
}

TEST(Hal, ReadsTotalAsNumberStringOrNull) {
  json::value n = 5, s = "12", null = nullptr, bad = "many";
  EXPECT_EQ(lenient_integer(&n), 5);
  EXPECT_EQ(lenient_integer(&s), 12);
  EXPECT_FALSE(lenient_integer(&null));
  EXPECT_FALSE(lenient_integer(&bad));
  EXPECT_FALSE(lenient_integer(nullptr));
}

TEST(Hal, ReadsThePageOfRelativeAndAbsoluteHrefs) {
  EXPECT_EQ(page_of_href("/contacts?page=2&per_page=25"), 2);
  EXPECT_EQ(page_of_href("https://api.catsone.com/v3/contacts?per_page=25&page=7"), 7);
  EXPECT_EQ(page_of_href("contacts/search?query=a&page=3"), 3);
  EXPECT_FALSE(page_of_href("/contacts"));
}

TEST(Hal, TakesTheIdFromTheEndOfALocation) {
  EXPECT_EQ(id_from_location("https://api.catsone.com/v3/contacts/123"), 123);
  EXPECT_EQ(id_from_location("/contacts/45/emails/678/"), 678);
  EXPECT_EQ(id_from_location("/attachments/9?x=1"), 9);
  EXPECT_FALSE(id_from_location("/contacts/abc"));
}

TEST(Hal, RemovesLinksAtEveryDepth) {
  auto doc = json::parse(R"({"id":1,"_links":{"self":{}},"_embedded":{"status":{"id":2,"_links":{}},"x":[{"_links":1,"a":2}]}})");
  EXPECT_EQ(without_links(doc), json::parse(R"({"id":1,"_embedded":{"status":{"id":2},"x":[{"a":2}]}})"));
}

TEST(Hal, ANumberOutsideTheInt64RangeIsNoCountAtAll) {
  // Casting such a double to an integer is undefined behaviour; a hostile CATS can send one.
  json::value huge = 1e300, tiny = -1e300, just_over = 9223372036854775808.0, fraction = 2.5;
  json::value wraps_negative = json::parse("18446744073709551615");  // a uint64 over INT64_MAX
  EXPECT_FALSE(lenient_integer(&huge));
  EXPECT_FALSE(lenient_integer(&tiny));
  EXPECT_FALSE(lenient_integer(&just_over));
  EXPECT_FALSE(lenient_integer(&wraps_negative));
  EXPECT_FALSE(lenient_integer(&fraction));
  json::value whole = 5.0, lowest = -9223372036854775808.0;
  EXPECT_EQ(lenient_integer(&whole), 5);
  EXPECT_EQ(lenient_integer(&lowest), INT64_MIN);
}
