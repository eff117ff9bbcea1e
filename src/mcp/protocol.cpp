#include "mcp/protocol.hpp"

#include "mcp/extras_methods.hpp"
#include "mcp/tool_listing.hpp"
#include "util/joined.hpp"

namespace cats_mcp::mcp {

std::string_view negotiate_version(std::string_view requested) {
  for (auto v : kSupportedVersions)
    if (v == requested) return v;
  return kSupportedVersions.front();
}

std::string supported_versions_text() { return joined(kSupportedVersions); }

Session::Session(ToolProvider& provider, ServerOptions options, Sender send)
    : provider_(provider), options_(std::move(options)), send_(std::move(send)) {}

namespace {
// Client-supplied text as it may appear in the log: enough to recognise, never so much that a
// client can fill the log (a 5 MiB protocolVersion would otherwise be logged whole).
constexpr std::size_t kLoggedClientText = 64;

json::value for_log(std::string_view client_text) {
  if (client_text.size() <= kLoggedClientText) return json::string(client_text);
  return json::string(std::string(client_text.substr(0, kLoggedClientText)) + "...(" +
                      std::to_string(client_text.size()) + " bytes)");
}

json::value for_log(const json::value& client_value) {
  if (client_value.is_string()) return for_log(std::string_view(client_value.get_string()));
  if (client_value.is_structured()) return for_log(std::string_view(json::serialize(client_value)));
  return client_value;  // a number, bool or null is short
}
}  // namespace

json::object Session::initialize(const json::object& params) {
  std::string_view requested;
  if (auto v = params.if_contains("protocolVersion"); v && v->is_string()) requested = v->get_string();
  // The negotiated version is decided once from the request; the session's copy is written
  // under the lock because another request on the same session may run at the same time.
  const std::string negotiated(negotiate_version(requested));
  json::object capabilities;
  if (auto c = params.if_contains("capabilities"); c && c->is_object()) capabilities = c->get_object();
  {
    std::lock_guard lock(mutex_);
    protocol_version_ = negotiated;
    client_capabilities_ = std::move(capabilities);
  }
  json::object result;
  result["protocolVersion"] = negotiated;
  json::object offered{{"tools", json::object{{"listChanged", false}}}, {"logging", json::object{}}};
  add_extras_capabilities(provider_, offered, /*legacy=*/true);
  result["capabilities"] = std::move(offered);
  auto identity = provider_.identity();
  result["serverInfo"] = json::object{{"name", identity.name},
                                      {"title", identity.title},
                                      {"version", identity.version},
                                      {"description", identity.description}};
  result["instructions"] = provider_.instructions();
  log(LogLevel::info, "initialize", {{"protocolVersion", negotiated}, {"requested", for_log(requested)}});
  return result;
}

std::optional<json::object> Session::accept_call(Message& m, std::optional<PendingCall>& call) {
  if (auto refused = accept_tool_call(provider_, options_.filter, m, call)) return refused;
  if (auto meta = m.params.if_contains("_meta"); meta && meta->is_object())
    if (auto token = meta->get_object().if_contains("progressToken");
        token && (token->is_string() || token->is_int64() || token->is_uint64()))
      call->progress_token = *token;
  {
    std::lock_guard lock(mutex_);
    call->client_capabilities = client_capabilities_;
  }
  running_.add(m.id, call->cancel);
  return std::nullopt;
}

LogGate Session::log_gate() {
  LogGate gate{LogLevel::warning, [this](LogLevel level) { return wants_log(level); }};
  std::lock_guard lock(mutex_);
  gate.hint = client_log_level_.value_or(LogLevel::warning);
  return gate;
}

std::optional<json::object> Session::run(PendingCall& call) {
  RunningCalls::Finished finished{running_, call.id};  // however the call ends, an exception included
  LogGate gate = log_gate();
  const Sender& out = call.notify ? call.notify : send_;
  // Only a tool that says it may ask gets to: the transport then runs it where it may block
  // (call_kind says it blocks), never on the thread that must read the answer.
  if (call.client_reachable && call.tool->may_ask_client)
    call.ask = [this, out, cancel = call.cancel](std::string_view method, json::object params) {
      // A person may be answering (an elicitation): minutes, not the seconds of a CATS call.
      return client_requests_.ask(out, method, std::move(params), cancel.get(), std::chrono::minutes(10));
    };
  auto outcome = execute_tool_call(provider_, call, out, gate);
  call.ask = nullptr;  // the session's questions end with the call
  return answer_tool_call(call, std::move(outcome));
}

void Session::start(PendingCall call, Answered done) {
  auto pending = std::make_shared<PendingCall>(std::move(call));
  Sender out = pending->notify ? pending->notify : send_;
  try {
    start_tool_call(provider_, *pending, std::move(out), log_gate(), [this, pending, done = std::move(done)](ToolOutcome outcome) {
      running_.remove(pending->id);
      done(answer_tool_call(*pending, std::move(outcome)));
    });
  } catch (...) {
    running_.remove(pending->id);
    throw;
  }
}

void Session::on_cancelled(const json::object& params) {
  auto id = params.if_contains("requestId");
  if (!id) return;
  if (!running_.cancel(*id)) return;  // unknown or already finished: ignored, as the spec says
  log(LogLevel::info, "request cancelled", {{"requestId", for_log(*id)}});
}

void Session::cancel_all() { running_.cancel_all(); }

bool Session::wants_log(LogLevel level) {
  std::lock_guard lock(mutex_);
  return level >= client_log_level_.value_or(LogLevel::warning);
}

SessionState Session::state() {
  std::lock_guard lock(mutex_);
  return {protocol_version_, client_capabilities_, client_log_level_};
}

void Session::resume(SessionState state) {
  std::lock_guard lock(mutex_);
  protocol_version_ = std::move(state.protocol_version);
  client_capabilities_ = std::move(state.client_capabilities);
  client_log_level_ = state.log_level;
  initialized_ = true;
}

void Session::set_log_level(LogLevel level) {
  std::lock_guard lock(mutex_);
  client_log_level_ = level;
}

std::optional<json::object> Session::handle(Message& m, std::optional<PendingCall>& call) {
  using Kind = Message::Kind;
  if (m.kind == Kind::invalid) return make_error(m.id, kInvalidRequest, "Invalid Request: " + m.problem);
  if (m.kind == Kind::response) {  // the answer to something a running call asked the client
    client_requests_.answer(m);      // unknown or late answers are ignored
    return std::nullopt;
  }

  if (m.kind == Kind::notification) {
    if (m.method == "notifications/initialized") {
      std::lock_guard lock(mutex_);
      initialized_ = true;
    } else if (m.method == "notifications/cancelled") {
      on_cancelled(m.params);
    }
    return std::nullopt;  // unknown notifications are ignored
  }

  if (!m.params_ok) return make_error(m.id, kInvalidParams, "Invalid params: \"params\" must be an object");
  if (m.method == "initialize") return make_result(m.id, initialize(m.params));
  if (m.method == "ping") return make_result(m.id, json::object{});
  if (m.method == "tools/list") return list_tools(provider_, options_, m);
  if (m.method == "tools/call") return accept_call(m, call);
  if (m.method == "logging/setLevel") {
    auto level = m.params.if_contains("level");
    std::optional<LogLevel> parsed;
    if (level && level->is_string()) parsed = parse_log_level(level->get_string());
    if (!parsed)
      return make_error(m.id, kInvalidParams,
                        "Invalid params: level must be one of debug, info, notice, warning, error, critical, alert, emergency");
    std::lock_guard lock(mutex_);
    client_log_level_ = *parsed;
    return make_result(m.id, json::object{});
  }
  if (is_extras_method(m.method)) {
    ExtrasCaller caller;
    {
      std::lock_guard lock(mutex_);
      caller.client_capabilities = client_capabilities_;
    }
    if (auto response = serve_extras(provider_, m, caller, call)) return response;
    if (call) {  // a resources/read to run as a tool call is
      running_.add(m.id, call->cancel);
      return std::nullopt;
    }
  }
  if (m.method == "server/discover")
    return make_error(m.id, kMethodNotFound,
                      "Method not found: server/discover. This server speaks the initialize handshake "
                      "(protocol versions " + supported_versions_text() + ").");
  return make_error(m.id, kMethodNotFound, "Method not found: " + m.method);
}

}  // namespace cats_mcp::mcp
