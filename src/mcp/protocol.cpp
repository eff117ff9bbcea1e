#include "mcp/protocol.hpp"

#include "util/metrics.hpp"

#include <algorithm>
#include <charconv>

namespace cats_mcp::mcp {

std::string_view negotiate_version(std::string_view requested) {
  for (auto v : kSupportedVersions)
    if (v == requested) return v;
  return kSupportedVersions.front();
}

bool is_supported_version(std::string_view version) {
  return std::find(kSupportedVersions.begin(), kSupportedVersions.end(), version) != kSupportedVersions.end();
}

std::string supported_versions_text() {
  std::string text;
  for (auto v : kSupportedVersions) text += (text.empty() ? "" : ", ") + std::string(v);
  return text;
}

void register_tool_labels(const ToolProvider& provider) {
  std::vector<std::string> names;
  for (const auto& tool : provider.tools()) names.push_back(tool.name);
  metrics().set_known_tools(std::move(names));
}

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
  {
    std::lock_guard lock(mutex_);
    protocol_version_ = negotiated;
  }
  json::object result;
  result["protocolVersion"] = negotiated;
  result["capabilities"] = json::object{{"tools", json::object{{"listChanged", false}}}, {"logging", json::object{}}};
  auto identity = provider_.identity();
  result["serverInfo"] = json::object{{"name", identity.name},
                                      {"title", identity.title},
                                      {"version", identity.version},
                                      {"description", identity.description}};
  result["instructions"] = provider_.instructions();
  log(LogLevel::info, "initialize", {{"protocolVersion", negotiated}, {"requested", for_log(requested)}});
  return result;
}

std::optional<json::object> Session::list_tools(const Message& m) {
  std::vector<std::string_view> offered;
  for (const auto& tool : provider_.tools())
    if (options_.filter.allows(tool)) offered.push_back(tool.name);
  std::size_t offset = 0;
  if (auto cursor = m.params.if_contains("cursor"); cursor && !cursor->is_null()) {
    // Cursors are "t<offset>" as issued below; anything else was not issued by us.
    bool ok = cursor->is_string() && cursor->get_string().size() > 1 && cursor->get_string()[0] == 't';
    if (ok) {
      std::string_view digits(cursor->get_string().data() + 1, cursor->get_string().size() - 1);
      auto [end, ec] = std::from_chars(digits.data(), digits.data() + digits.size(), offset);
      ok = ec == std::errc() && end == digits.data() + digits.size() && offset > 0 && offset < offered.size();
    }
    if (!ok) return make_error(m.id, kInvalidParams, "Invalid cursor", json::object{{"cursor", *cursor}});
  }
  std::size_t end = std::min(offered.size(), offset + std::max<std::size_t>(1, options_.tools_page_size));
  auto definitions = provider_.definitions(std::vector<std::string_view>(offered.begin() + std::ptrdiff_t(offset),
                                                                         offered.begin() + std::ptrdiff_t(end)));
  json::array page;
  page.reserve(definitions.size());
  for (auto& definition : definitions) page.push_back(std::move(definition));
  json::object result{{"tools", std::move(page)}};
  if (end < offered.size()) result["nextCursor"] = "t" + std::to_string(end);
  return make_result(m.id, std::move(result));
}

std::optional<json::object> Session::accept_call(Message& m, std::optional<PendingCall>& call) {
  auto name = m.params.if_contains("name");
  if (!name || !name->is_string())
    return make_error(m.id, kInvalidParams, "Invalid params: tools/call needs \"name\" (a string)");
  const auto& tools = provider_.tools();
  auto found = std::find_if(tools.begin(), tools.end(), [&](const ToolInfo& t) { return t.name == name->get_string(); });
  const ToolInfo* tool = found == tools.end() ? nullptr : &*found;
  if (!tool)
    return make_error(m.id, kInvalidParams, "Unknown tool: " + std::string(name->get_string()),
                      json::object{{"name", *name}});
  if (auto why = options_.filter.why_not(*tool); !why.empty())
    return make_error(m.id, kInvalidParams, "Tool not available: " + tool->name + " (" + why + ")",
                      json::object{{"name", *name}});
  json::object arguments;
  if (auto args = m.params.if_contains("arguments"); args && !args->is_null()) {
    if (!args->is_object())
      return make_error(m.id, kInvalidParams, "Invalid params: \"arguments\" must be an object");
    arguments = std::move(args->get_object());  // same storage: the tree changes hands, no copy
  }
  PendingCall pending{m.id, tool, std::move(arguments), nullptr, std::make_shared<CancelToken>(), {}, "local"};
  if (auto meta = m.params.if_contains("_meta"); meta && meta->is_object())
    if (auto token = meta->get_object().if_contains("progressToken");
        token && (token->is_string() || token->is_int64() || token->is_uint64()))
      pending.progress_token = *token;
  {
    std::lock_guard lock(mutex_);
    running_[id_key(m.id)] = pending.cancel;
  }
  call = std::move(pending);
  return std::nullopt;
}

