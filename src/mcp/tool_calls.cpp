#include "mcp/tool_calls.hpp"

#include "util/metrics.hpp"

#include <algorithm>
#include <chrono>

namespace cats_mcp::mcp {

const ToolInfo& resource_read_tool() {
  static const ToolInfo read{"resources/read", true, false};
  return read;
}

std::optional<json::object> accept_resource_read(Message& m, std::optional<PendingCall>& call) {
  auto uri = m.params.if_contains("uri");
  if (!uri || !uri->is_string() || uri->get_string().empty())
    return make_error(m.id, kInvalidParams, "Invalid params: resources/read needs \"uri\" (a string)");
  PendingCall pending;
  pending.id = m.id;
  pending.tool = &resource_read_tool();
  pending.resource_uri = std::string(uri->get_string());
  pending.cancel = std::make_shared<CancelToken>();
  call = std::move(pending);
  return std::nullopt;
}

CallKind call_kind(ToolProvider& provider, const PendingCall& call) {
  if (!call.resource_uri.empty()) return provider.extras()->read_kind(call.resource_uri, call.principal);
  if (call.tool->may_ask_client) return CallKind::blocks;
  return provider.call_kind(call.arguments, call.principal);
}

void take_input_responses(Message& m, json::object& responses, std::string& state) {
  if (auto r = m.params.if_contains("inputResponses"); r && r->is_object()) responses = std::move(r->get_object());
  if (auto s = m.params.if_contains("requestState"); s && s->is_string()) state = std::string(s->get_string());
}

std::string needs_modern_era_text(std::string_view what) {
  return std::string(what) + " needs input from the client first, which needs protocol version " +
         std::string(kModernVersions.front()) + ".";
}

std::optional<json::object> accept_tool_call(ToolProvider& provider, const ToolFilter& filter, Message& m,
                                             std::optional<PendingCall>& call) {
  auto name = m.params.if_contains("name");
  if (!name || !name->is_string())
    return make_error(m.id, kInvalidParams, "Invalid params: tools/call needs \"name\" (a string)");
  const ToolInfo* tool = find_tool(provider, name->get_string());
  if (!tool)
    return make_error(m.id, kInvalidParams, "Unknown tool: " + std::string(name->get_string()),
                      json::object{{"name", *name}});
  if (auto why = filter.why_not(*tool); !why.empty())
    return make_error(m.id, kInvalidParams, "Tool not available: " + tool->name + " (" + why + ")",
                      json::object{{"name", *name}});
  json::object arguments;
  if (auto args = m.params.if_contains("arguments"); args && !args->is_null()) {
    if (!args->is_object())
      return make_error(m.id, kInvalidParams, "Invalid params: \"arguments\" must be an object");
    arguments = std::move(args->get_object());  // same storage: the tree changes hands, no copy
  }
  PendingCall pending;
  pending.id = m.id;
  pending.tool = tool;
  pending.arguments = std::move(arguments);
  pending.cancel = std::make_shared<CancelToken>();
  call = std::move(pending);
  return std::nullopt;
}

namespace {
// What the provider gets: the arguments (moved out of `call`) and hooks that own what they use,
// so they stay valid however long the provider keeps them.
ToolCall tool_call_for(PendingCall& call, Sender out, LogGate gate) {
  ToolCall request;
  request.arguments = std::move(call.arguments);
  request.cancel = call.cancel.get();
  request.principal = call.principal;
  request.client_capabilities = call.client_capabilities;
  request.era = call.era;
  request.input_responses = std::move(call.input_responses);
  request.request_state = std::move(call.request_state);
  request.ask = call.ask;
  if (!call.progress_token.is_null()) {
    // Called from whichever thread the provider reports on, one report at a time.
    request.progress = [out, cancel = call.cancel, token = call.progress_token, last = -1.0](
                           double progress, double total, std::string message) mutable {
      if (progress <= last || cancel->cancelled()) return;  // progress must increase
      last = progress;
      out(make_notification("notifications/progress",
                            {{"progressToken", token}, {"progress", progress}, {"total", total}, {"message", std::move(message)}}));
    };
  }
  request.client_log_level = gate.hint;
  request.log = [out = std::move(out), gate = std::move(gate)](LogLevel level, std::string_view logger, json::object data) {
    if (!gate.wants(level)) return;
    out(make_notification("notifications/message",
                          {{"level", to_string(level)}, {"logger", logger}, {"data", std::move(data)}}));
  };
  return request;
}

// The outcome as the era can carry it, counted and logged.
ToolOutcome finished(const std::string& tool, Era era, ToolOutcome outcome, std::chrono::steady_clock::time_point started) {
  if (outcome.missing) outcome.is_error = true;
  if (outcome.input_required && era != Era::modern)  // only the modern era can carry one
    outcome = {{{"content", json::array{json::object{{"type", "text"}, {"text", needs_modern_era_text("This tool")}}}},
                {"isError", true}},
               true};
  auto ms = std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::steady_clock::now() - started).count();
  metrics().count_tool_call(tool, outcome.is_error);
  if (log_enabled(LogLevel::info)) log(LogLevel::info, "tool call", {{"tool", tool}, {"ms", ms}, {"isError", outcome.is_error}});
  return outcome;
}
}  // namespace

