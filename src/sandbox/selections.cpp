#include "sandbox/selections.hpp"

#include "cats/hal.hpp"
#include "cats/http_types.hpp"

namespace cats_mcp::sandbox {
namespace json = boost::json;

json::array selections_of(const json::value& stored) {
  json::array out;
  if (!stored.is_array()) return out;
  std::int64_t position = 0;
  for (const auto& choice : stored.get_array()) {
    ++position;
    if (choice.is_string()) out.push_back(json::object{{"id", position}, {"label", choice}});
    else if (choice.is_object()) out.push_back(choice);
  }
  return out;
}

const json::object* find_selection(const json::array& selections, const json::value& value) {
  auto id = cats::lenient_integer(&value);
  for (const auto& choice : selections) {
    const auto& selection = choice.get_object();
    if (id && cats::lenient_integer(selection.if_contains("id")) == id) return &selection;
    auto label = selection.if_contains("label");
    if (value.is_string() && label && label->is_string() &&
        cats::lower(std::string(label->get_string())) == cats::lower(std::string(value.get_string())))
      return &selection;
  }
  return nullptr;
}

}  // namespace cats_mcp::sandbox
