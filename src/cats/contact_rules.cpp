#include "cats/contact_rules.hpp"

#include <algorithm>
#include <cctype>

namespace cats_mcp::cats {

bool valid_phone_number(std::string_view number) {
  // Spaces, dots, dashes and brackets are how people write numbers; CATS keeps them.
  return number.size() >= 3 && number[0] == '+' && number[1] >= '1' && number[1] <= '9' &&
         std::all_of(number.begin() + 1, number.end(), [](unsigned char c) {
           return std::isdigit(c) || c == ' ' || c == '-' || c == '.' || c == '(' || c == ')';
         });
}

const FilterField* find_filter_field(std::string_view name) {
  for (const auto& f : kContactFilterFields)
    if (f.name == name) return &f;
  return nullptr;
}

FieldType filter_field_type(std::string_view field) {
  if (const auto* known = find_filter_field(field)) return known->type;
  return field == "id" || field.ends_with("_id") ? FieldType::number : FieldType::text;
}

bool filter_applies(const FilterField& field, std::string_view op) {
  if (op == "is_empty") return true;
  switch (field.type) {
    case FieldType::text: return op == "contains" || op == "exactly" || (op == "geo_distance" && field.geo);
    case FieldType::number: return op == "exactly" || op == "greater_than" || op == "less_than" || op == "between";
    case FieldType::boolean: return op == "exactly";
    case FieldType::date: return op == "greater_than" || op == "less_than" || op == "between";
  }
  return false;
}

}  // namespace cats_mcp::cats