ToolOutcome execute_tool_call(ToolProvider& provider, PendingCall& call, const Sender& out, const LogGate& gate) {
  auto started = std::chrono::steady_clock::now();
  ToolOutcome outcome = call.resource_uri.empty()
                            ? provider.call(call.tool->name, tool_call_for(call, out, gate))
                            : provider.extras()->read_resource(call.resource_uri, tool_call_for(call, out, gate));
  return finished(call.tool->name, call.era, std::move(outcome), started);
}

void start_tool_call(ToolProvider& provider, PendingCall& call, Sender out, LogGate gate,
                     std::function<void(ToolOutcome)> done) {
  auto started = std::chrono::steady_clock::now();
  const std::string& tool = call.tool->name;  // the provider's tools() live as long as it does
  auto finish = [&tool, era = call.era, started, done = std::move(done)](ToolOutcome outcome) {
    done(finished(tool, era, std::move(outcome), started));
  };
  if (!call.resource_uri.empty())
    return provider.extras()->start_read_resource(call.resource_uri, tool_call_for(call, std::move(out), std::move(gate)),
                                                  std::move(finish));
  provider.start(tool, tool_call_for(call, std::move(out), std::move(gate)), std::move(finish));
}

std::optional<json::object> answer_tool_call(const PendingCall& call, ToolOutcome outcome) {
  // A cancelled request gets no response, unless it succeeded anyway: a create that was applied
  // before the cancellation arrived must be reported, or the client may send it again.
  if (call.cancel->cancelled() && outcome.is_error) return std::nullopt;
  if (outcome.missing)
    return make_error(call.id, kMissingRequiredClientCapability,
                      outcome.missing->message.empty() ? "Missing required client capability" : outcome.missing->message,
                      json::object{{"requiredCapabilities", std::move(outcome.missing->required)}});
  if (outcome.invalid_params) {
    auto data = outcome.invalid_params_data.empty() ? json::value() : json::value(std::move(outcome.invalid_params_data));
    if (outcome.refusal_code && outcome.refusal_code != kInvalidParams)
      return make_error(call.id, outcome.refusal_code, *outcome.invalid_params, std::move(data));
    return make_error(call.id, kInvalidParams, "Invalid params: " + *outcome.invalid_params, std::move(data));
  }
  if (outcome.input_required) {
    if (outcome.input_required->input_requests.empty() && outcome.input_required->request_state.empty())
      return make_error(call.id, kInternalError, "Internal error: the tool asked for input but named none");
    json::object result{{"resultType", "input_required"}};
    if (!outcome.input_required->input_requests.empty())
      result["inputRequests"] = std::move(outcome.input_required->input_requests);
    if (!outcome.input_required->request_state.empty())
      result["requestState"] = std::move(outcome.input_required->request_state);
    return make_result(call.id, std::move(result));
  }
  return make_result(call.id, std::move(outcome.result));
}

}  // namespace cats_mcp::mcp
