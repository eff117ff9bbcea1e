#include "tools/catalog/builders.hpp"

#include <memory>

namespace cats_mcp::tools::catalog_entries {
namespace {

constexpr std::string_view kPagingNote =
    " Paged: page (from 1, default 1) and per_page (1-100, default 25); the result has items, count, total, "
    "has_more and next_page — call again with page=next_page while has_more is true.";

Param page() {
  return {.name = "page", .type = JsonType::integer, .required = true, .place = Place::query,
          .description = "Page number, starting at 1 (default 1).", .minimum = 1, .default_value = "1"};
}

Param per_page() {
  return {.name = "per_page", .type = JsonType::integer, .required = true, .place = Place::query,
          .description = "Records per page, 1 to 100 (CATS's maximum; default 25).", .minimum = 1, .maximum = 100,
          .default_value = "25"};
}

}  // namespace

std::string_view keep(std::string text) {
  static std::vector<std::unique_ptr<std::string>> storage;
  storage.push_back(std::make_unique<std::string>(std::move(text)));
  return *storage.back();
}

Param id_in_path(std::string_view name, std::string_view description) {
  return {.name = name, .type = JsonType::integer, .required = true, .place = Place::path,
          .description = description, .minimum = 1};
}

Param id_in_body(std::string_view name, bool required, std::string_view description) {
  return {.name = name, .type = JsonType::integer, .required = required, .place = Place::body,
          .description = description, .minimum = 1};
}

Param flag(std::string_view name, bool required, Place place, std::string_view description) {
  return {.name = name, .type = JsonType::boolean, .required = required, .place = place, .description = description};
}

Param text(std::string_view name, bool required, std::string_view description, std::size_t max) {
  return {.name = name, .type = JsonType::string, .required = required, .place = Place::body,
          .description = description, .max_length = max};
}

Param one_of(std::string_view name, bool required, std::span<const std::string_view> values,
             std::string_view description) {
  return {.name = name, .type = JsonType::string, .required = required, .place = Place::body,
          .description = description, .enum_values = values};
}

Param list_of(std::string_view name, bool required, SchemaBuilder items, std::string_view description,
              std::string_view needed_hint) {
  return {.name = name, .type = JsonType::array, .required = required, .place = Place::body,
          .description = description, .structure = items, .needed_hint = needed_hint};
}

Tool list_tool(std::string_view name, std::string_view title, std::string_view description, std::string_view path,
               std::vector<Param> selectors) {
  selectors.push_back(page());
  selectors.push_back(per_page());
  return {.name = name, .title = title, .description = keep(std::string(description) + std::string(kPagingNote)),
          .method = "GET", .path = path, .safety = Safety::read, .result = ResultKind::collection,
          .params = std::move(selectors)};
}

Tool record_tool(std::string_view name, std::string_view title, std::string_view description, std::string_view path,
                 std::vector<Param> ids) {
  return {.name = name, .title = title, .description = description, .method = "GET", .path = path,
          .safety = Safety::read, .result = ResultKind::record, .params = std::move(ids)};
}

Tool delete_tool(std::string_view name, std::string_view title, std::string_view description, std::string_view path,
                 std::vector<Param> ids) {
  return {.name = name, .title = title, .description = description, .method = "DELETE", .path = path,
          .safety = Safety::destructive, .result = ResultKind::no_content, .params = std::move(ids)};
}

}  // namespace cats_mcp::tools::catalog_entries
