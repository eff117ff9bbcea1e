#include "tools/current_record_fill.hpp"

#include "cats/error_text.hpp"
#include "tools/result_shaping.hpp"
#include "util/joined.hpp"

namespace cats_mcp::tools {
namespace json = boost::json;

std::vector<std::string_view> fields_to_fill(const Tool& tool, const json::object& arguments) {
  std::vector<std::string_view> missing;
  for (auto field : tool.fill_from_current)
    if (!arguments.contains(field)) missing.push_back(field);
  return missing;
}

cats::CatsRequest current_record_request(const cats::CatsRequest& update) { return {"GET", update.path, {}, {}, {}, {}}; }

FilledArguments fill_from_current(const json::object& arguments, const std::vector<std::string_view>& fields,
                                  const cats::CatsRequest& read, cats::ClientOutcome current) {
  auto refuse = [&](std::string_view why) {
    return FilledArguments{mcp::ToolOutcome{error_result("Nothing was changed: CATS requires " + joined(fields) +
                                                         " on every update, so they are read from the record first, "
                                                         "and that failed. " + std::string(why)),
                                            true},
                           {}};
  };
  if (auto text = cats::error_text(read, current)) return refuse(*text);
  json::object record;
  try {
    record = shape_result(ResultKind::record, {}, std::move(current.last.response));
  } catch (const UnusableAnswer& unusable) {
    return refuse(unusable.what());
  }
  FilledArguments filled{std::nullopt, arguments};
  for (auto field : fields)
    // A value the record lacks (or holds as null) stays omitted: CATS then says what it needs.
    if (auto* value = record.if_contains(field); value && !value->is_null()) filled.arguments[field] = *value;
  return filled;
}

}  // namespace cats_mcp::tools
