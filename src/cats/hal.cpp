#include "cats/hal.hpp"

#include "util/json_numbers.hpp"

#include <boost/url/parse.hpp>

#include <charconv>

namespace cats_mcp::cats {
namespace json = boost::json;

namespace {
std::optional<std::int64_t> parse_int(std::string_view text) {
  std::int64_t n = 0;
  auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), n);
  if (ec != std::errc() || end != text.data() + text.size()) return std::nullopt;
  return n;
}

}  // namespace

const json::array* embedded_items(const json::object& document) {
  auto it = document.find("_embedded");
  if (it == document.end() || !it->value().is_object()) return nullptr;
  for (const auto& [key, value] : it->value().get_object())
    if (value.is_array()) return &value.get_array();
  return nullptr;
}

json::array* embedded_items(json::object& document) {
  return const_cast<json::array*>(embedded_items(static_cast<const json::object&>(document)));
}

std::optional<std::int64_t> lenient_integer(const json::value* value) {
  if (!value) return std::nullopt;
  if (value->is_string()) return parse_int(value->get_string());
  return exact_int64(*value);  // never a cast of 1e300 or 2^64-1: those are no count at all
}

std::optional<std::string_view> link_href(const json::object& document, std::string_view relation) {
  auto links = document.if_contains("_links");
  if (!links || !links->is_object()) return std::nullopt;
  auto rel = links->get_object().if_contains(relation);
  if (!rel || !rel->is_object()) return std::nullopt;
  auto href = rel->get_object().if_contains("href");
  if (!href || !href->is_string()) return std::nullopt;
  return std::string_view(href->get_string());
}

std::optional<std::int64_t> page_of_href(std::string_view href) {
  auto parsed = boost::urls::parse_uri_reference(href);
  if (!parsed) return std::nullopt;
  for (auto param : parsed->params())
    if (param.key == "page" && param.has_value) return parse_int(param.value);
  return std::nullopt;
}

std::optional<std::int64_t> id_from_location(std::string_view location) {
  auto query = location.find_first_of("?#");
  if (query != std::string_view::npos) location = location.substr(0, query);
  while (!location.empty() && location.back() == '/') location.remove_suffix(1);
  auto slash = location.rfind('/');
  auto last = slash == std::string_view::npos ? location : location.substr(slash + 1);
  auto id = parse_int(last);
  if (id && *id > 0) return id;
  return std::nullopt;
}

void strip_links(json::value& value) {
  if (value.is_object()) {
    auto& object = value.get_object();
    object.erase("_links");
    for (auto& member : object) strip_links(member.value());
  } else if (value.is_array()) {
    for (auto& element : value.get_array()) strip_links(element);
  }
}

json::value without_links(const json::value& value) {
  json::value copy = value;
  strip_links(copy);
  return copy;
}

}  // namespace cats_mcp::cats
