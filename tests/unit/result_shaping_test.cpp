#include "tools/result_shaping.hpp"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

namespace json = boost::json;
using namespace cats_mcp;
using tools::ResultKind;
using ::testing::HasSubstr;

namespace {
cats::CatsResponse response(int status, std::string body, std::vector<std::pair<std::string, std::string>> headers = {}) {
  return {status, std::move(headers), std::move(body)};
}
json::object args(std::string_view text) { return json::parse(text).as_object(); }
}  // namespace

TEST(ResultShaping, RecordIsTheCatsObjectWithoutLinks) {
  auto out = tools::shape_result(ResultKind::record, {},
                                 response(200, R"({"id":7,"first_name":"Ada","_links":{"self":{"href":"/contacts/7"}}})"));
  EXPECT_EQ(out, json::parse(R"({"id":7,"first_name":"Ada"})"));
}

TEST(ResultShaping, AnInProcessDocumentIsShapedLikeTheSameBody) {
  std::string text = R"({"id":7,"first_name":"Ada","_links":{"self":{"href":"/contacts/7"}}})";
  cats::CatsResponse handed_over{200, {}, ""};
  handed_over.document = json::parse(text);
  EXPECT_EQ(tools::shape_result(ResultKind::record, {}, std::move(handed_over)),
            tools::shape_result(ResultKind::record, {}, response(200, text)));
}

// Boost.JSON reads 1e400 as infinity and 0e3081 as NaN and would write them back as Infinity and
// NaN, which no client can parse (the cats_response fuzzer found it): they become null.
TEST(ResultShaping, NumbersJsonCannotHoldBecomeNullSoTheResultStaysJson) {
  std::string text = R"({"id":7,"rank":1e400,"score":0e3081,"tags":[-1e999]})";
  auto from_text = tools::shape_result(ResultKind::record, {}, response(200, text));
  EXPECT_EQ(from_text, json::parse(R"({"id":7,"rank":null,"score":null,"tags":[null]})"));
  cats::CatsResponse handed_over{200, {}, ""};
  handed_over.document = json::parse(text);
  EXPECT_EQ(tools::shape_result(ResultKind::record, {}, std::move(handed_over)), from_text);
  auto result = tools::success_result(from_text);
  boost::system::error_code ec;
  json::parse(result.at("content").at(0).at("text").as_string(), ec);
  EXPECT_FALSE(ec) << result.at("content").at(0).at("text").as_string();
}

TEST(ResultShaping, CollectionCarriesPagingFromTheNextLink) {
  auto out = tools::shape_result(
      ResultKind::collection, args(R"({"page":1,"per_page":2})"),
      response(200, R"({"count":2,"total":"5","_links":{"self":{"href":"/contacts?page=1&per_page=2"},
               "next":{"href":"https://api.catsone.com/v3/contacts?page=2&per_page=2"}},
               "_embedded":{"contacts":[{"id":1,"_links":{}},{"id":2}]}})"));
  EXPECT_EQ(out, json::parse(R"({"items":[{"id":1},{"id":2}],"count":2,"total":5,"page":1,"per_page":2,"has_more":true,"next_page":2})"));
}

TEST(ResultShaping, LastPageHasNoMore) {
  auto out = tools::shape_result(ResultKind::collection, args(R"({"page":3,"per_page":2})"),
                                 response(200, R"({"count":1,"total":null,"_links":{"self":{"href":"/contacts?page=3"}},
                                          "_embedded":{"contacts":[{"id":5}]}})"));
  EXPECT_EQ(out.at("has_more"), false);
  EXPECT_EQ(out.at("next_page"), nullptr);
  EXPECT_EQ(out.at("total"), nullptr);
}

TEST(ResultShaping, WithoutLinksTotalDecidesWhetherMoreFollow) {
  auto out = tools::shape_result(ResultKind::collection, args(R"({"page":1,"per_page":1})"),
                                 response(200, R"({"count":1,"total":3,"_embedded":{"items":[{"id":5}]}})"));
  EXPECT_EQ(out.at("has_more"), true);
  EXPECT_EQ(out.at("next_page"), 2);
}

TEST(ResultShaping, EmptyCollectionWithoutEmbedded) {
  auto out = tools::shape_result(ResultKind::collection, args(R"({"page":1,"per_page":25})"), response(200, R"({"count":0,"total":0})"));
  EXPECT_EQ(out.at("items"), json::array());
  EXPECT_EQ(out.at("count"), 0);
}

