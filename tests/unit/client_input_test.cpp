// A tool that needs the client's input while it runs, in both eras: modern (2026-07-28) by
// answering input_required and being retried with the client's inputResponses and the echoed
// requestState (MRTR); legacy by sending the client a request (elicitation/create) on its
// stream and waiting for the answer, which comes back through the session.
#include "mcp/modern.hpp"
#include "mcp/protocol.hpp"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <atomic>
#include <condition_variable>
#include <future>
#include <mutex>

using namespace cats_mcp;
using namespace cats_mcp::mcp;
using ::testing::HasSubstr;

namespace {

json::object text_result(std::string text, bool is_error = false) {
  return {{"content", json::array{json::object{{"type", "text"}, {"text", std::move(text)}}}}, {"isError", is_error}};
}

json::object name_question() {
  return {{"method", "elicitation/create"},
          {"params", {{"message", "What is your name?"},
                      {"requestedSchema", {{"type", "object"},
                                           {"properties", {{"name", {{"type", "string"}}}}},
                                           {"required", json::array{"name"}}}}}}};
}

// greet: asks the client for a name, in whichever way the era allows, and greets it;
// legacy_asks: a tool that answers input_required although the era cannot carry it.
class GreetingProvider : public ToolProvider {
 public:
  std::atomic<int> calls{0};
  std::string seen_state;

  ServerIdentity identity() const override { return {"greeter", "Greeter", "1.0.0", "Greets."}; }
  std::string instructions() const override { return "Call greet."; }
  std::string_view name_prefix() const override { return ""; }
  const std::vector<ToolInfo>& tools() const override { return tools_; }
  std::vector<json::object> definitions(const std::vector<std::string_view>& names) override {
    std::vector<json::object> out;
    for (auto name : names) out.push_back({{"name", name}, {"inputSchema", {{"type", "object"}}}, {"description", "d"}});
    return out;
  }
  bool in_process(const json::object&, const std::string&) override { return true; }

  ToolOutcome call(std::string_view name, ToolCall call) override {
    ++calls;
    if (name == "legacy_asks") return ToolOutcome::asks({{"k", name_question()}});
    if (call.era == Era::modern) {
      seen_state = call.request_state;
      auto answer = call.input_responses.if_contains("user_name");
      if (!answer) return ToolOutcome::asks({{"user_name", name_question()}}, "state-1");
      return {text_result("Hello, " + std::string(answer->at("content").at("name").as_string()) + "!"), false};
    }
    if (!call.ask) return {text_result("cannot ask the client", true), true};
    auto answer = call.ask("elicitation/create", name_question().at("params").as_object());
    if (!answer) return {text_result("no answer", true), true};
    return {text_result("Hello, " + std::string(answer->at("content").at("name").as_string()) + "!"), false};
  }

 private:
  std::vector<ToolInfo> tools_{{"greet", true, true}, {"legacy_asks", true, false}};
};

std::string modern_call(int id, std::string_view tool, json::object extra = {}) {
  json::object params{{"name", tool},
                      {"_meta", {{"io.modelcontextprotocol/protocolVersion", "2026-07-28"},
                                 {"io.modelcontextprotocol/clientCapabilities", {{"elicitation", json::object{}}}}}}};
  for (auto& [k, v] : extra) params[k] = v;
  return json::serialize(json::object{{"jsonrpc", "2.0"}, {"id", id}, {"method", "tools/call"}, {"params", params}});
}

std::optional<json::object> serve(ModernHandler& handler, std::string_view text) {
  json::object err;
  auto m = parse_message(text, err);
  std::optional<PendingCall> call;
  auto response = handler.handle(*m, call);
  return call ? handler.run(*call) : response;
}

// A legacy session whose sent messages a test can wait for.
struct LegacyHarness {
  GreetingProvider provider;
  std::mutex mutex;
  std::condition_variable changed;
  std::vector<json::object> sent;
  Session session{provider, ServerOptions{}, [this](const json::object& m) {
                    std::lock_guard lock(mutex);
                    sent.push_back(m);
                    changed.notify_all();
                  }};

  std::optional<json::object> handle(std::string_view text, std::optional<PendingCall>& call) {
    json::object err;
    auto m = parse_message(text, err);
    return session.handle(*m, call);
  }
  json::object wait_for_request() {
    std::unique_lock lock(mutex);
    changed.wait_for(lock, std::chrono::seconds(5), [&] { return !sent.empty(); });
    return sent.empty() ? json::object{} : sent.back();
  }
};

constexpr std::string_view kGreet = R"({"jsonrpc":"2.0","id":7,"method":"tools/call","params":{"name":"greet"}})";

}  // namespace

