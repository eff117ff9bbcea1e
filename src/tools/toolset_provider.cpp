#include "tools/toolset_provider.hpp"

#include "tools/result_shaping.hpp"
#include "tools/tool_schema.hpp"
#include "util/metrics.hpp"
#include "version.hpp"

namespace cats_mcp::tools {
namespace json = boost::json;

ToolsetProvider::ToolsetProvider(const Toolset& toolset, ToolRunner& runner, std::string backend_description)
    : toolset_(toolset), runner_(runner), backend_description_(std::move(backend_description)) {
  std::vector<std::string> names;
  for (const auto& tool : toolset_.tools()) {
    tools_.push_back({std::string(tool.name), tool.safety == Safety::read});
    by_name_.emplace(std::string(tool.name), &tool);
    names.emplace_back(tool.name);
  }
  // The toolset's names are the label values of the tool-call metrics (any other name a client
  // sends is counted as "other"): whatever transport serves this provider, its calls are counted.
  metrics().set_known_tools(std::move(names));
}

mcp::ServerIdentity ToolsetProvider::identity() const {
  return {kServerName, std::string(toolset_.title), kVersion, std::string(toolset_.description)};
}

std::string ToolsetProvider::instructions() const { return toolset_.instructions(backend_description_); }

const Tool* ToolsetProvider::find(std::string_view name) const {
  auto it = by_name_.find(name);
  return it == by_name_.end() ? nullptr : it->second;
}

std::vector<json::object> ToolsetProvider::definitions(const std::vector<std::string_view>& names) {
  // Asked once per listing: whether stored connections exist (every call must then name one)
  // can change while the server runs.
  std::vector<json::object> out;
  out.reserve(names.size());
  for (auto name : names)
    if (const Tool* tool = find(name)) out.push_back(tool_definition(*tool));
  return out;
}

void ToolsetProvider::require_confirmation(SealedToken key) {
  confirmation_ = std::make_unique<DestructiveConfirmation>(std::move(key));
  for (auto& info : tools_) info.may_ask_client = DestructiveConfirmation::applies_to(*find(info.name));
}

mcp::ToolOutcome ToolsetProvider::call(std::string_view name, mcp::ToolCall call) {
  const Tool* tool = find(name);
  if (!tool) return {error_result("Unknown tool: " + std::string(name)), true};  // the session asks only for tools()
  // Confirmation is asked only for a call that could run: invalid arguments are reported as
  // they are, without bothering the user first.
  if (confirmation_ && check_arguments(*tool, call.arguments).empty())
    if (auto instead = confirmation_->check(*tool, call)) return std::move(*instead);
  return runner_.call(*tool, call.arguments, hooks_for(*tool, call), call.principal);
}

cats::CallHooks ToolsetProvider::hooks_for(const Tool& tool, mcp::ToolCall& call) {
  cats::CallHooks hooks;
  hooks.cancel = call.cancel;
  hooks.progress = call.progress;
  hooks.client_log_level = call.client_log_level;
  if (call.log)
    hooks.client_log = [&call, &tool](LogLevel level, std::string_view message, const json::object& fields) {
      json::object data = fields;
      data["message"] = message;
      data["tool"] = tool.name;
      call.log(level, "cats", std::move(data));
    };
  return hooks;
}

void ToolsetProvider::start(std::string_view name, mcp::ToolCall call, std::function<void(mcp::ToolOutcome)> done) {
  const Tool* tool = find(name);
  // A destructive tool may ask its user first, which may block: the protocol core never starts
  // one (call_kind says `blocks` for tools that may ask), and one started anyway runs here.
  if (!tool || (confirmation_ && DestructiveConfirmation::applies_to(*tool))) return done(this->call(name, std::move(call)));
  // The call and its hooks live until the outcome is in: the client refers to both meanwhile.
  struct Running {
    mcp::ToolCall call;
    cats::CallHooks hooks;
  };
  auto running = std::make_shared<Running>();
  running->call = std::move(call);
  running->hooks = hooks_for(*tool, running->call);
  runner_.start(*tool, running->call.arguments, running->hooks, running->call.principal,
                [running, done = std::move(done)](mcp::ToolOutcome outcome) { done(std::move(outcome)); });
}

bool ToolsetProvider::in_process(const json::object& arguments, const std::string& principal) {
  return runner_.in_process(arguments, principal);
}

mcp::CallKind ToolsetProvider::call_kind(const json::object& arguments, const std::string& principal) {
  return runner_.call_kind(arguments, principal);
}

}  // namespace cats_mcp::tools
