#include "tools/request_mapping.hpp"

#include "cats/contact_rules.hpp"
#include "util/base64.hpp"
#include "util/json_numbers.hpp"

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

}  // namespace

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
        if (p.rewrite) {
          std::string error;
          auto rewritten = p.rewrite(*value, args, error);
          if (!rewritten) {
            out.error = error;
            return out;
          }
          body[p.name] = std::move(*rewritten);
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
        if (bytes->size() > cats::kMaxAttachmentBytes) {
          out.error = "`" + std::string(p.name) + "` decodes to " + std::to_string(bytes->size()) +
                      " bytes; the limit is " + std::to_string(cats::kMaxAttachmentBytes) + " bytes (20 MB)";
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