std::optional<json::object> Session::run(PendingCall& call) {
  // The call leaves the running set however it ends, an exception included.
  struct Finished {
    Session& session;
    const json::value& id;
    ~Finished() {
      std::lock_guard lock(session.mutex_);
      session.running_.erase(id_key(id));
    }
  } finished{*this, call.id};

  const Sender& out = call.notify ? call.notify : send_;
  ToolCall request;
  request.arguments = std::move(call.arguments);
  request.cancel = call.cancel.get();
  request.principal = call.principal;
  double last_progress = -1;
  if (!call.progress_token.is_null()) {
    request.progress = [&](double progress, double total, std::string message) {
      if (progress <= last_progress || call.cancel->cancelled()) return;  // progress must increase
      last_progress = progress;
      out(make_notification("notifications/progress", {{"progressToken", call.progress_token},
                                                         {"progress", progress},
                                                         {"total", total},
                                                         {"message", std::move(message)}}));
    };
  }
  {
    std::lock_guard lock(mutex_);
    request.client_log_level = client_log_level_.value_or(LogLevel::warning);
  }
  request.log = [this, &out](LogLevel level, std::string_view logger, json::object data) {
    send_log(out, level, logger, std::move(data));
  };

  auto started = std::chrono::steady_clock::now();
  ToolOutcome outcome = provider_.call(call.tool->name, std::move(request));
  auto ms = std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::steady_clock::now() - started).count();
  metrics().count_tool_call(call.tool->name, outcome.is_error);
  if (log_enabled(LogLevel::info))
    log(LogLevel::info, "tool call", {{"tool", call.tool->name}, {"ms", ms}, {"isError", outcome.is_error}});

  // A cancelled request gets no response, unless it succeeded anyway: a create that was applied
  // before the cancellation arrived must be reported, or the client may send it again.
  if (call.cancel->cancelled() && outcome.is_error) return std::nullopt;
  return make_result(call.id, std::move(outcome.result));
}

void Session::on_cancelled(const json::object& params) {
  auto id = params.if_contains("requestId");
  if (!id) return;
  std::lock_guard lock(mutex_);
  auto it = running_.find(id_key(*id));
  if (it == running_.end()) return;  // unknown or already finished: ignored, as the spec says
  it->second->cancel();
  log(LogLevel::info, "request cancelled", {{"requestId", for_log(*id)}});
}

void Session::cancel_all() {
  std::lock_guard lock(mutex_);
  for (auto& [_, token] : running_) token->cancel();
}

bool Session::wants_log(LogLevel level) {
  std::lock_guard lock(mutex_);
  return level >= client_log_level_.value_or(LogLevel::warning);
}

void Session::send_log(const Sender& to, LogLevel level, std::string_view logger, json::value data) {
  if (!wants_log(level)) return;
  to(make_notification("notifications/message", {{"level", to_string(level)}, {"logger", logger}, {"data", std::move(data)}}));
}

std::optional<json::object> Session::handle(Message& m, std::optional<PendingCall>& call) {
  using Kind = Message::Kind;
  if (m.kind == Kind::invalid) return make_error(m.id, kInvalidRequest, "Invalid Request: " + m.problem);
  if (m.kind == Kind::response) return std::nullopt;  // we send no requests, so nothing awaits one

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
  if (m.method == "tools/list") return list_tools(m);
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
  if (m.method == "server/discover")
    return make_error(m.id, kMethodNotFound,
                      "Method not found: server/discover. This server speaks the initialize handshake "
                      "(protocol versions " + supported_versions_text() + ").");
  return make_error(m.id, kMethodNotFound, "Method not found: " + m.method);
}

}  // namespace cats_mcp::mcp
