// --confirm-destructive's decisions, without a server: what is asked, and that only an
// unaltered, unexpired, unused state for the same caller, tool and arguments lets a modern
// retry run; a legacy client is asked in place; a client that cannot be asked is refused.
#include "tools/catalog.hpp"
#include "tools/destructive_confirmation.hpp"
#include "util/sealed_token.hpp"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

using namespace cats_mcp;
using namespace cats_mcp::tools;
namespace json = boost::json;
using ::testing::HasSubstr;

namespace {
constexpr std::string_view kKeyHex = "000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f";

const Tool& tool(std::string_view name) { return *find_tool(name); }

mcp::ToolCall modern_call(json::object arguments, json::object capabilities = {{"elicitation", json::object{}}}) {
  mcp::ToolCall call;
  call.era = mcp::Era::modern;
  call.arguments = std::move(arguments);
  call.client_capabilities = std::move(capabilities);
  call.principal = "alice";
  return call;
}

// The retry of `first`'s call after the user's `answer`, carrying `state`.
mcp::ToolCall retry(json::object arguments, const std::string& state, json::value answer) {
  auto call = modern_call(std::move(arguments));
  call.request_state = state;
  call.input_responses = {{"confirm", std::move(answer)}};
  return call;
}

json::value yes() { return json::parse(R"({"action":"accept","content":{"confirm":true}})"); }

std::string text_of(const mcp::ToolOutcome& outcome) {
  return std::string(outcome.result.at("content").at(0).at("text").as_string());
}

DestructiveConfirmation confirmation(std::chrono::seconds lifetime = std::chrono::minutes(10)) {
  return DestructiveConfirmation(*SealedToken::from_hex(kKeyHex), lifetime);
}
}  // namespace

TEST(DestructiveConfirmation, AppliesToDeletesAndTagReplacementOnly) {
  EXPECT_TRUE(DestructiveConfirmation::applies_to(tool("cats_contacts_delete_a_contact")));
  EXPECT_TRUE(DestructiveConfirmation::applies_to(tool("cats_contacts_replace_contact_tags")));
  EXPECT_FALSE(DestructiveConfirmation::applies_to(tool("cats_contacts_update_a_contact")));
  EXPECT_FALSE(DestructiveConfirmation::applies_to(tool("cats_contacts_get_a_contact")));
  auto c = confirmation();
  EXPECT_EQ(c.check(tool("cats_contacts_get_a_contact"), modern_call({{"id", 1}})), std::nullopt);
}

TEST(DestructiveConfirmation, TheFirstModernCallAsksNamingWhatWillBeDestroyed) {
  auto c = confirmation();
  auto asked = c.check(tool("cats_contacts_delete_a_contact"), modern_call({{"id", 12}, {"PCID", "acme"}}));
  ASSERT_TRUE(asked && asked->input_required);
  const auto& request = asked->input_required->input_requests.at("confirm");
  EXPECT_EQ(request.at("method"), "elicitation/create");
  EXPECT_EQ(request.at("params").at("message"),
            "Confirm: Delete a contact (id 12) in CATS connection acme. This cannot be undone.");
  EXPECT_EQ(request.at("params").at("requestedSchema").at("required"), json::parse(R"(["confirm"])"));
  EXPECT_FALSE(asked->input_required->request_state.empty());
  EXPECT_EQ(asked->input_required->request_state.find("acme"), std::string::npos);  // sealed, not readable
}

TEST(DestructiveConfirmation, AYesRunsOnceAndAReplayIsRefused) {
  auto c = confirmation();
  json::object args{{"id", 12}};
  auto state = c.check(tool("cats_contacts_delete_a_contact"), modern_call(args))->input_required->request_state;
  EXPECT_EQ(c.check(tool("cats_contacts_delete_a_contact"), retry(args, state, yes())), std::nullopt);
  auto replay = c.check(tool("cats_contacts_delete_a_contact"), retry(args, state, yes()));
  ASSERT_TRUE(replay && replay->invalid_params);
  EXPECT_THAT(*replay->invalid_params, HasSubstr("used already"));
}

TEST(DestructiveConfirmation, ArgumentsInAnotherOrderAreTheSameCall) {
  auto c = confirmation();
  auto state = c.check(tool("cats_contacts_delete_a_contact_email"), modern_call({{"contact_id", 1}, {"id", 2}}))
                   ->input_required->request_state;
  EXPECT_EQ(c.check(tool("cats_contacts_delete_a_contact_email"), retry({{"id", 2}, {"contact_id", 1}}, state, yes())),
            std::nullopt);
}

TEST(DestructiveConfirmation, ANoIsNotDoneAndSaysNothingWasSent) {
  auto c = confirmation();
  json::object args{{"id", 12}};
  for (auto answer : {R"({"action":"decline"})", R"({"action":"cancel"})", R"({"action":"accept","content":{"confirm":false}})"}) {
    auto state = c.check(tool("cats_contacts_delete_a_contact"), modern_call(args))->input_required->request_state;
    auto refused = c.check(tool("cats_contacts_delete_a_contact"), retry(args, state, json::parse(answer)));
    ASSERT_TRUE(refused) << answer;
    EXPECT_TRUE(refused->is_error);
    EXPECT_THAT(text_of(*refused), HasSubstr("Not done: the user did not confirm. Nothing was sent to CATS")) << answer;
  }
}

