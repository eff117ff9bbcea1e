// Hostile input over stdio: each gets the right JSON-RPC or tool error, nothing reaches
// CATS, and the server keeps serving.
#include "support/recording_cats.hpp"
#include "support/stdio_mcp_client.hpp"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

namespace json = boost::json;
using namespace cats_mcp::testing;
using ::testing::HasSubstr;

namespace {
struct Server {
  RecordingCats cats;
  StdioMcpClient client{{"--max-message-bytes", "33554432"},
                        {{"CATS_API_KEY", "hostile-test-key"}, {"CATS_API_BASE_URL", cats.base_url()}}};
  Server() { client.initialize(); }

  json::object error_for(std::string_view raw) {
    client.send_raw(raw);
    auto m = client.next_message();
    EXPECT_TRUE(m) << "no answer; stderr: " << client.process().stderr_text();
    return m.value_or(json::object{});
  }
  void still_serving() {
    auto pong = client.call("ping");
    EXPECT_EQ(pong.at("result"), json::object{});
    EXPECT_TRUE(cats.requests().empty());
  }
};
}  // namespace

TEST(HostileInput, MalformedJsonIsAParseErrorWithNullId) {
  Server s;
  auto e = s.error_for(R"({"jsonrpc":"2.0","id":1,"method":"ping")");
  EXPECT_EQ(e.at("error").at("code"), -32700);
  EXPECT_TRUE(e.at("id").is_null());
  s.still_serving();
}

TEST(HostileInput, NonObjectMessagesAreInvalidRequests) {
  Server s;
  for (auto raw : {"42", "\"hello\"", "null", "[]", R"([{"jsonrpc":"2.0","id":1,"method":"ping"}])"})
    EXPECT_EQ(s.error_for(raw).at("error").at("code"), -32600) << raw;
  s.still_serving();
}

TEST(HostileInput, InvalidUtf8IsAParseError) {
  Server s;
  EXPECT_EQ(s.error_for("{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"ping\",\"params\":{\"x\":\"\xc3\x28\"}}").at("error").at("code"),
            -32700);
  s.still_serving();
}

TEST(HostileInput, DeeplyNestedArraysAreRefusedWithoutCrashing) {
  Server s;
  std::string deep = R"({"jsonrpc":"2.0","id":1,"method":"tools/call","params":{"name":"cats_contacts_get_a_contact","arguments":{"id":)" +
                     std::string(1'000'000, '[') + std::string(1'000'000, ']') + "}}}";
  EXPECT_EQ(s.error_for(deep).at("error").at("code"), -32700);
  s.still_serving();
}

TEST(HostileInput, ATwentyMegabyteStringArgumentIsAToolError) {
  Server s;
  json::object args{{"check_duplicate", false}, {"first_name", std::string(20 * 1024 * 1024, 'x')},
                    {"last_name", "B"}, {"owner_id", 1}, {"company_id", 1}};
  auto result = s.client.call_tool("cats_contacts_create_a_contact", args);
  EXPECT_EQ(result.at("isError"), true);
  EXPECT_THAT(std::string(result.at("content").at(0).at("text").as_string()), HasSubstr("`first_name` is too long"));
  s.still_serving();
}

TEST(HostileInput, AMessageOverTheSizeLimitIsRefusedAndTheNextOneServed) {
  Server s;
  std::string huge = R"({"jsonrpc":"2.0","id":1,"method":"ping","params":{"pad":")" + std::string(40 * 1024 * 1024, 'p') + "\"}}";
  auto e = s.error_for(huge);
  EXPECT_EQ(e.at("error").at("code"), -32600);
  EXPECT_THAT(std::string(e.at("error").at("message").as_string()), HasSubstr("larger than 33554432 bytes"));
  s.still_serving();
}

TEST(HostileInput, WrongFieldTypesInTheEnvelopeAreInvalidRequests) {
  Server s;
  EXPECT_EQ(s.error_for(R"({"jsonrpc":"2.0","id":{"a":1},"method":"ping"})").at("error").at("code"), -32600);
  EXPECT_EQ(s.error_for(R"({"jsonrpc":"2.0","id":1,"method":["ping"]})").at("error").at("code"), -32600);
  EXPECT_EQ(s.error_for(R"({"id":1,"method":"ping"})").at("error").at("code"), -32600);
  s.still_serving();
}

TEST(HostileInput, UnknownIdsReachCatsOnlyAsTheirOwnPathAndComeBackAsToolErrors) {
  RecordingCats cats([](const RecordedRequest&) { return StandinResponse{404, {}, R"({"message":"Not found"})"}; });
  StdioMcpClient client({}, {{"CATS_API_KEY", "k-unknown-ids"}, {"CATS_API_BASE_URL", cats.base_url()}});
  client.initialize();
  auto result = client.call_tool("cats_contacts_get_a_contact", {{"id", 999999999}});
  EXPECT_EQ(result.at("isError"), true);
  EXPECT_THAT(std::string(result.at("content").at(0).at("text").as_string()), HasSubstr("No such record"));
  EXPECT_EQ(cats.requests().size(), 1u);  // a 404 is final
}
