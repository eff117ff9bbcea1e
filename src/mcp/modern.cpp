#include "mcp/modern.hpp"

#include "mcp/eras.hpp"
#include "mcp/extras_methods.hpp"
#include "mcp/tool_listing.hpp"

#include <array>

namespace cats_mcp::mcp {

namespace {
json::object server_info(const ServerIdentity& identity) {
  json::object info{{"name", identity.name}, {"version", identity.version}};
  if (!identity.title.empty()) info["title"] = identity.title;
  if (!identity.description.empty()) info["description"] = identity.description;
  return info;
}

void add_cache_fields(json::object& result, const CachePolicy& policy) {
  result["ttlMs"] = policy.ttl.count();
  result["cacheScope"] = policy.scope;
}

// Methods 2026-07-28 removed, which a modern request may not use any more.
bool removed_method(std::string_view method) {
  constexpr std::array<std::string_view, 5> removed = {"initialize", "ping", "logging/setLevel", "resources/subscribe",
                                                       "resources/unsubscribe"};
  for (auto r : removed)
    if (method == r) return true;
  return method.starts_with("tasks/");  // now the io.modelcontextprotocol/tasks extension
}

// Methods of capabilities a server may leave unadvertised: prompts, resources and completions
// (the one list of them is extras_methods'), and list-changed subscriptions, which it never offers.
bool unadvertised_method(std::string_view method) { return is_extras_method(method) || method == "subscriptions/listen"; }

// A retried call's inputResponses must be a map of result objects and its requestState a
// string: anything else is the client's mistake, told as -32602, never a half-run call.
std::optional<json::object> accept_input_responses(const Message& m) {
  if (auto state = m.params.if_contains("requestState"); state && !state->is_string())
    return make_error(m.id, kInvalidParams, "Invalid params: \"requestState\" must be the string the server sent");
  auto responses = m.params.if_contains("inputResponses");
  if (!responses) return std::nullopt;
  if (!responses->is_object())
    return make_error(m.id, kInvalidParams, "Invalid params: \"inputResponses\" must be an object mapping each input key to its result");
  for (const auto& [key, value] : responses->get_object())
    if (!value.is_object())
      return make_error(m.id, kInvalidParams,
                        "Invalid params: inputResponses[\"" + std::string(key).substr(0, 64) + "\"] must be a result object");
  return std::nullopt;
}

json::object method_not_found(const Message& m) {
  std::string why;
  if (removed_method(m.method)) why = " (removed in protocol version " + std::string(kModernVersions.front()) + ")";
  else if (unadvertised_method(m.method)) why = " (not offered by this server)";
  return make_error(m.id, kMethodNotFound, "Method not found: " + m.method + why);
}
}  // namespace

ModernHandler::ModernHandler(ToolProvider& provider, ServerOptions options)
    : provider_(provider), options_(std::move(options)), server_info_(server_info(provider.identity())) {}

std::optional<json::object> ModernHandler::handle(Message& m, std::optional<PendingCall>& call) const {
  if (m.kind == Message::Kind::invalid) return make_error(m.id, kInvalidRequest, "Invalid Request: " + m.problem);
  if (m.kind != Message::Kind::request) return std::nullopt;
  auto checked = check_request_meta(m);
  if (auto* error = std::get_if<json::object>(&checked)) return std::move(*error);
  return serve(m, std::get<RequestMeta>(checked), call);
}

std::optional<json::object> ModernHandler::serve(Message& m, const RequestMeta& meta, std::optional<PendingCall>& call,
                                                 const std::string& principal) const {
  if (m.method == "server/discover") return completed(make_result(m.id, discover()));
  if (m.method == "tools/list") return completed(tools_list(m));
  if (removed_method(m.method)) return method_not_found(m);
  if (is_extras_method(m.method)) {
    if (m.method == "prompts/get" || m.method == "resources/read")
      if (auto refused = accept_input_responses(m)) return refused;
    auto response = serve_extras(provider_, m, ExtrasCaller{Era::modern, meta.client_capabilities, principal}, call);
    if (call) {  // a resources/read to run as a tool call is
      call->log_level = meta.log_level;
      call->progress_token = meta.progress_token;
      return std::nullopt;
    }
    if (!response) return method_not_found(m);
    // Lists and reads are cacheable; an input_required answer is not (it is no CacheableResult).
    bool cacheable = m.method.ends_with("/list") || m.method == "resources/read";
    if (auto result = response->if_contains("result");
        cacheable && result && result->is_object() && !result->get_object().contains("resultType"))
      add_cache_fields(result->get_object(), options_.tools_list_cache);
    return completed(std::move(*response));
  }
  if (m.method != "tools/call") return method_not_found(m);
  if (auto refused = accept_input_responses(m)) return refused;
  if (auto refused = accept_tool_call(provider_, options_.filter, m, call)) return refused;
  call->era = Era::modern;
  take_input_responses(m, call->input_responses, call->request_state);
  call->client_capabilities = meta.client_capabilities;
  call->log_level = meta.log_level;
  call->progress_token = meta.progress_token;
  return std::nullopt;
}

// Log notifications only for a request that asked for them, and only at its level and above.
LogGate ModernHandler::log_gate(const PendingCall& call) {
  return {call.log_level.value_or(LogLevel::emergency), [level = call.log_level](LogLevel l) { return level && l >= *level; }};
}

Sender ModernHandler::sender(const PendingCall& call) { return call.notify ? call.notify : Sender([](const json::object&) {}); }

std::optional<json::object> ModernHandler::run(PendingCall& call) const {
  auto response = answer_tool_call(call, execute_tool_call(provider_, call, sender(call), log_gate(call)));
  if (!response) return std::nullopt;
  return finish(call, std::move(*response));
}

// A call's response as this era sends it; a resource read's result is cacheable.
json::object ModernHandler::finish(const PendingCall& call, json::object response) const {
  if (auto result = response.if_contains("result"); !call.resource_uri.empty() && result && result->is_object())
    add_cache_fields(result->get_object(), options_.resource_cache);
  return completed(std::move(response));
}

void ModernHandler::start(PendingCall call, Answered done) const {
  auto pending = std::make_shared<PendingCall>(std::move(call));
  start_tool_call(provider_, *pending, sender(*pending), log_gate(*pending),
                  [this, pending, done = std::move(done)](ToolOutcome outcome) {
                    auto response = answer_tool_call(*pending, std::move(outcome));
                    done(response ? std::optional<json::object>(finish(*pending, std::move(*response))) : std::nullopt);
                  });
}

bool ModernHandler::serves(std::string_view method) const {
  if (method == "server/discover" || method == "tools/list" || method == "tools/call") return true;
  if (removed_method(method) || !is_extras_method(method) || !provider_.extras()) return false;
  if (!offered(*provider_.extras(), method)) return false;
  return method != "resources/subscribe" && method != "resources/unsubscribe";
}

json::object ModernHandler::discover() const {
  json::object capabilities{{"tools", json::object{}}, {"logging", json::object{}}};
  add_extras_capabilities(provider_, capabilities, /*legacy=*/false);
  json::object result{{"resultType", "complete"},
                      {"supportedVersions", modern_versions()},
                      {"capabilities", std::move(capabilities)},
                      {"instructions", provider_.instructions()}};
  add_cache_fields(result, options_.discover_cache);
  return result;
}

json::object ModernHandler::tools_list(const Message& m) const {
  auto response = list_tools(provider_, options_, m);
  if (auto result = response.if_contains("result"); result && result->is_object())
    add_cache_fields(result->get_object(), options_.tools_list_cache);  // the same on every page
  return response;
}

json::object ModernHandler::completed(json::object response) const {
  auto result = response.if_contains("result");
  if (!result || !result->is_object()) return response;  // an error stays as it is
  auto& r = result->get_object();
  if (!r.contains("resultType")) r["resultType"] = "complete";
  auto meta = r.if_contains("_meta");
  if (!meta || !meta->is_object()) meta = &(r["_meta"] = json::object{});
  meta->get_object()[kServerInfoKey] = server_info_;
  return response;
}

}  // namespace cats_mcp::mcp
