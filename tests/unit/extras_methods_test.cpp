// Prompts, resources and completions in the protocol core: advertised and served in both eras
// only when the provider offers them; modern results carry resultType and cache fields; an
// unknown resource is -32602 naming the URI.
#include "mcp/modern.hpp"
#include "mcp/protocol.hpp"

#include <gtest/gtest.h>

using namespace cats_mcp;
using namespace cats_mcp::mcp;

namespace {

class NoteProvider : public ToolProvider, public ServerExtras {
 public:
  explicit NoteProvider(bool offers_extras) : offers_(offers_extras) {}
  ServerIdentity identity() const override { return {"notes", "Notes", "1", "Notes."}; }
  std::string instructions() const override { return "Read the note."; }
  std::string_view name_prefix() const override { return ""; }
  const std::vector<ToolInfo>& tools() const override { return tools_; }
  std::vector<json::object> definitions(const std::vector<std::string_view>&) override { return {}; }
  ToolOutcome call(std::string_view, ToolCall) override { return {}; }
  bool in_process(const json::object&, const std::string&) override { return true; }
  ServerExtras* extras() override { return offers_ ? this : nullptr; }

  std::vector<json::object> prompts() override { return {{{"name", "greet"}, {"description", "Greets."}}}; }
  ToolOutcome get_prompt(std::string_view name, ToolCall) override {
    if (name != "greet") return ToolOutcome::refuses("Unknown prompt");
    return {{{"messages", json::array{json::object{{"role", "user"}, {"content", {{"type", "text"}, {"text", "hi"}}}}}}}, false};
  }
  std::vector<json::object> resources() override { return {{{"uri", "note://1"}, {"name", "one"}}}; }
  std::vector<json::object> resource_templates() override { return {}; }
  ToolOutcome read_resource(std::string_view uri, ToolCall) override {
    if (uri != "note://1") return ToolOutcome::refuses("Resource not found", {{"uri", uri}});
    return {{{"contents", json::array{json::object{{"uri", uri}, {"text", "the note"}}}}}, false};
  }
  std::optional<json::array> complete(const json::object&, const json::object&) override { return json::array{"a"}; }
  bool accepts_subscriptions() const override { return true; }

 private:
  bool offers_;
  std::vector<ToolInfo> tools_;
};

json::object legacy(Session& s, std::string_view text) {
  json::object err;
  auto m = parse_message(text, err);
  std::optional<PendingCall> call;
  return *s.handle(*m, call);
}

json::object modern(ModernHandler& h, std::string_view method, json::object params = {}) {
  params["_meta"] = {{"io.modelcontextprotocol/protocolVersion", "2026-07-28"}, {"io.modelcontextprotocol/clientCapabilities", json::object{}}};
  json::object err;
  auto m = parse_message(json::serialize(json::object{{"jsonrpc", "2.0"}, {"id", 5}, {"method", method}, {"params", params}}), err);
  std::optional<PendingCall> call;
  return *h.handle(*m, call);
}

constexpr std::string_view kInit =
    R"({"jsonrpc":"2.0","id":1,"method":"initialize","params":{"protocolVersion":"2025-11-25","capabilities":{},"clientInfo":{"name":"t","version":"1"}}})";
}  // namespace

TEST(Extras, OfferedExtrasAreAdvertisedInBothEras) {
  NoteProvider provider(true);
  Session session(provider, ServerOptions{}, [](const json::object&) {});
  auto caps = legacy(session, kInit).at("result").at("capabilities").as_object();
  EXPECT_TRUE(caps.contains("prompts") && caps.contains("completions"));
  EXPECT_EQ(caps.at("resources").at("subscribe"), true);
  ModernHandler handler(provider, ServerOptions{});
  auto discovered = handler.discover().at("capabilities").as_object();
  EXPECT_TRUE(discovered.contains("prompts") && discovered.contains("completions"));
  EXPECT_EQ(discovered.at("resources"), json::object{});  // no subscribe: the method is gone in this era
}

TEST(Extras, AProviderWithoutExtrasAnswersTheirMethodsMethodNotFound) {
  NoteProvider provider(false);
  Session session(provider, ServerOptions{}, [](const json::object&) {});
  EXPECT_FALSE(legacy(session, kInit).at("result").at("capabilities").as_object().contains("prompts"));
  EXPECT_EQ(legacy(session, R"({"jsonrpc":"2.0","id":2,"method":"prompts/list"})").at("error").at("code"), -32601);
  ModernHandler handler(provider, ServerOptions{});
  EXPECT_EQ(modern(handler, "resources/list").at("error").at("code"), -32601);
  EXPECT_FALSE(handler.discover().at("capabilities").as_object().contains("resources"));
}

TEST(Extras, ModernResultsAreCompleteAndCacheableAndAnUnknownResourceNamesItsUri) {
  NoteProvider provider(true);
  ModernHandler handler(provider, ServerOptions{});
  auto listed = modern(handler, "prompts/list").at("result").as_object();
  EXPECT_EQ(listed.at("resultType"), "complete");
  EXPECT_TRUE(listed.contains("ttlMs") && listed.contains("cacheScope"));
  auto read = modern(handler, "resources/read", {{"uri", "note://1"}}).at("result").as_object();
  EXPECT_EQ(read.at("contents").at(0).at("text"), "the note");
  EXPECT_TRUE(read.contains("ttlMs") && read.contains("cacheScope"));
  auto prompt = modern(handler, "prompts/get", {{"name", "greet"}}).at("result").as_object();
  EXPECT_EQ(prompt.at("resultType"), "complete");
  EXPECT_FALSE(prompt.contains("ttlMs"));
  auto missing = modern(handler, "resources/read", {{"uri", "note://2"}});
  EXPECT_EQ(missing.at("error").at("code"), -32602);
  EXPECT_EQ(missing.at("error").at("data").at("uri"), "note://2");
  EXPECT_EQ(modern(handler, "resources/subscribe", {{"uri", "note://1"}}).at("error").at("code"), -32601);
  EXPECT_EQ(modern(handler, "completion/complete", {{"ref", {{"type", "ref/prompt"}, {"name", "greet"}}}, {"argument", {{"name", "x"}, {"value", ""}}}})
                .at("result").at("completion").at("values"),
            json::array{"a"});
}

TEST(Extras, LegacySubscriptionsAreAcceptedWhenOffered) {
  NoteProvider provider(true);
  Session session(provider, ServerOptions{}, [](const json::object&) {});
  legacy(session, kInit);
  EXPECT_EQ(legacy(session, R"({"jsonrpc":"2.0","id":3,"method":"resources/subscribe","params":{"uri":"note://1"}})").at("result"),
            json::object{});
  EXPECT_EQ(legacy(session, R"({"jsonrpc":"2.0","id":4,"method":"resources/read","params":{"uri":"note://1"}})")
                .at("result").as_object().contains("resultType"),
            false);  // legacy results keep their shape
}