TEST(DestructiveConfirmation, ATamperedForeignOrMismatchedStateIsInvalidParams) {
  auto c = confirmation();
  json::object args{{"id", 12}};
  auto state = c.check(tool("cats_contacts_delete_a_contact"), modern_call(args))->input_required->request_state;

  auto tampered = state;
  tampered[tampered.size() / 2] = tampered[tampered.size() / 2] == 'A' ? 'B' : 'A';
  for (const auto& bad : {tampered, state + "-TAMPERED", std::string("not-a-state")}) {
    auto refused = c.check(tool("cats_contacts_delete_a_contact"), retry(args, bad, yes()));
    ASSERT_TRUE(refused && refused->invalid_params) << bad;
    EXPECT_THAT(*refused->invalid_params, HasSubstr("not one this server issued"));
  }
  // Sealed under another key (a replica without the shared CATS_MCP_STATE_KEY).
  DestructiveConfirmation other(SealedToken::with_random_key());
  EXPECT_TRUE(other.check(tool("cats_contacts_delete_a_contact"), retry(args, state, yes()))->invalid_params);
  // The same key on another replica opens it.
  auto replica = confirmation();
  EXPECT_EQ(replica.check(tool("cats_contacts_delete_a_contact"), retry(args, state, yes())), std::nullopt);

  auto fresh = c.check(tool("cats_contacts_delete_a_contact"), modern_call(args))->input_required->request_state;
  auto other_id = c.check(tool("cats_contacts_delete_a_contact"), retry({{"id", 13}}, fresh, yes()));
  ASSERT_TRUE(other_id && other_id->invalid_params);
  EXPECT_THAT(*other_id->invalid_params, HasSubstr("another call"));
  auto other_tool = c.check(tool("cats_contacts_delete_a_contact_list"), retry(args, fresh, yes()));
  EXPECT_TRUE(other_tool && other_tool->invalid_params);
  auto as_bob = retry(args, fresh, yes());
  as_bob.principal = "bob";
  EXPECT_TRUE(c.check(tool("cats_contacts_delete_a_contact"), as_bob)->invalid_params);
}

TEST(DestructiveConfirmation, AnExpiredStateIsInvalidParams) {
  auto c = confirmation(std::chrono::seconds(-1));
  json::object args{{"id", 12}};
  auto state = c.check(tool("cats_contacts_delete_a_contact"), modern_call(args))->input_required->request_state;
  auto refused = c.check(tool("cats_contacts_delete_a_contact"), retry(args, state, yes()));
  ASSERT_TRUE(refused && refused->invalid_params);
  EXPECT_THAT(*refused->invalid_params, HasSubstr("expired"));
}

TEST(DestructiveConfirmation, AMissingAnswerIsAskedAgain) {
  auto c = confirmation();
  json::object args{{"id", 12}};
  auto state = c.check(tool("cats_contacts_delete_a_contact"), modern_call(args))->input_required->request_state;
  auto call = modern_call(args);
  call.request_state = state;
  call.input_responses = {{"something_else", json::object{}}};
  auto again = c.check(tool("cats_contacts_delete_a_contact"), call);
  ASSERT_TRUE(again && again->input_required);
  EXPECT_NE(again->input_required->request_state, state);
}

TEST(DestructiveConfirmation, AClientThatCannotBeAskedIsRefusedInBothEras) {
  auto c = confirmation();
  auto modern = c.check(tool("cats_contacts_delete_a_contact"), modern_call({{"id", 12}}, {}));
  ASSERT_TRUE(modern && modern->is_error);
  EXPECT_THAT(text_of(*modern), HasSubstr("requires confirmation for cats_contacts_delete_a_contact"));
  // URL-mode elicitation only: no form to confirm in.
  auto url_only = c.check(tool("cats_contacts_delete_a_contact"), modern_call({{"id", 12}}, {{"elicitation", {{"url", json::object{}}}}}));
  EXPECT_TRUE(url_only && url_only->is_error);

  mcp::ToolCall legacy;
  legacy.arguments = {{"id", 12}};
  legacy.client_capabilities = {{"elicitation", json::object{}}};  // declared, but the transport cannot ask
  auto refused = c.check(tool("cats_contacts_delete_a_contact"), legacy);
  ASSERT_TRUE(refused && refused->is_error);
  EXPECT_THAT(text_of(*refused), HasSubstr("requires confirmation"));
}

TEST(DestructiveConfirmation, ALegacyClientIsAskedInPlace) {
  auto c = confirmation();
  for (auto [answer, runs] : {std::pair{R"({"action":"accept","content":{"confirm":true}})", true},
                              std::pair{R"({"action":"decline"})", false}, std::pair{"", false}}) {
    mcp::ToolCall legacy;
    legacy.arguments = {{"id", 12}};
    legacy.client_capabilities = {{"elicitation", json::object{}}};
    std::string asked_method;
    legacy.ask = [&](std::string_view method, json::object) -> std::optional<json::object> {
      asked_method = method;
      if (std::string_view(answer).empty()) return std::nullopt;  // no answer came
      return json::parse(answer).as_object();
    };
    auto outcome = c.check(tool("cats_contacts_delete_a_contact"), legacy);
    EXPECT_EQ(asked_method, "elicitation/create");
    EXPECT_EQ(!outcome.has_value(), runs) << answer;
    if (outcome) EXPECT_THAT(text_of(*outcome), HasSubstr("Not done"));
  }
}
