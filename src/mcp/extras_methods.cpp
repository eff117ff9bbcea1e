#include "mcp/extras_methods.hpp"

#include "mcp/tool_calls.hpp"

#include <array>

namespace cats_mcp::mcp {

namespace {
json::array as_array(std::vector<json::object> items) {
  json::array out;
  out.reserve(items.size());
  for (auto& item : items) out.push_back(std::move(item));
  return out;
}

std::string string_param(const Message& m, std::string_view key) {
  auto v = m.params.if_contains(key);
  return v && v->is_string() ? std::string(v->get_string()) : std::string();
}

// The call context a prompt or resource sees: the caller, and a modern retry's answers.
ToolCall context_for(Message& m, const ExtrasCaller& caller) {
  ToolCall call;
  call.era = caller.era;
  call.client_capabilities = caller.client_capabilities;
  call.principal = caller.principal;
  if (auto args = m.params.if_contains("arguments"); args && args->is_object()) call.arguments = std::move(args->get_object());
  take_input_responses(m, call.input_responses, call.request_state);
  return call;
}

// The response to an extras outcome: as a tool call's, but never "cancelled" (these answer at once).
json::object answer(const Message& m, const ExtrasCaller& caller, ToolOutcome outcome) {
  PendingCall as_call;
  as_call.id = m.id;
  as_call.era = caller.era;
  as_call.cancel = std::make_shared<CancelToken>();
  if (outcome.input_required && caller.era != Era::modern)  // a prompt or resource has no isError: an error
    return make_error(m.id, kInvalidParams, "Invalid params: " + needs_modern_era_text(m.method));
  return *answer_tool_call(as_call, std::move(outcome));
}
}  // namespace

bool offered(ServerExtras& extras, std::string_view method) {
  if (method.starts_with("prompts/")) return !extras.prompts().empty();
  if (method == "completion/complete") return extras.offers_completions();
  return true;
}

bool is_extras_method(std::string_view method) {
  constexpr std::array<std::string_view, 8> methods = {"prompts/list", "prompts/get", "resources/list", "resources/templates/list",
                                                       "resources/read", "resources/subscribe", "resources/unsubscribe",
                                                       "completion/complete"};
  for (auto m : methods)
    if (m == method) return true;
  return false;
}

void add_extras_capabilities(ToolProvider& provider, json::object& capabilities, bool legacy) {
  auto* extras = provider.extras();
  if (!extras) return;
  if (offered(*extras, "prompts/list")) capabilities["prompts"] = json::object{};
  json::object resources;
  if (legacy && extras->accepts_subscriptions()) resources["subscribe"] = true;
  capabilities["resources"] = std::move(resources);
  if (offered(*extras, "completion/complete")) capabilities["completions"] = json::object{};
}

std::optional<json::object> serve_extras(ToolProvider& provider, Message& m, const ExtrasCaller& caller,
                                         std::optional<PendingCall>& call) {
  auto* extras = provider.extras();
  if (!extras || !is_extras_method(m.method) || !offered(*extras, m.method)) return std::nullopt;
  if (m.method == "prompts/list") return make_result(m.id, json::object{{"prompts", as_array(extras->prompts())}});
  if (m.method == "resources/list") return make_result(m.id, json::object{{"resources", as_array(extras->resources())}});
  if (m.method == "resources/templates/list")
    return make_result(m.id, json::object{{"resourceTemplates", as_array(extras->resource_templates())}});
  if (m.method == "resources/subscribe" || m.method == "resources/unsubscribe") {
    if (caller.era != Era::legacy || !extras->accepts_subscriptions()) return std::nullopt;
    if (string_param(m, "uri").empty()) return make_error(m.id, kInvalidParams, "Invalid params: \"uri\" (a string) is required");
    return make_result(m.id, json::object{});
  }
  if (m.method == "prompts/get") {
    auto name = string_param(m, "name");
    if (name.empty()) return make_error(m.id, kInvalidParams, "Invalid params: prompts/get needs \"name\" (a string)");
    return answer(m, caller, extras->get_prompt(name, context_for(m, caller)));
  }
  if (m.method == "resources/read" && extras->reads_like_calls()) {
    if (auto refused = accept_resource_read(m, call)) return refused;
    call->era = caller.era;
    call->client_capabilities = caller.client_capabilities;
    call->principal = caller.principal;
    return std::nullopt;
  }
  if (m.method == "resources/read") {
    auto uri = string_param(m, "uri");
    if (uri.empty()) return make_error(m.id, kInvalidParams, "Invalid params: resources/read needs \"uri\" (a string)");
    return answer(m, caller, extras->read_resource(uri, context_for(m, caller)));
  }
  // completion/complete
  auto ref = m.params.if_contains("ref");
  auto argument = m.params.if_contains("argument");
  if (!ref || !ref->is_object() || !argument || !argument->is_object())
    return make_error(m.id, kInvalidParams, "Invalid params: completion/complete needs \"ref\" and \"argument\" (objects)");
  auto values = extras->complete(ref->get_object(), argument->get_object());
  if (!values) return make_error(m.id, kInvalidParams, "Invalid params: the ref names no prompt or resource template here");
  auto total = values->size();
  return make_result(m.id, json::object{{"completion", {{"values", std::move(*values)}, {"total", total}, {"hasMore", false}}}});
}

}  // namespace cats_mcp::mcp
