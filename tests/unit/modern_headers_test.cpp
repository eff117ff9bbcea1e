// The headers of a 2026-07-28 HTTP request checked against its body (Mcp-Method, Mcp-Name,
// Mcp-Param-*), with the cases the conformance suite's header scenarios send.
#include "http/modern_headers.hpp"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <algorithm>
#include <cctype>
#include <map>

using namespace cats_mcp::http;
using ::testing::HasSubstr;
namespace json = boost::json;

namespace {
// Header names compare without case, as Beast's fields do.
HeaderLookup headers(std::map<std::string, std::string> fields) {
  std::map<std::string, std::string> lowered;
  for (auto& [name, value] : fields) {
    std::string key = name;
    std::transform(key.begin(), key.end(), key.begin(), [](unsigned char c) { return char(std::tolower(c)); });
    lowered[key] = value;
  }
  return [lowered](std::string_view name) -> std::optional<std::string_view> {
    std::string key(name);
    std::transform(key.begin(), key.end(), key.begin(), [](unsigned char c) { return char(std::tolower(c)); });
    auto it = lowered.find(key);
    if (it == lowered.end()) return std::nullopt;
    return std::string_view(it->second);
  };
}

std::optional<std::string> value_of(std::string_view raw) {
  std::string error;
  return header_value(raw, error);
}
}  // namespace

TEST(ModernHeaders, AValueIsTrimmedAndABase64SentinelDecoded) {
  EXPECT_EQ(value_of("  tools/list\t"), "tools/list");
  EXPECT_EQ(value_of("=?base64?SGVsbG8=?="), "Hello");
  EXPECT_EQ(value_of("=?base64?w6k=?="), "\xc3\xa9");  // é
}

TEST(ModernHeaders, AValueWithOnlyOneMarkerIsLiteral) {
  EXPECT_EQ(value_of("SGVsbG8="), "SGVsbG8=");
  EXPECT_EQ(value_of("=?base64?SGVsbG8="), "=?base64?SGVsbG8=");
  EXPECT_EQ(value_of("SGVsbG8=?="), "SGVsbG8=?=");
}

TEST(ModernHeaders, MalformedBase64ControlCharactersAndNonUtf8AreRefused) {
  std::string error;
  EXPECT_FALSE(header_value("=?base64?SGVsbG8?=", error));  // padding missing
  EXPECT_THAT(error, HasSubstr("base64"));
  EXPECT_FALSE(header_value("=?base64?SGVs!!!bG8=?=", error));  // not the alphabet
  EXPECT_FALSE(header_value("=?base64?SGVs bG8=?=", error));
  EXPECT_FALSE(header_value("=?base64?/w==?=", error));  // 0xFF: not UTF-8
  EXPECT_THAT(error, HasSubstr("UTF-8"));
  EXPECT_FALSE(header_value("a\x01" "b", error));
  EXPECT_FALSE(header_value("caf\xc3\xa9", error));  // raw non-ASCII must be encoded
}

TEST(ModernHeaders, McpMethodMustNameTheBodysMethodExactly) {
  EXPECT_EQ(check_method_header(headers({{"Mcp-Method", "tools/list"}}), "tools/list"), "");
  EXPECT_EQ(check_method_header(headers({{"mcp-method", "tools/list"}}), "tools/list"), "");
  EXPECT_EQ(check_method_header(headers({{"MCP-METHOD", " tools/list "}}), "tools/list"), "");
  EXPECT_THAT(check_method_header(headers({}), "tools/list"), HasSubstr("Mcp-Method is missing"));
  EXPECT_THAT(check_method_header(headers({{"Mcp-Method", "prompts/list"}}), "tools/list"),
              HasSubstr("Header mismatch: Mcp-Method"));
  EXPECT_THAT(check_method_header(headers({{"Mcp-Method", "TOOLS/LIST"}}), "tools/list"),
              HasSubstr("Header mismatch: Mcp-Method"));
}

TEST(ModernHeaders, McpNameMustNameTheToolPromptOrResource) {
  json::object call{{"name", "cats_contacts_get_a_contact"}};
  auto ok = headers({{"Mcp-Method", "tools/call"}, {"Mcp-Name", "  cats_contacts_get_a_contact  "}});
  EXPECT_EQ(check_name_header(ok, "tools/call", call), "");
  auto wrong = headers({{"Mcp-Method", "tools/call"}, {"Mcp-Name", "wrong_tool_name"}});
  EXPECT_THAT(check_name_header(wrong, "tools/call", call), HasSubstr("Header mismatch: Mcp-Name"));
  EXPECT_THAT(check_name_header(headers({{"Mcp-Method", "tools/call"}}), "tools/call", call),
              HasSubstr("Mcp-Name is missing"));
  json::object read{{"uri", "test://static-text"}};
  EXPECT_EQ(check_name_header(headers({{"Mcp-Method", "resources/read"}, {"Mcp-Name", "test://static-text"}}),
                                 "resources/read", read),
            "");
  // Methods that name nothing need no Mcp-Name.
  EXPECT_EQ(check_name_header(headers({{"Mcp-Method", "server/discover"}}), "server/discover", {}), "");
}

TEST(ModernHeaders, AMarkedArgumentTravelsInItsHeaderToo) {
  std::vector<HeaderParam> pcid{{"PCID", "PCID"}};
  json::object args{{"PCID", "Hello"}, {"id", 1}};
  EXPECT_EQ(check_param_headers(headers({{"Mcp-Param-PCID", "Hello"}}), pcid, args), "");
  EXPECT_EQ(check_param_headers(headers({{"mcp-param-pcid", "=?base64?SGVsbG8=?="}}), pcid, args), "");
  EXPECT_THAT(check_param_headers(headers({}), pcid, args), HasSubstr("Mcp-Param-PCID is missing"));
  EXPECT_THAT(check_param_headers(headers({{"Mcp-Param-PCID", "Other"}}), pcid, args), HasSubstr("does not match"));
  EXPECT_THAT(check_param_headers(headers({{"Mcp-Param-PCID", "=?base64?SGVsbG8?="}}), pcid, args),
              HasSubstr("base64"));
  // No argument: no header expected, and one sent anyway disagrees with the body.
  EXPECT_EQ(check_param_headers(headers({}), pcid, json::object{{"id", 1}}), "");
  EXPECT_EQ(check_param_headers(headers({}), pcid, json::object{{"PCID", nullptr}}), "");
  EXPECT_THAT(check_param_headers(headers({{"Mcp-Param-PCID", "Hello"}}), pcid, json::object{{"id", 1}}),
              HasSubstr("arguments have no PCID"));
}

TEST(ModernHeaders, IntegersCompareAsNumbersAndBooleansAsTrueOrFalse) {
  std::vector<HeaderParam> params{{"region", "Region"}, {"hot", "Hot"}};
  auto h = headers({{"Mcp-Param-Region", "42"}, {"Mcp-Param-Hot", "true"}});
  EXPECT_EQ(check_param_headers(h, params, json::object{{"region", 42}, {"hot", true}}), "");
  EXPECT_EQ(check_param_headers(h, params, json::object{{"region", 42.0}, {"hot", true}}), "");
  EXPECT_THAT(check_param_headers(h, params, json::object{{"region", 43}, {"hot", true}}), HasSubstr("Region"));
  EXPECT_THAT(check_param_headers(h, params, json::object{{"region", 42}, {"hot", false}}), HasSubstr("Hot"));
}
