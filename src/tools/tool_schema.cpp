#include "tools/tool_schema.hpp"

namespace cats_mcp::tools {
namespace json = boost::json;

namespace {
std::string_view type_name(JsonType t) {
  switch (t) {
    case JsonType::integer: return "integer";
    case JsonType::string: return "string";
    case JsonType::boolean: return "boolean";
    case JsonType::object: return "object";
    case JsonType::array: return "array";
  }
  return "string";
}

json::object param_schema(const Param& p) {
  json::object s;
  if (p.type == JsonType::object && p.structure) {
    s = p.structure();
  } else {
    s["type"] = type_name(p.type);
    if (p.type == JsonType::array && p.structure) {
      s["items"] = p.structure();
      s["maxItems"] = 1000;
    }
  }
  s["description"] = p.description;
  if (!p.enum_values.empty()) {
    json::array values;
    for (auto v : p.enum_values) values.emplace_back(v);
    s["enum"] = std::move(values);
  }
  if (p.minimum) s["minimum"] = *p.minimum;
  if (p.maximum) s["maximum"] = *p.maximum;
  if (p.min_length) s["minLength"] = *p.min_length;
  if (p.max_length) s["maxLength"] = *p.max_length;
  if (!p.pattern.empty()) s["pattern"] = p.pattern;
  if (!p.header.empty()) s["x-mcp-header"] = p.header;
  if (!p.default_value.empty()) s["default"] = json::parse(p.default_value);
  return s;
}

// `type` or null, spelled with anyOf: some clients refuse a list as a schema's `type` (MCP
// Inspector --strict warns of it), every JSON Schema reader knows anyOf.
json::object nullable(std::string_view type, std::string_view description = {}) {
  json::object s{{"anyOf", json::array{json::object{{"type", type}}, json::object{{"type", "null"}}}}};
  if (!description.empty()) s["description"] = description;
  return s;
}
}  // namespace

json::object input_schema(const Tool& tool) {
  json::object properties;
  json::array required;
  for (const auto& p : tool.params) {
    properties[p.name] = param_schema(p);
    if (p.required) required.emplace_back(p.name);
  }
  json::object schema{{"type", "object"}, {"properties", std::move(properties)}};
  if (!required.empty()) schema["required"] = std::move(required);
  schema["additionalProperties"] = false;
  if (!tool.conditionals.empty()) {
    json::array all_of;
    for (const auto& c : tool.conditionals) {
      all_of.push_back(json::object{
          {"if", {{"properties", {{c.if_param, {{"const", c.equals}}}}}, {"required", {c.if_param}}}},
          {"then", {{"required", {c.then_param}}}}});
    }
    schema["allOf"] = std::move(all_of);
  }
  return schema;
}

json::object output_schema(ResultKind kind) {
  switch (kind) {
    case ResultKind::record:
      return {{"type", "object"},
              {"description", "The CATS record, without its HAL _links."},
              {"additionalProperties", true}};
    case ResultKind::collection:
      return {{"type", "object"},
              {"properties",
               {{"items", {{"type", "array"}, {"items", {{"type", "object"}}}}},
                {"count", {{"type", "integer"}, {"description", "Items on this page."}}},
                {"total", nullable("integer", "Items on all pages, when CATS reports it.")},
                {"page", {{"type", "integer"}}},
                {"per_page", {{"type", "integer"}}},
                {"has_more", {{"type", "boolean"}}},
                {"next_page", nullable("integer", "Pass as page to get the next page.")}}},
              {"required", {"items", "count", "total", "page", "per_page", "has_more", "next_page"}}};
    case ResultKind::created:
      // A create refused as a duplicate (isError) names the record that exists instead.
      return {{"type", "object"},
              {"properties",
               {{"id", {{"type", "integer"}, {"description", "The new record's ID."}}},
                {"location", nullable("string")},
                {"duplicate_of",
                 {{"type", "integer"}, {"description", "Only on a refused duplicate (isError): the existing record's ID."}}}}},
              {"anyOf", {json::object{{"required", {"id", "location"}}}, json::object{{"required", {"duplicate_of"}}}}}};
    case ResultKind::created_many:
      return {{"type", "object"},
              {"properties",
               {{"id", nullable("integer", "The new record's ID, when CATS names one.")},
                {"location", nullable("string")}}},
              {"required", {"id", "location"}}};
    case ResultKind::no_content:
      return {{"type", "object"}, {"properties", {{"ok", {{"const", true}}}}}, {"required", {"ok"}}};
  }
  return {{"type", "object"}};
}

json::object annotations(const Tool& tool) {
  bool read = tool.safety == Safety::read;
  bool destructive = tool.safety == Safety::destructive;
  // Updates and deletes leave the same state however often they repeat; creates add a record
  // and status transitions log an activity and fire triggers each time.
  bool idempotent = read || tool.safety == Safety::update || tool.safety == Safety::destructive;
  return {{"title", tool.title},
          {"readOnlyHint", read},
          {"destructiveHint", destructive},
          {"idempotentHint", idempotent},
          {"openWorldHint", true}};
}

json::object tool_definition(const Tool& tool) {
  return {{"name", tool.name},
          {"title", tool.title},
          {"description", tool.description},
          {"inputSchema", input_schema(tool)},
          {"outputSchema", output_schema(tool.result)},
          {"annotations", annotations(tool)}};
}

}  // namespace cats_mcp::tools
