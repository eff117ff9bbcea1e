#include "tools/result_shaping.hpp"

#include <gtest/gtest.h>

namespace json = boost::json;
using namespace cats_mcp;
using tools::ResultKind;

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
  EXPECT_EQ(tools::shape_result(ResultKind::created, {}, response(201, R"({"message":"Created"})")).at("id"), nullptr);
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
