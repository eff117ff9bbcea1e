#include "tools/item_schemas.hpp"

#include "cats/contact_rules.hpp"

namespace cats_mcp::tools {
namespace json = boost::json;

namespace {
json::object positive_id() { return {{"type", "integer"}, {"minimum", 1}}; }
json::object short_string(int max = 1000) { return {{"type", "string"}, {"maxLength", max}}; }

json::object object_of(json::object properties, json::array required) {
  return {{"type", "object"}, {"properties", std::move(properties)}, {"required", std::move(required)},
          {"additionalProperties", false}};
}
}  // namespace

json::object shape_schema(Shape shape) {
  switch (shape) {
    case Shape::tag_refs:
      return {{"anyOf", json::array{positive_id(), object_of({{"id", positive_id()}}, {"id"})}}};
    case Shape::list_item_refs:
      return object_of({{"contact_id", positive_id()}}, {"contact_id"});
    case Shape::emails:
      return object_of({{"email", short_string()}, {"is_primary", {{"type", "boolean"}}}}, {"email"});
    case Shape::phones: {
      auto number = short_string();
      number["pattern"] = cats::kPhoneNumberPattern;
      json::array types;
      for (auto type : cats::kPhoneTypes) types.emplace_back(type);
      return object_of({{"number", std::move(number)},
                        {"extension", short_string(32)},
                        {"type", {{"type", "string"}, {"enum", std::move(types)}}}},
                       {"number", "type"});
    }
    case Shape::custom_fields:
      return object_of(
          {{"id", positive_id()},
           {"value", {{"type", json::array{"string", "number", "boolean", "array", "null"}}}}},
          {"id", "value"});
    case Shape::triggers:
      return object_of({{"id", positive_id()}, {"fire", {{"type", "boolean"}}}}, {"id", "fire"});
    case Shape::strings:
      return short_string(2000);
    case Shape::address:
      return object_of({{"street", short_string()},
                        {"city", short_string()},
                        {"state", short_string()},
                        {"postal_code", short_string(32)}},
                       {});
    case Shape::none:
      break;
  }
  return {};
}

}  // namespace cats_mcp::tools
