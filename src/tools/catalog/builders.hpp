#pragma once
// The words catalog entries are written in: each kind of parameter, and the read-only paged
// list most resources have, said once. Only the files of src/tools/catalog/ use them.
#include "cats/contact_rules.hpp"
#include "tools/catalog.hpp"

#include <array>
#include <string>

namespace cats_mcp::tools::catalog_entries {

inline constexpr std::size_t kShortText = 1'000;   // names, titles, emails, phone numbers
inline constexpr std::size_t kLongText = 100'000;  // notes

// Keeps a description built at start-up alive for the string_views that point into it.
std::string_view keep(std::string text);

// "One of a, b, c.": an enum's description says the values the schema's enum holds.
template <std::size_t N>
std::string_view one_of_text(const std::array<std::string_view, N>& values) {
  return keep("One of " + cats::listed(values) + ".");
}

Param id_in_path(std::string_view name, std::string_view description);
Param id_in_body(std::string_view name, bool required, std::string_view description);
Param flag(std::string_view name, bool required, Place place, std::string_view description);
Param text(std::string_view name, bool required, std::string_view description, std::size_t max = kShortText);
Param one_of(std::string_view name, bool required, std::span<const std::string_view> values,
             std::string_view description);
Param list_of(std::string_view name, bool required, SchemaBuilder items, std::string_view description,
              std::string_view needed_hint = {});

// A read-only page of a collection: `selectors` (the path ids or query that pick what is listed),
// then page and per_page; the description gains the paging note; the result is a collection.
Tool list_tool(std::string_view name, std::string_view title, std::string_view description, std::string_view path,
               std::vector<Param> selectors = {});

// GET of one record named by the path's ids: read-only, the record is the result.
Tool record_tool(std::string_view name, std::string_view title, std::string_view description, std::string_view path,
                 std::vector<Param> ids);

// DELETE of one record named by the path's ids: destructive, answers {ok: true}.
Tool delete_tool(std::string_view name, std::string_view title, std::string_view description, std::string_view path,
                 std::vector<Param> ids);

}  // namespace cats_mcp::tools::catalog_entries
