#include "mcp/tool_filter.hpp"

#include <algorithm>
#include <stdexcept>

namespace cats_mcp::mcp {
namespace {
std::set<std::string> resolve(const ToolProvider& provider, const std::vector<std::string>& names) {
  const std::string prefix(provider.name_prefix());
  std::set<std::string> out;
  for (const auto& name : names) {
    if (name.empty()) continue;
    std::string full = name.rfind(prefix, 0) == 0 ? name : prefix + name;
    if (!find_tool(provider, full))
      throw std::invalid_argument("unknown tool \"" + name + "\" (see `" + provider.identity().name + " tools`)");
    out.insert(std::move(full));
  }
  return out;
}
}  // namespace

ToolFilter::ToolFilter(const ToolProvider& provider, bool read_only, const std::vector<std::string>& only,
                       const std::vector<std::string>& exclude)
    : read_only_(read_only), only_(resolve(provider, only)), exclude_(resolve(provider, exclude)) {}

bool ToolFilter::allows(const ToolInfo& tool) const { return why_not(tool).empty(); }

std::string ToolFilter::why_not(const ToolInfo& tool) const {
  if (exclude_.count(tool.name)) return "it is excluded by the server's --exclude-tools";
  if (read_only_ && !tool.read_only) return "the server runs in read-only mode";
  if (!only_.empty() && !only_.count(tool.name)) return "it is not among the server's --tools";
  return {};
}

std::vector<std::string_view> offered_tools(const ToolProvider& provider, const ToolFilter& filter) {
  std::vector<std::string_view> offered;
  for (const auto& tool : provider.tools())
    if (filter.allows(tool)) offered.push_back(tool.name);
  return offered;
}

}  // namespace cats_mcp::mcp
