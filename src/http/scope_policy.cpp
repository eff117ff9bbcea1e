#include "http/scope_policy.hpp"

namespace cats_mcp::http {
namespace json = boost::json;

ScopePolicy::ScopePolicy(const mcp::ToolProvider& provider) {
  for (const auto& tool : provider.tools())
    if (!tool.read_only) changing_.insert(tool.name);
}

bool ScopePolicy::allows_read_only(const mcp::Message& message) const {
  if (message.kind != mcp::Message::Kind::request || message.method != "tools/call") return true;
  auto name = message.params.if_contains("name");
  return !name || !name->is_string() || !changing_.contains(std::string_view(name->get_string()));
}

void ScopePolicy::trim_for_read_only(const mcp::Message& message, json::object& response) const {
  if (message.method != "tools/list") return;
  auto result = response.if_contains("result");
  auto tools = result && result->is_object() ? result->get_object().if_contains("tools") : nullptr;
  if (!tools || !tools->is_array()) return;
  auto& list = tools->get_array();
  for (auto it = list.begin(); it != list.end();) {
    auto name = it->is_object() ? it->get_object().if_contains("name") : nullptr;
    if (name && name->is_string() && changing_.contains(std::string_view(name->get_string()))) it = list.erase(it);
    else ++it;
  }
}

}  // namespace cats_mcp::http
