#pragma once
// Which of a provider's tools a server offers: all by default; `--read-only` keeps only tools
// that change nothing; `--tools` keeps a named set (clients such as Cursor cap how many tools
// they take); `--exclude-tools` removes some. Exclusion and read-only win over an inclusion.
#include "mcp/tool_provider.hpp"

#include <set>
#include <string>
#include <vector>

namespace cats_mcp::mcp {

class ToolFilter {
 public:
  ToolFilter() = default;  // offers every tool
  // Names may omit the provider's name_prefix(). Throws std::invalid_argument naming a tool
  // the provider does not have.
  ToolFilter(const ToolProvider& provider, bool read_only, const std::vector<std::string>& only,
             const std::vector<std::string>& exclude);

  bool allows(const ToolInfo& tool) const;
  // Why a tool is not offered, for the error a call to it gets; empty when it is offered.
  std::string why_not(const ToolInfo& tool) const;

 private:
  bool read_only_ = false;
  std::set<std::string> only_;
  std::set<std::string> exclude_;
};

// The names of the provider's tools that `filter` offers, in the provider's order.
std::vector<std::string_view> offered_tools(const ToolProvider& provider, const ToolFilter& filter);

}  // namespace cats_mcp::mcp
