#include "mcp/tool_listing.hpp"

#include <algorithm>
#include <charconv>

namespace cats_mcp::mcp {

json::object list_tools(ToolProvider& provider, const ServerOptions& options, const Message& m) {
  std::vector<std::string_view> offered = offered_tools(provider, options.filter);
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
  std::size_t end = std::min(offered.size(), offset + std::max<std::size_t>(1, options.tools_page_size));
  auto definitions = provider.definitions(std::vector<std::string_view>(offered.begin() + std::ptrdiff_t(offset),
                                                                        offered.begin() + std::ptrdiff_t(end)));
  json::array page;
  page.reserve(definitions.size());
  for (auto& definition : definitions) page.push_back(std::move(definition));
  json::object result{{"tools", std::move(page)}};
  if (end < offered.size()) result["nextCursor"] = "t" + std::to_string(end);
  return make_result(m.id, std::move(result));
}

}  // namespace cats_mcp::mcp
