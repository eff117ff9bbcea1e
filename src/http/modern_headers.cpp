#include "http/modern_headers.hpp"

#include "util/base64.hpp"
#include "util/json_numbers.hpp"

#include <charconv>

namespace cats_mcp::http {
namespace json = boost::json;

namespace {
constexpr std::string_view kBase64Prefix = "=?base64?";
constexpr std::string_view kBase64Suffix = "?=";

std::string_view trimmed(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
  return s;
}

// Visible ASCII, space and tab: what RFC 9110 lets a field value hold as text.
bool plain_field_text(std::string_view s) {
  for (unsigned char c : s)
    if (c != '\t' && (c < 0x20 || c > 0x7e)) return false;
  return true;
}

// UTF-8 by its byte structure: lead bytes and continuation bytes where they belong.
bool valid_utf8(std::string_view s) {
  std::size_t i = 0;
  while (i < s.size()) {
    auto c = static_cast<unsigned char>(s[i]);
    std::size_t extra = 0;
    if (c < 0x80) extra = 0;
    else if (c >= 0xc2 && c <= 0xdf) extra = 1;
    else if (c >= 0xe0 && c <= 0xef) extra = 2;
    else if (c >= 0xf0 && c <= 0xf4) extra = 3;
    else return false;
    if (s.size() - i <= extra) return false;
    for (std::size_t k = 1; k <= extra; ++k)
      if ((static_cast<unsigned char>(s[i + k]) >> 6) != 0x2) return false;
    i += extra + 1;
  }
  return true;
}

// What a body value looks like in a header: strings as they are, integers in decimal,
// booleans as true/false. nullopt for a value no header can carry (objects, arrays).
std::optional<std::string> header_form(const json::value& v) {
  if (v.is_string()) return std::string(v.get_string());
  if (v.is_bool()) return v.get_bool() ? "true" : "false";
  if (auto n = exact_int64(v)) return std::to_string(*n);
  return std::nullopt;
}

// Whether a header's text names the same value as the body's: an integer by its number
// ("42" matches 42 and 42.0), anything else by its text.
bool same_value(const json::value& body, std::string_view header) {
  if (auto n = exact_int64(body)) {
    std::int64_t parsed = 0;
    auto [end, ec] = std::from_chars(header.data(), header.data() + header.size(), parsed);
    return ec == std::errc() && end == header.data() + header.size() && parsed == *n;
  }
  auto expected = header_form(body);
  return expected && *expected == header;
}

std::string mismatch(std::string_view header, std::string_view what) {
  return "Header mismatch: " + std::string(header) + " " + std::string(what);
}
}  // namespace

std::optional<std::string> header_value(std::string_view raw, std::string& error) {
  std::string_view value = trimmed(raw);
  if (!plain_field_text(value)) {
    error = "has a character that is not visible ASCII, space or tab (use the =?base64?...?= form)";
    return std::nullopt;
  }
  if (value.size() < kBase64Prefix.size() + kBase64Suffix.size() || !value.starts_with(kBase64Prefix) ||
      !value.ends_with(kBase64Suffix))
    return std::string(value);  // literal, even with one of the markers
  std::string_view encoded = value.substr(kBase64Prefix.size(), value.size() - kBase64Prefix.size() - kBase64Suffix.size());
  auto decoded = base64_decode_strict(encoded);
  if (!decoded) {
    error = "is not valid base64 inside =?base64?...?=";
    return std::nullopt;
  }
  if (!valid_utf8(*decoded)) {
    error = "decodes to bytes that are not UTF-8 text";
    return std::nullopt;
  }
  return decoded;
}

std::string check_method_header(const HeaderLookup& header, std::string_view method) {
  auto raw_method = header("Mcp-Method");
  if (!raw_method) return mismatch("Mcp-Method", "is missing: it must name the request's method (" + std::string(method) + ")");
  std::string error;
  auto sent_method = header_value(*raw_method, error);
  if (!sent_method) return mismatch("Mcp-Method", error);
  if (*sent_method != method)
    return mismatch("Mcp-Method", "is \"" + *sent_method + "\" but the body's method is \"" + std::string(method) + "\"");
  return {};
}

std::string check_name_header(const HeaderLookup& header, std::string_view method, const json::object& params) {
  std::string_view member = method == "resources/read" ? "uri" : "name";
  if (method != "tools/call" && method != "prompts/get" && method != "resources/read") return {};
  std::string error;
  std::string expected;
  if (auto v = params.if_contains(member); v && v->is_string()) expected = v->get_string();
  auto raw_name = header("Mcp-Name");
  if (!raw_name) return mismatch("Mcp-Name", "is missing: a " + std::string(method) + " must name its params." + std::string(member));
  auto sent_name = header_value(*raw_name, error);
  if (!sent_name) return mismatch("Mcp-Name", error);
  if (*sent_name != expected)
    return mismatch("Mcp-Name", "is \"" + *sent_name + "\" but params." + std::string(member) + " is \"" + expected + "\"");
  return {};
}

std::string check_param_headers(const HeaderLookup& header, const std::vector<HeaderParam>& params,
                                const json::object& arguments) {
  for (const auto& p : params) {
    std::string name = "Mcp-Param-" + p.header;
    const json::value* body = arguments.if_contains(p.property);
    bool in_body = body && !body->is_null();
    auto raw = header(name);
    if (!in_body) {
      if (raw) return mismatch(name, "is sent but the arguments have no " + p.property);
      continue;
    }
    if (!raw) return mismatch(name, "is missing: it must repeat the argument " + p.property);
    std::string error;
    auto sent = header_value(*raw, error);
    if (!sent) return mismatch(name, error);
    if (!same_value(*body, *sent)) return mismatch(name, "does not match the argument " + p.property);
  }
  return {};
}

}  // namespace cats_mcp::http
