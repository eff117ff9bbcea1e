#pragma once
// CATS's rules for contacts, written once: the published tool schemas (tools/), the request
// mapper (tools/) and the sandbox that plays CATS (sandbox/) all read them here, so the three
// cannot disagree. Data and pure functions only: this header includes nothing from tools/ or
// sandbox/, which both sit above the cats/ layer.
#include "util/joined.hpp"

#include <array>
#include <cstddef>
#include <string>
#include <string_view>

namespace cats_mcp::cats {

// The largest attachment CATS takes: 20 MB.
inline constexpr std::size_t kMaxAttachmentBytes = 20 * 1024 * 1024;

// Where a contact's thumbnail comes from.
inline constexpr std::array<std::string_view, 3> kThumbnailSources = {"attachment", "gravatar", "disabled"};

// The phone types CATS accepts.
inline constexpr std::array<std::string_view, 6> kPhoneTypes = {"mobile", "home", "work", "fax", "main", "other"};

// The activity types CATS accepts.
inline constexpr std::array<std::string_view, 7> kActivityTypes = {"email",       "meeting",      "call_talked", "call_lvm",
                                                                   "call_missed", "text_message", "other"};

// A phone number carries its country code: "+", a digit 1-9, then digits and separators.
// A JSON Schema can state the start up front; the whole rule is valid_phone_number(), which
// accepts nothing the pattern refuses.
inline constexpr std::string_view kPhoneNumberPattern = "^\\+[1-9]";
bool valid_phone_number(std::string_view number);

// The operators of CATS's field filters (POST /contacts/search).
inline constexpr std::array<std::string_view, 7> kFilterOperators = {"contains",  "exactly", "is_empty", "greater_than",
                                                                     "less_than", "between", "geo_distance"};

enum class FieldType { text, number, boolean, date };

struct FilterField {
  std::string_view name;
  FieldType type;
  bool documented = true;  // false: not in cats-api-v3.md section 3, guessed by analogy with jobs/companies
  bool geo = false;        // takes geo_distance
};

// The contact fields CATS filters on, in the order cats-api-v3.md lists them.
inline constexpr FilterField kContactFilterFields[] = {
    {"id", FieldType::number},
    {"first_name", FieldType::text},
    {"last_name", FieldType::text},
    {"title", FieldType::text},
    {"reports_to_id", FieldType::number},
    {"owner_id", FieldType::number},
    {"company_id", FieldType::number},
    {"entered_by_id", FieldType::number, false},
    {"status_id", FieldType::number},
    {"emails.primary", FieldType::text},
    {"emails.secondary", FieldType::text},
    {"address.street", FieldType::text},
    {"address.city", FieldType::text},
    {"address.state", FieldType::text},
    {"address.postal_code", FieldType::text, true, true},
    {"country_code", FieldType::text},
    {"notes", FieldType::text},
    {"is_hot", FieldType::boolean},
    {"has_left_company", FieldType::boolean},
    {"date_created", FieldType::date},
    {"date_modified", FieldType::date},
};

// The field of that name, or nullptr.
const FilterField* find_filter_field(std::string_view name);

// The type to send a filter value on `field` as. A field missing from the table (real CATS may
// filter on more than it documents) follows CATS's naming: `id` and `*_id` are numbers.
FieldType filter_field_type(std::string_view field);

// Whether CATS lets `op` filter `field` (otherwise it answers 400).
bool filter_applies(const FilterField& field, std::string_view op);

// "a, b, c": a list of allowed values, as messages and descriptions spell it.
template <std::size_t N>
std::string listed(const std::array<std::string_view, N>& values) {
  return joined(values);
}

}  // namespace cats_mcp::cats
