#include "tools/filter_values.hpp"

#include "cats/contact_rules.hpp"

#include <charconv>
#include <cstdint>

namespace cats_mcp::tools {
namespace json = boost::json;

namespace {

std::string_view trim(std::string_view s) {
  while (!s.empty() && s.front() == ' ') s.remove_prefix(1);
  while (!s.empty() && s.back() == ' ') s.remove_suffix(1);
  return s;
}

std::optional<json::value> number_of(std::string_view text) {
  text = trim(text);
  std::int64_t i = 0;
  auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), i);
  if (ec == std::errc() && end == text.data() + text.size() && !text.empty()) return json::value(i);
  double d = 0;
  auto [dend, dec] = std::from_chars(text.data(), text.data() + text.size(), d);
  if (dec == std::errc() && dend == text.data() + text.size() && !text.empty()) return json::value(d);
  return std::nullopt;
}

std::optional<bool> boolean_of(std::string_view text) {
  text = trim(text);
  if (text == "true" || text == "1" || text == "yes") return true;
  if (text == "false" || text == "0" || text == "no") return false;
  return std::nullopt;
}

// An exact match is sent in the field's own type: CATS compares 42 with an id, "42" with a name.
json::value scalar_for(std::string_view field, std::string_view text) {
  auto type = cats::filter_field_type(field);
  if (type == cats::FieldType::number)
    if (auto n = number_of(text)) return *n;
  if (type == cats::FieldType::boolean)
    if (auto b = boolean_of(text)) return *b;
  return json::string(text);
}

std::string_view string_argument(const json::object& arguments, std::string_view name) {
  auto v = arguments.if_contains(name);
  return v && v->is_string() ? std::string_view(v->get_string()) : std::string_view();
}

}  // namespace

std::optional<json::value> filter_value(std::string_view filter, std::string_view field, std::string_view text,
                                        std::string& error) {
  if (filter == "is_empty") {
    if (auto b = boolean_of(text)) return json::value(*b);
    error = "`value` must be \"true\" or \"false\" for the is_empty filter (got \"" + std::string(text) + "\")";
    return std::nullopt;
  }
  if (filter == "between") {
    boost::system::error_code ec;
    auto parsed = json::parse(text, ec);
    if (!ec && parsed.is_array() && parsed.get_array().size() == 2) return parsed;
    auto comma = text.find(',');
    if (comma == std::string_view::npos || text.find(',', comma + 1) != std::string_view::npos) {
      error = "`value` must be two values \"low,high\" (or a JSON array [low, high]) for the between filter";
      return std::nullopt;
    }
    auto side = [&](std::string_view s) {
      s = trim(s);
      if (auto n = number_of(s)) return *n;
      return json::value(json::string(s));
    };
    return json::value(json::array{side(text.substr(0, comma)), side(text.substr(comma + 1))});
  }
  if (filter == "greater_than" || filter == "less_than") {
    if (auto n = number_of(text)) return *n;
    return json::value(json::string(trim(text)));  // dates compare as RFC 3339 text
  }
  if (filter == "geo_distance") {
    boost::system::error_code ec;
    auto parsed = json::parse(text, ec);
    if (!ec && parsed.is_object()) return parsed;
    return json::value(json::string(text));
  }
  if (filter == "exactly") return scalar_for(field, text);
  return json::value(json::string(text));  // contains: CATS splits the words itself
}

std::optional<json::value> filter_value_argument(const json::value& value, const json::object& arguments,
                                                 std::string& error) {
  if (!value.is_string()) return value;
  return filter_value(string_argument(arguments, "filter"), string_argument(arguments, "field"), value.get_string(),
                      error);
}

}  // namespace cats_mcp::tools
