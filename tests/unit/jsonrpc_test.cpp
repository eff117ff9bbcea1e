#include "mcp/jsonrpc.hpp"

#include <gtest/gtest.h>

using namespace cats_mcp::mcp;

namespace {
Message parse_ok(std::string_view text) {
  json::object err;
  auto m = parse_message(text, err);
  EXPECT_TRUE(m.has_value()) << json::serialize(err);
  return m.value_or(Message{});
}
}  // namespace

TEST(JsonRpc, MalformedJsonIsAParseErrorWithNullId) {
  json::object err;
  EXPECT_FALSE(parse_message("{\"jsonrpc\":", err));
  EXPECT_EQ(err.at("error").at("code"), -32700);
  EXPECT_TRUE(err.at("id").is_null());
}

TEST(JsonRpc, ANumberBeyondDoubleRangeIsAParseError) {
  for (auto number : {"1e400", "-1e999", "0e3081"}) {
    json::object err;
    EXPECT_FALSE(parse_message(std::string(R"({"jsonrpc":"2.0","id":1,"method":"tools/call","params":{"arguments":{"id":)") +
                                   number + "}}}",
                               err))
        << number;
    EXPECT_EQ(err.at("error").at("code"), -32700) << number;
  }
  json::object err;
  EXPECT_TRUE(parse_message(R"({"jsonrpc":"2.0","id":1,"method":"ping","params":{"x":1e300}})", err));  // large is fine
}

TEST(JsonRpc, InvalidUtf8IsAParseError) {
  json::object err;
  EXPECT_FALSE(parse_message("{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"ping\",\"x\":\"\xff\xfe\"}", err));
  EXPECT_EQ(err.at("error").at("code"), -32700);
}

TEST(JsonRpc, DeepNestingIsRefusedAsAParseError) {
  json::object err;
  std::string deep = "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"ping\",\"params\":{\"a\":" + std::string(100000, '[') +
                     std::string(100000, ']') + "}}";
  EXPECT_FALSE(parse_message(deep, err));
  EXPECT_EQ(err.at("error").at("code"), -32700);
}

TEST(JsonRpc, NonObjectsAndBatchesAreInvalidRequests) {
  EXPECT_EQ(parse_ok("42").kind, Message::Kind::invalid);
  EXPECT_EQ(parse_ok("\"ping\"").kind, Message::Kind::invalid);
  EXPECT_EQ(parse_ok("[{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"ping\"}]").kind, Message::Kind::invalid);
}

TEST(JsonRpc, ClassifiesRequestsNotificationsAndResponses) {
  auto r = parse_ok(R"({"jsonrpc":"2.0","id":"a","method":"ping"})");
  EXPECT_EQ(r.kind, Message::Kind::request);
  EXPECT_EQ(r.id, "a");
  EXPECT_EQ(parse_ok(R"({"jsonrpc":"2.0","method":"notifications/initialized"})").kind, Message::Kind::notification);
  EXPECT_EQ(parse_ok(R"({"jsonrpc":"2.0","id":3,"result":{}})").kind, Message::Kind::response);
}

TEST(JsonRpc, RejectsWrongVersionNullIdAndNonStringMethod) {
  EXPECT_EQ(parse_ok(R"({"jsonrpc":"1.0","id":1,"method":"ping"})").kind, Message::Kind::invalid);
  EXPECT_EQ(parse_ok(R"({"jsonrpc":"2.0","id":null,"method":"ping"})").kind, Message::Kind::invalid);
  EXPECT_EQ(parse_ok(R"({"jsonrpc":"2.0","id":1.5,"method":"ping"})").kind, Message::Kind::invalid);
  auto m = parse_ok(R"({"jsonrpc":"2.0","id":4,"method":7})");
  EXPECT_EQ(m.kind, Message::Kind::invalid);
  EXPECT_EQ(m.id, 4);  // the error can still name the request
}

TEST(JsonRpc, NonObjectParamsAreFlagged) {
  EXPECT_FALSE(parse_ok(R"({"jsonrpc":"2.0","id":1,"method":"tools/list","params":[1]})").params_ok);
}