TEST(ClientInput, AModernToolAsksWithInputRequiredAndIsRetriedWithTheAnswers) {
  GreetingProvider provider;
  ModernHandler handler(provider, ServerOptions{});
  auto first = serve(handler, modern_call(1, "greet"));
  ASSERT_TRUE(first && first->contains("result")) << json::serialize(*first);
  const auto& asked = first->at("result").as_object();
  EXPECT_EQ(asked.at("resultType"), "input_required");
  EXPECT_EQ(asked.at("inputRequests").at("user_name").at("method"), "elicitation/create");
  EXPECT_EQ(asked.at("requestState"), "state-1");
  EXPECT_EQ(asked.at("_meta").at("io.modelcontextprotocol/serverInfo").at("name"), "greeter");

  auto answers = json::parse(R"({"user_name":{"action":"accept","content":{"name":"Alice"}}})").as_object();
  auto retried = serve(handler, modern_call(2, "greet", {{"inputResponses", answers}, {"requestState", "state-1"}}));
  const auto& done = retried->at("result").as_object();
  EXPECT_EQ(done.at("resultType"), "complete");
  EXPECT_EQ(done.at("content").at(0).at("text"), "Hello, Alice!");
  EXPECT_EQ(provider.seen_state, "state-1");
}

TEST(ClientInput, MalformedInputResponsesOrStateAreInvalidParamsAndRunNothing) {
  GreetingProvider provider;
  ModernHandler handler(provider, ServerOptions{});
  for (const json::object& extra : {json::object{{"inputResponses", 12345}}, json::object{{"inputResponses", nullptr}},
                                    json::object{{"inputResponses", {{"user_name", 12345}}}},
                                    json::object{{"requestState", 5}}}) {
    auto response = serve(handler, modern_call(3, "greet", extra));
    ASSERT_TRUE(response && response->contains("error")) << json::serialize(extra);
    EXPECT_EQ(response->at("error").at("code"), -32602) << json::serialize(extra);
    EXPECT_EQ(response->at("id"), 3);
  }
  EXPECT_EQ(provider.calls.load(), 0);
}

TEST(ClientInput, ALegacyToolAsksTheClientOnItsStreamAndGetsTheAnswer) {
  LegacyHarness h;
  std::optional<PendingCall> call;
  h.handle(kGreet, call);
  ASSERT_TRUE(call);
  auto answered = std::async(std::launch::async, [&] { return h.session.run(*call); });

  auto request = h.wait_for_request();
  ASSERT_EQ(request.at("method"), "elicitation/create") << json::serialize(request);
  EXPECT_EQ(request.at("params").at("message"), "What is your name?");
  auto id = json::serialize(request.at("id"));
  std::optional<PendingCall> none;
  EXPECT_EQ(h.handle(R"({"jsonrpc":"2.0","id":)" + id + R"(,"result":{"action":"accept","content":{"name":"Grace"}}})", none),
            std::nullopt);  // a response is answered with nothing
  auto response = answered.get();
  ASSERT_TRUE(response);
  EXPECT_EQ(response->at("result").at("content").at(0).at("text"), "Hello, Grace!");
  // A second answer to the same request, or one to a request never sent, changes nothing.
  EXPECT_EQ(h.handle(R"({"jsonrpc":"2.0","id":)" + id + R"(,"result":{}})", none), std::nullopt);
  EXPECT_EQ(h.handle(R"({"jsonrpc":"2.0","id":"srv-999","result":{}})", none), std::nullopt);
}

TEST(ClientInput, AnErrorAnswerOrACancellationEndsTheQuestion) {
  LegacyHarness h;
  std::optional<PendingCall> call;
  h.handle(kGreet, call);
  auto answered = std::async(std::launch::async, [&] { return h.session.run(*call); });
  auto id = json::serialize(h.wait_for_request().at("id"));
  std::optional<PendingCall> none;
  h.handle(R"({"jsonrpc":"2.0","id":)" + id + R"(,"error":{"code":-1,"message":"user closed the dialog"}})", none);
  auto response = answered.get();
  EXPECT_EQ(response->at("result").at("isError"), true);
  EXPECT_EQ(response->at("result").at("content").at(0).at("text"), "no answer");

  LegacyHarness cancelled;
  std::optional<PendingCall> second;
  cancelled.handle(R"({"jsonrpc":"2.0","id":8,"method":"tools/call","params":{"name":"greet"}})", second);
  auto waiting = std::async(std::launch::async, [&] { return cancelled.session.run(*second); });
  cancelled.wait_for_request();
  std::optional<PendingCall> none2;
  cancelled.handle(R"({"jsonrpc":"2.0","method":"notifications/cancelled","params":{"requestId":8}})", none2);
  ASSERT_EQ(waiting.wait_for(std::chrono::seconds(2)), std::future_status::ready) << "the question outlived its call";
  EXPECT_EQ(waiting.get(), std::nullopt);  // a cancelled call that failed gets no answer
}

TEST(ClientInput, AnInputRequiredOutcomeInTheLegacyEraIsAToolErrorNamingTheModernVersion) {
  LegacyHarness h;
  std::optional<PendingCall> call;
  h.handle(R"({"jsonrpc":"2.0","id":9,"method":"tools/call","params":{"name":"legacy_asks"}})", call);
  auto response = h.session.run(*call);
  EXPECT_EQ(response->at("result").at("isError"), true);
  EXPECT_THAT(std::string(response->at("result").at("content").at(0).at("text").as_string()), HasSubstr("2026-07-28"));
  EXPECT_FALSE(response->at("result").as_object().contains("resultType"));
}
