#include "tools/tool_filter.hpp"

#include <stdexcept>

namespace cats_mcp::tools {
namespace {
std::set<std::string> resolve(const std::vector<std::string>& names) {
  std::set<std::string> out;
  for (const auto& name : names) {
    if (name.empty()) continue;
    std::string full = name.rfind("cats_contacts_", 0) == 0 ? name : "cats_contacts_" + name;
    if (!find_tool(full)) throw std::invalid_argument("unknown tool \"" + name + "\" (see `cats-contacts-mcp tools`)");
    out.insert(full);
  }
  return out;
}
}  // namespace

ToolFilter::ToolFilter(bool read_only, const std::vector<std::string>& only, const std::vector<std::string>& exclude)
    : read_only_(read_only), only_(resolve(only)), exclude_(resolve(exclude)) {}

bool ToolFilter::allows(const Tool& tool) const { return why_not(tool).empty(); }

std::string ToolFilter::why_not(const Tool& tool) const {
  std::string name(tool.name);
  if (exclude_.count(name)) return "it is excluded by the server's --exclude-tools";
  if (read_only_ && tool.safety != Safety::read) return "the server runs in read-only mode";
  if (!only_.empty() && !only_.count(name)) return "it is not among the server's --tools";
  return {};
}

}  // namespace cats_mcp::tools
