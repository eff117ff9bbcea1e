#include "tools/request_mapping.hpp"

#include "cats/contact_rules.hpp"
#include "util/json_numbers.hpp"

#include "util/base64.hpp"

#include <charconv>

namespace cats_mcp::tools {
namespace json = boost::json;

namespace {

std::string scalar_text(const json::value& v) {
  if (v.is_bool()) return v.get_bool() ? "true" : "false";
  if (v.is_int64()) return std::to_string(v.get_int64());
  if (auto n = exact_int64(v)) return std::to_string(*n);  // 5.0 is sent as 5
  if (v.is_string()) return std::string(v.get_string());
  return json::serialize(v);
}

// Integers that arrived as 5.0 are sent as 5.
json::value normalized_number(const json::value& v) {
  if (auto n = exact_int64(v)) return *n;
  return v;
}

json::value tag_refs(const json::array& tags) {
  json::array out;
  for (const auto& tag : tags) {
    if (tag.is_object()) out.push_back(json::object{{"id", normalized_number(tag.at("id"))}});
    else out.push_back(json::object{{"id", normalized_number(tag)}});
  }
  return out;
}

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

MappedRequest map_request(const Tool& tool, const json::object& args) {
  MappedRequest out;
  cats::CatsRequest request;
  request.method = tool.method;

  // Path: replace each {name} with the argument's value.
  std::string path(tool.path);
  for (const auto& p : tool.params) {
    if (p.place != Place::path) continue;
    std::string token = "{" + std::string(p.name) + "}";
    auto pos = path.find(token);
    auto value = args.if_contains(p.name);
    if (pos == std::string::npos || !value) {
      out.error = "missing required argument `" + std::string(p.name) + "`";
      return out;
    }
    path.replace(pos, token.size(), cats::percent_encode(scalar_text(*value)));
  }
  request.path = std::move(path);

  json::object body;
  bool json_body = false;
  for (const auto& p : tool.params) {
    auto value = args.if_contains(p.name);
    if (p.place == Place::body) json_body = true;
    if (!value) continue;
    switch (p.place) {
      case Place::path:
      case Place::local:
        break;
      case Place::query: {
        auto text = scalar_text(*value);
        if (!text.empty()) request.query.emplace_back(p.name, std::move(text));
        break;
      }
      case Place::body: {
        if (p.transform == Transform::tag_refs && value->is_array()) {
          body[p.name] = tag_refs(value->get_array());
        } else if (p.transform == Transform::filter_value && value->is_string()) {
          auto filter = args.if_contains("filter");
          auto field = args.if_contains("field");
          std::string error;
          auto converted = filter_value(filter && filter->is_string() ? std::string_view(filter->get_string()) : "",
                                        field && field->is_string() ? std::string_view(field->get_string()) : "",
                                        value->get_string(), error);
          if (!converted) {
            out.error = error;
            return out;
          }
          body[p.name] = std::move(*converted);
        } else {
          body[p.name] = p.type == JsonType::integer ? normalized_number(*value) : *value;
        }
        break;
      }
      case Place::raw_body: {
        auto bytes = base64_decode(value->get_string());
        if (!bytes) {
          out.error = "`" + std::string(p.name) + "` is not valid base64";
          return out;
        }
        if (bytes->size() > kMaxAttachmentBytes) {
          out.error = "`" + std::string(p.name) + "` decodes to " + std::to_string(bytes->size()) +
                      " bytes; the limit is " + std::to_string(kMaxAttachmentBytes) + " bytes (20 MB)";
          return out;
        }
        request.body = std::move(*bytes);
        // CATS refuses multipart (415); the file travels as the raw body.
        request.content_type = "application/octet-stream";
        break;
      }
    }
  }
  if (json_body && !request.body) {
    request.body = json::serialize(body);
    request.content_type = "application/json";
  }
  out.request = std::move(request);
  return out;
}

}  // namespace cats_mcp::tools
