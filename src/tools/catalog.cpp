#include "tools/catalog.hpp"

#include "tools/catalog/families.hpp"

#include <algorithm>

namespace cats_mcp::tools {
namespace {

// Every tool may name the stored CATS connection it acts for.
Param pcid() {
  return {.name = "PCID", .type = JsonType::string, .required = false, .place = Place::local,
          .description = "The ID of the stored CATS connection this call acts for. Omit it when the server "
                         "has no stored connections, or when you own exactly one: that one is used.",
          .max_length = 200,
          // The tenant: a gateway in front of several replicas may route on Mcp-Param-PCID.
          .header = "PCID"};
}

std::vector<Tool> build_catalog() {
  using namespace catalog_entries;
  std::vector<Tool> tools;
  for (auto family : {contact_tools, email_tools, phone_tools, tag_tools, contact_list_tools, custom_field_tools,
                      status_tools, activity_tools}) {
    auto more = family();
    tools.insert(tools.end(), std::make_move_iterator(more.begin()), std::make_move_iterator(more.end()));
  }
  // The seed lists its tools by name, and tools/list keeps the seed's order.
  std::sort(tools.begin(), tools.end(), [](const Tool& a, const Tool& b) { return a.name < b.name; });
  for (auto& tool : tools) tool.params.push_back(pcid());
  return tools;
}

}  // namespace

const std::vector<Tool>& catalog() {
  static const std::vector<Tool> tools = build_catalog();
  return tools;
}

const Tool* find_tool(std::string_view name) {
  const auto& tools = catalog();
  auto it = std::find_if(tools.begin(), tools.end(), [&](const Tool& t) { return t.name == name; });
  return it == tools.end() ? nullptr : &*it;
}

}  // namespace cats_mcp::tools
