#include "tools/item_schemas.hpp"

namespace cats_mcp::tools {
namespace json = boost::json;

json::object positive_id() { return {{"type", "integer"}, {"minimum", 1}}; }

json::object short_string(int max_length) { return {{"type", "string"}, {"maxLength", max_length}}; }

json::object boolean_schema() { return {{"type", "boolean"}}; }

json::object closed_object(json::object properties, json::array required) {
  return {{"type", "object"}, {"properties", std::move(properties)}, {"required", std::move(required)},
          {"additionalProperties", false}};
}

}  // namespace cats_mcp::tools
