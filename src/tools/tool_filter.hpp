#pragma once
// Which tools a server offers: all 44 by default; `--read-only` keeps only tools that change
// nothing; `--tools` keeps a named set (clients such as Cursor cap how many tools they take);
// `--exclude-tools` removes some. Exclusion and read-only win over an explicit inclusion.
#include "tools/catalog.hpp"

#include <set>
#include <string>
#include <vector>

namespace cats_mcp::tools {

class ToolFilter {
 public:
  ToolFilter() = default;
  // Names may omit the "cats_contacts_" prefix. Throws std::invalid_argument naming an unknown tool.
  ToolFilter(bool read_only, const std::vector<std::string>& only, const std::vector<std::string>& exclude);

  bool allows(const Tool& tool) const;
  // Why a tool is not offered, for the error a call to it gets.
  std::string why_not(const Tool& tool) const;

 private:
  bool read_only_ = false;
  std::set<std::string> only_;
  std::set<std::string> exclude_;
};

}  // namespace cats_mcp::tools
