#include "tools/destructive_confirmation.hpp"

#include "tools/result_shaping.hpp"
#include "util/sha256.hpp"

#include <sodium.h>

#include <algorithm>
#include <vector>

namespace cats_mcp::tools {
namespace json = boost::json;

namespace {
// Associated data: a token sealed for anything else under the same key never opens here.
constexpr std::string_view kPurpose = "cats-contacts-mcp/confirm-destructive/v1";
constexpr std::string_view kKey = "confirm";  // the input request's key

std::int64_t now_seconds() {
  return std::chrono::duration_cast<std::chrono::seconds>(std::chrono::system_clock::now().time_since_epoch()).count();
}

// JSON with every object's keys sorted: the same arguments give the same digest, however the
// client orders them on the retry.
void write_canonical(const json::value& v, std::string& out) {
  if (!v.is_structured()) {
    out += json::serialize(v);
    return;
  }
  if (v.is_array()) {
    out += '[';
    for (std::size_t i = 0; i < v.get_array().size(); ++i) {
      if (i) out += ',';
      write_canonical(v.get_array()[i], out);
    }
    out += ']';
    return;
  }
  std::vector<std::pair<std::string_view, const json::value*>> members;
  for (const auto& [key, value] : v.get_object()) members.emplace_back(key, &value);
  std::sort(members.begin(), members.end());
  out += '{';
  for (std::size_t i = 0; i < members.size(); ++i) {
    if (i) out += ',';
    out += json::serialize(json::string(members[i].first));
    out += ':';
    write_canonical(*members[i].second, out);
  }
  out += '}';
}

std::string digest(const json::object& arguments) {
  std::string canonical;
  write_canonical(arguments, canonical);
  return sha256_hex(canonical);
}

// A form-mode elicitation is possible: the client declared elicitation ({} means form) with
// form among its modes.
bool can_elicit_form(const json::object& capabilities) {
  auto e = capabilities.if_contains("elicitation");
  if (!e || !e->is_object()) return false;
  return e->get_object().empty() || e->get_object().contains("form");
}

// What will be destroyed, in the user's terms: the tool's title, the arguments naming the
// records, and the CATS connection.
std::string what(const Tool& tool, const json::object& arguments) {
  std::string named;
  for (const auto& [key, value] : arguments) {
    if (key == "PCID") continue;
    if (!named.empty()) named += ", ";
    named += std::string(key) + " " + json::serialize(value).substr(0, 200);
  }
  std::string where = "the server's CATS account";
  if (auto pcid = arguments.if_contains("PCID"); pcid && pcid->is_string())
    where = "CATS connection " + std::string(pcid->get_string());
  return std::string(tool.title) + " (" + named + ") in " + where;
}

json::object question(const Tool& tool, const json::object& arguments) {
  std::string message = "Confirm: " + what(tool, arguments) + ". This cannot be undone.";
  json::object confirm{{"type", "boolean"}, {"title", "Yes, do it"}, {"description", message}};
  return {{"mode", "form"},
          {"message", std::move(message)},
          {"requestedSchema", {{"type", "object"}, {"properties", {{"confirm", std::move(confirm)}}}, {"required", json::array{"confirm"}}}}};
}

bool said_yes(const json::value& answer) {
  if (!answer.is_object()) return false;
  auto action = answer.get_object().if_contains("action");
  auto content = answer.get_object().if_contains("content");
  if (!action || *action != "accept" || !content || !content->is_object()) return false;
  auto confirm = content->get_object().if_contains("confirm");
  return confirm && confirm->is_bool() && confirm->get_bool();
}

mcp::ToolOutcome not_done(const Tool& tool, const json::object& arguments, std::string_view why) {
  return {error_result("Not done: " + std::string(why) + ". Nothing was sent to CATS: " + what(tool, arguments) + "."), true};
}

mcp::ToolOutcome cannot_ask(const Tool& tool, mcp::Era era) {
  std::string why = era == mcp::Era::modern
                        ? "it declared no form elicitation capability"
                        : "it declared no form elicitation capability, or the call cannot carry a question (over "
                          "HTTP: a call outside a session, or one whose client does not accept text/event-stream; or "
                          "the call command)";
  return {error_result("This server requires confirmation for " + std::string(tool.name) +
                       ", and this client cannot be asked: " + why + ". Nothing was sent to CATS. Use a client that "
                       "supports elicitation, or ask the server's operator to turn off --confirm-destructive."),
          true};
}
}  // namespace

DestructiveConfirmation::DestructiveConfirmation(SealedToken key, std::chrono::seconds lifetime)
    : key_(std::move(key)), lifetime_(lifetime) {}

bool DestructiveConfirmation::applies_to(const Tool& tool) { return tool.safety == Safety::destructive; }

std::optional<mcp::ToolOutcome> DestructiveConfirmation::check(const Tool& tool, const mcp::ToolCall& call) {
  if (!applies_to(tool)) return std::nullopt;
  return call.era == mcp::Era::modern ? check_modern(tool, call) : check_legacy(tool, call);
}

std::optional<mcp::ToolOutcome> DestructiveConfirmation::check_legacy(const Tool& tool, const mcp::ToolCall& call) {
  if (!call.ask || !can_elicit_form(call.client_capabilities)) return cannot_ask(tool, call.era);
  auto answer = call.ask("elicitation/create", question(tool, call.arguments));
  if (!answer) return not_done(tool, call.arguments, "no answer came from the user");
  if (said_yes(*answer)) return std::nullopt;
  return not_done(tool, call.arguments, "the user did not confirm");
}

mcp::ToolOutcome DestructiveConfirmation::ask_again(const Tool& tool, const mcp::ToolCall& call) {
  unsigned char raw[16];
  randombytes_buf(raw, sizeof raw);
  char nonce[2 * sizeof raw + 1];
  sodium_bin2hex(nonce, sizeof nonce, raw, sizeof raw);
  json::object state{{"v", 1},
                     {"p", call.principal},
                     {"t", tool.name},
                     {"d", digest(call.arguments)},
                     {"e", now_seconds() + lifetime_.count()},
                     {"n", nonce}};
  json::object requests{{kKey, {{"method", "elicitation/create"}, {"params", question(tool, call.arguments)}}}};
  return mcp::ToolOutcome::asks(std::move(requests), key_.seal(json::serialize(state), kPurpose));
}

std::optional<mcp::ToolOutcome> DestructiveConfirmation::check_modern(const Tool& tool, const mcp::ToolCall& call) {
  if (call.request_state.empty()) {
    if (!can_elicit_form(call.client_capabilities)) return cannot_ask(tool, call.era);
    return ask_again(tool, call);
  }
  auto opened = key_.open(call.request_state, kPurpose);
  json::value state;
  if (opened) {
    boost::system::error_code ec;
    state = json::parse(*opened, ec);
    if (ec || !state.is_object()) opened.reset();
  }
  if (!opened)
    return mcp::ToolOutcome::refuses("requestState is not one this server issued, or it was altered. Call " +
                                     std::string(tool.name) + " again without it to be asked afresh");
  const auto& s = state.get_object();
  auto field = [&](std::string_view key) -> const json::value& {
    static const json::value none;
    auto v = s.if_contains(key);
    return v ? *v : none;
  };
  if (field("p") != json::value(call.principal) || field("t") != json::value(tool.name) ||
      field("d") != json::value(digest(call.arguments)))
    return mcp::ToolOutcome::refuses("requestState was issued for another call (another caller, tool or arguments). "
                                     "Call the tool again without it to be asked afresh");
  auto expires = field("e").is_int64() ? field("e").get_int64() : 0;
  if (now_seconds() > expires)
    return mcp::ToolOutcome::refuses("requestState has expired (a confirmation is good for " +
                                     std::to_string(lifetime_.count() / 60) +
                                     " minutes). Call the tool again without it to be asked afresh");
  auto answer = call.input_responses.if_contains(kKey);
  if (!answer) {  // the answer is missing: ask again, as MRTR advises, if this request may be asked
    if (!can_elicit_form(call.client_capabilities)) return cannot_ask(tool, call.era);
    return ask_again(tool, call);
  }
  auto nonce = field("n").is_string() ? std::string(field("n").get_string()) : std::string();
  if (!use_once(nonce, expires))
    return mcp::ToolOutcome::refuses("requestState was used already: each confirmation allows one call. Call the "
                                     "tool again without it to be asked afresh");
  if (said_yes(*answer)) return std::nullopt;
  return not_done(tool, call.arguments, "the user did not confirm");
}

bool DestructiveConfirmation::use_once(const std::string& nonce, std::int64_t expires_at) {
  std::lock_guard lock(mutex_);
  auto now = now_seconds();
  std::erase_if(used_, [now](const auto& entry) { return entry.second < now; });  // expired states cannot come back
  return used_.emplace(nonce, expires_at).second;
}

}  // namespace cats_mcp::tools
