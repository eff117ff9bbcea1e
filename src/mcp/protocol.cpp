#include "mcp/protocol.hpp"

#include "tools/catalog.hpp"
#include "tools/tool_schema.hpp"
#include "util/metrics.hpp"
#include "version.hpp"

#include <charconv>

namespace cats_mcp::mcp {

std::string_view negotiate_version(std::string_view requested) {
  for (auto v : kSupportedVersions)
    if (v == requested) return v;
  return kSupportedVersions.front();
}

Session::Session(tools::ToolRunner& runner, ServerOptions options, Sender send)
    : runner_(runner), options_(std::move(options)), send_(std::move(send)) {}

std::string Session::instructions() const {
  return "Tools for the contacts of a CATS applicant-tracking account (" + options_.backend_description +
         "). Find people with cats_contacts_search_contacts (free text) or cats_contacts_filter_contacts "
         "(field/filter/value), then read or change them by id. List tools are paged: pass page (from 1) and "
         "per_page (1-100); results carry has_more and next_page, so call again with page=next_page until "
         "has_more is false. Creates return the new record's id; updates and deletes return {ok: true}. "
         "Errors come back as tool results that say what to fix or when to retry.";
}

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
  result["serverInfo"] = json::object{{"name", kServerName},
                                      {"title", "CATS Contacts"},
                                      {"version", kVersion},
                                      {"description", "The 44 cats_contacts_* tools of the CATS REST API v3 contacts API."}};
  result["instructions"] = instructions();
  log(LogLevel::info, "initialize", {{"protocolVersion", negotiated}, {"requested", for_log(requested)}});
  return result;
}

std::optional<json::object> Session::list_tools(const Message& m) {
  std::vector<const tools::Tool*> offered;
  for (const auto& tool : tools::catalog())
    if (options_.filter.allows(tool)) offered.push_back(&tool);
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
  json::array page;
  std::size_t end = std::min(offered.size(), offset + std::max<std::size_t>(1, options_.tools_page_size));
  bool pcid_required = runner_.pcid_required();
  for (std::size_t i = offset; i < end; ++i) page.push_back(tools::tool_definition(*offered[i], pcid_required));
  json::object result{{"tools", std::move(page)}};
  if (end < offered.size()) result["nextCursor"] = "t" + std::to_string(end);
  return make_result(m.id, std::move(result));
}

std::optional<json::object> Session::accept_call(Message& m, std::optional<PendingCall>& call) {
  auto name = m.params.if_contains("name");
  if (!name || !name->is_string())
    return make_error(m.id, kInvalidParams, "Invalid params: tools/call needs \"name\" (a string)");
  const tools::Tool* tool = tools::find_tool(name->get_string());
  if (!tool)
    return make_error(m.id, kInvalidParams, "Unknown tool: " + std::string(name->get_string()),
                      json::object{{"name", *name}});
  if (auto why = options_.filter.why_not(*tool); !why.empty())
    return make_error(m.id, kInvalidParams, "Tool not available: " + std::string(tool->name) + " (" + why + ")",
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
  const Sender& out = call.notify ? call.notify : send_;
  cats::CallHooks hooks;
  hooks.cancel = call.cancel.get();
  double last_progress = -1;
  if (!call.progress_token.is_null()) {
    hooks.progress = [&](double progress, double total, std::string message) {
      if (progress <= last_progress || call.cancel->cancelled()) return;  // progress must increase
      last_progress = progress;
      out(make_notification("notifications/progress", {{"progressToken", call.progress_token},
                                                         {"progress", progress},
                                                         {"total", total},
                                                         {"message", message}}));
    };
  }
  {
    std::lock_guard lock(mutex_);
    hooks.client_log_level = client_log_level_.value_or(LogLevel::warning);
  }
  hooks.client_log = [this, &call, &out](LogLevel level, std::string_view message, const json::object& fields) {
    json::object data = fields;
    data["message"] = message;
    data["tool"] = call.tool->name;
    send_log(out, level, "cats", std::move(data));
  };

  auto started = std::chrono::steady_clock::now();
  json::object result = runner_.call(*call.tool, call.arguments, hooks, call.principal);
  auto ms = std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::steady_clock::now() - started).count();
  bool is_error = result.contains("isError");
  metrics().count_tool_call(std::string(call.tool->name), is_error);
  if (log_enabled(LogLevel::info))
    log(LogLevel::info, "tool call", {{"tool", call.tool->name}, {"ms", ms}, {"isError", is_error}});

  {
    std::lock_guard lock(mutex_);
    running_.erase(id_key(call.id));
  }
  // A cancelled request gets no response, unless it succeeded anyway: a create that CATS applied
  // before the cancellation arrived must be reported, or the client may send it again.
  if (call.cancel->cancelled() && is_error) return std::nullopt;
  return make_result(call.id, std::move(result));
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
                      "(protocol versions 2025-11-25, 2025-06-18, 2025-03-26).");
  return make_error(m.id, kMethodNotFound, "Method not found: " + m.method);
}

}  // namespace cats_mcp::mcp