TEST(ResultShaping, CreateTakesTheIdFromTheLocationHeader) {
  auto out = tools::shape_result(ResultKind::created, {},
                                 response(201, "", {{"location", "https://api.catsone.com/v3/contacts/4242"}}));
  EXPECT_EQ(out, json::parse(R"({"id":4242,"location":"https://api.catsone.com/v3/contacts/4242"})"));
}

TEST(ResultShaping, CreateWithoutLocationFallsBackToABodyId) {
  EXPECT_EQ(tools::shape_result(ResultKind::created, {}, response(201, R"({"id":"17"})")).at("id"), 17);
}

TEST(ResultShaping, NoContentIsOk) {
  EXPECT_EQ(tools::shape_result(ResultKind::no_content, {}, response(204, "")), json::parse(R"({"ok":true})"));
}

TEST(ResultShaping, SuccessCarriesTheSameJsonAsStructuredContentAndText) {
  auto result = tools::success_result(json::object{{"ok", true}});
  EXPECT_EQ(result.at("structuredContent"), json::parse(R"({"ok":true})"));
  EXPECT_EQ(json::parse(result.at("content").at(0).at("text").as_string()), result.at("structuredContent"));
  EXPECT_FALSE(result.contains("isError"));
}

TEST(ResultShaping, ErrorResultIsFlaggedText) {
  auto result = tools::error_result("CATS said no");
  EXPECT_EQ(result.at("isError"), true);
  EXPECT_EQ(result.at("content").at(0).at("text"), "CATS said no");
}

TEST(ResultShaping, HostileCountsAndTotalsOutOfRangeAreIgnored) {
  auto out = tools::shape_result(ResultKind::collection, args(R"({"page":1,"per_page":25})"),
                                 response(200, R"({"count":1e300,"total":-1e300,"_embedded":{"contacts":[{"id":5}]}})"));
  EXPECT_EQ(out.at("count"), 1);  // the items actually there
  EXPECT_EQ(out.at("total"), nullptr);
  EXPECT_EQ(out.at("has_more"), false);
}

TEST(ResultShaping, PagesAtTheEdgeOfInt64DoNotOverflow) {
  // page * per_page and page + 1 would be signed overflow (undefined behaviour) here.
  auto at_edge = tools::shape_result(ResultKind::collection, args(R"({"page":1,"per_page":25})"),
                                     response(200, R"({"_links":{"self":{"href":"/contacts?page=9223372036854775807"},
                                              "next":{"href":"/contacts"}},"_embedded":{"contacts":[]}})"));
  EXPECT_EQ(at_edge.at("page"), INT64_MAX);
  EXPECT_EQ(at_edge.at("next_page"), nullptr);
  auto huge_page = tools::shape_result(ResultKind::collection, args(R"({"page":9223372036854775807,"per_page":100})"),
                                       response(200, R"({"total":9223372036854775807,"_embedded":{"contacts":[]}})"));
  EXPECT_EQ(huge_page.at("has_more"), false);
}

TEST(ResultShaping, HtmlInA200IsNotASuccess) {
  EXPECT_ANY_THROW(tools::shape_result(ResultKind::record, {}, response(200, "<html><body>Maintenance</body></html>")));
  EXPECT_ANY_THROW(tools::shape_result(ResultKind::collection, args(R"({"page":1,"per_page":25})"), response(200, "garbage")));
}

TEST(ResultShaping, ACreateWithoutAnIdIsNotASuccess) {
  EXPECT_ANY_THROW(tools::shape_result(ResultKind::created, {}, response(201, "")));
  EXPECT_ANY_THROW(tools::shape_result(ResultKind::created, {}, response(201, R"({"message":"Created"})")));
  EXPECT_ANY_THROW(tools::shape_result(ResultKind::created, {}, response(201, "", {{"location", "javascript:alert(1)//123"}})));
}

TEST(ResultShaping, OnlyAnHttpOrRelativeLocationIsPassedThrough) {
  auto relative = tools::shape_result(ResultKind::created, {}, response(201, "", {{"location", "/v3/contacts/9"}}));
  EXPECT_EQ(relative, json::parse(R"({"id":9,"location":"/v3/contacts/9"})"));
  auto foreign = tools::shape_result(ResultKind::created, {},
                                     response(201, R"({"id":9})", {{"location", "javascript:alert(1)//9"}}));
  EXPECT_EQ(foreign, json::parse(R"({"id":9,"location":null})"));
}

TEST(ResultShaping, AnUnusableAnswerBecomesAnErrorThatSaysWhatToDo) {
  auto html = tools::answer_result(ResultKind::record, {}, response(200, "<html><body>Down for maintenance</body></html>"));
  EXPECT_EQ(html.at("isError"), true);
  std::string text(html.at("content").at(0).at("text").as_string());
  EXPECT_THAT(text, HasSubstr("HTTP 200 with something that is not JSON"));
  EXPECT_THAT(text, HasSubstr("Down for maintenance"));
  EXPECT_THAT(text, HasSubstr("nothing was changed"));

  auto nameless = tools::answer_result(ResultKind::created, {}, response(201, ""));
  EXPECT_EQ(nameless.at("isError"), true);
  std::string created(nameless.at("content").at(0).at("text").as_string());
  EXPECT_THAT(created, HasSubstr("probably created"));
  EXPECT_THAT(created, HasSubstr("search or list to find it first"));

  auto fine = tools::answer_result(ResultKind::no_content, {}, response(204, ""));
  EXPECT_FALSE(fine.contains("isError"));
}

TEST(ResultShaping, ABulkCreateThatNamesNoSingleIdIsStillASuccess) {
  // Adding contacts to a list answers 201 without a body or a Location (cats-api-v3.md, row 9):
  // calling that an error would make an agent add them again.
  auto out = tools::shape_result(ResultKind::created_many, {}, response(201, ""));
  EXPECT_TRUE(out.at("id").is_null());
  EXPECT_EQ(tools::shape_result(ResultKind::created_many, {}, response(201, "", {{"location", "/v3/contacts/lists/1/items/9"}})).at("id"), 9);
}

TEST(ResultShaping, APageWhoseItemsAreNotRecordsIsNotASuccess) {
  // Found by the cats_response fuzzer: [false] as items broke the tool's own output schema.
  EXPECT_THROW(tools::shape_result(ResultKind::collection, {}, response(200, R"({"count":1,"_embedded":{"contacts":[false]}})")),
               tools::UnusableAnswer);
  auto error = tools::answer_result(ResultKind::collection, {}, response(200, R"({"_embedded":{"contacts":["x"]}})"));
  EXPECT_TRUE(error.contains("isError"));
}
