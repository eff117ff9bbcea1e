// Each of the 44 tools produces exactly the CATS request cats-api-v3.md documents.
#include "support/tool_expectations.hpp"
#include "tools/request_mapping.hpp"
#include "tools/tool_runner.hpp"

#include <gtest/gtest.h>

namespace json = boost::json;
using namespace cats_mcp;
using cats_mcp::testing::tool_expectations;

TEST(RequestMapping, ExpectationsCoverAllFortyFourTools) {
  EXPECT_EQ(tool_expectations().size(), tools::catalog().size());
  for (const auto& tool : tools::catalog()) {
    bool found = false;
    for (const auto& e : tool_expectations()) found = found || e.tool == tool.name;
    EXPECT_TRUE(found) << tool.name;
  }
}

TEST(RequestMapping, EveryToolProducesTheDocumentedRequest) {
  for (const auto& e : tool_expectations()) {
    SCOPED_TRACE(e.tool);
    const auto* tool = tools::find_tool(e.tool);
    ASSERT_NE(tool, nullptr);
    ASSERT_TRUE(tools::check_arguments(*tool, e.arguments).empty()) << tools::check_arguments(*tool, e.arguments)[0];
    auto mapped = tools::map_request(*tool, e.arguments);
    ASSERT_TRUE(mapped.request) << mapped.error;
    const auto& r = *mapped.request;
    EXPECT_EQ(r.method, e.method);
    EXPECT_EQ(r.path, e.path);
    EXPECT_EQ(r.query, e.query);
    if (e.json_body) {
      ASSERT_TRUE(r.body);
      EXPECT_EQ(r.content_type, "application/json");
      EXPECT_EQ(json::parse(*r.body), *e.json_body) << *r.body;
    } else if (e.raw_body) {
      ASSERT_TRUE(r.body);
      EXPECT_EQ(r.content_type, "application/octet-stream");
      EXPECT_EQ(*r.body, *e.raw_body);
    } else {
      EXPECT_FALSE(r.body) << *r.body;
    }
    EXPECT_EQ(r.target().find("PCID"), std::string::npos);
    if (r.body) {
      EXPECT_EQ(r.body->find("conn-test-1"), std::string::npos);
    }
  }
}

TEST(RequestMapping, QueryValuesArePercentEncoded) {
  auto mapped = tools::map_request(*tools::find_tool("cats_contacts_search_contacts"),
                                   json::parse(R"({"query":"Ada & co/ü","page":1,"per_page":5})").as_object());
  EXPECT_EQ(mapped.request->target(), "/contacts/search?query=Ada%20%26%20co%2F%C3%BC&page=1&per_page=5");
}

TEST(RequestMapping, IntegralFloatsAreSentAsIntegers) {
  auto mapped = tools::map_request(*tools::find_tool("cats_contacts_attach_contact_tags"),
                                   json::parse(R"({"contact_id":7.0,"tags":[5.0]})").as_object());
  EXPECT_EQ(mapped.request->path, "/contacts/7/tags");
  EXPECT_EQ(*mapped.request->body, R"({"tags":[{"id":5}]})");
}

TEST(RequestMapping, BadBase64IsRefusedBeforeSending) {
  auto mapped = tools::map_request(*tools::find_tool("cats_contacts_upload_a_contact_attachment"),
                                   json::parse(R"({"id":7,"filename":"a.txt","content_base64":"***"})").as_object());
  EXPECT_FALSE(mapped.request);
  EXPECT_EQ(mapped.error, "`content_base64` is not valid base64");
}

// The rewrite a body parameter names is the mapper's only knowledge of what it does: a toolset
// brings its own, and a refusal reaches the caller with the rewrite's words.
TEST(RequestMapping, ABodyParameterIsSentThroughTheRewriteItNames) {
  tools::Tool tool{.name = "other_toolset_tool", .title = "Other", .description = "Not a CATS tool.", .method = "POST",
                   .path = "/notes", .safety = tools::Safety::create, .result = tools::ResultKind::created,
                   .params = {{.name = "text", .type = tools::JsonType::string, .required = true,
                               .place = tools::Place::body, .description = "The note.",
                               .rewrite = [](const json::value& v, const json::object& args,
                                             std::string& error) -> std::optional<json::value> {
                                 if (v.get_string().empty()) {
                                   error = "`text` is empty";
                                   return std::nullopt;
                                 }
                                 return json::value(std::string(v.get_string()) + "!" +
                                                    std::string(args.at("suffix").get_string()));
                               }},
                              {.name = "suffix", .type = tools::JsonType::string, .required = true,
                               .place = tools::Place::local, .description = "Read by the rewrite only."}}};
  auto mapped = tools::map_request(tool, json::parse(R"({"text":"hi","suffix":"?"})").as_object());
  ASSERT_TRUE(mapped.request) << mapped.error;
  EXPECT_EQ(*mapped.request->body, R"({"text":"hi!?"})");
  auto refused = tools::map_request(tool, json::parse(R"({"text":"","suffix":"?"})").as_object());
  EXPECT_FALSE(refused.request);
  EXPECT_EQ(refused.error, "`text` is empty");
}

TEST(FilterValue, BetweenTakesLowCommaHighOrAJsonArray) {
  std::string error;
  EXPECT_EQ(*tools::filter_value("between", "id", "10, 20", error), json::parse("[10,20]"));
  EXPECT_EQ(*tools::filter_value("between", "date_created", "[\"2026-01-01\",\"2026-02-01\"]", error),
            json::parse(R"(["2026-01-01","2026-02-01"])"));
  EXPECT_FALSE(tools::filter_value("between", "id", "10", error));
  EXPECT_NE(error.find("low,high"), std::string::npos);
}

TEST(FilterValue, IsEmptyTakesABoolean) {
  std::string error;
  EXPECT_EQ(*tools::filter_value("is_empty", "title", "true", error), json::value(true));
  EXPECT_EQ(*tools::filter_value("is_empty", "title", "false", error), json::value(false));
  EXPECT_FALSE(tools::filter_value("is_empty", "title", "maybe", error));
}

TEST(FilterValue, NumbersAndBooleansKeepTheirTypeForTypedFields) {
  std::string error;
  EXPECT_EQ(*tools::filter_value("exactly", "owner_id", "42", error), json::value(42));
  EXPECT_EQ(*tools::filter_value("exactly", "is_hot", "true", error), json::value(true));
  EXPECT_EQ(*tools::filter_value("exactly", "last_name", "42", error), json::value("42"));
  EXPECT_EQ(*tools::filter_value("greater_than", "id", "100", error), json::value(100));
  EXPECT_EQ(*tools::filter_value("contains", "address.city", "Logan Lake", error), json::value("Logan Lake"));
}
