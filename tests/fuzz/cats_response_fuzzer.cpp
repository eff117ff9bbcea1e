// The CATS response reader: HAL documents (embedded items under any key, counts as numbers,
// strings or null, relative or absolute hrefs), the Location header of a create, Retry-After,
// and the error texts of failures. The input is a response as CATS sends it:
//
//   status\n                (a decimal number; anything else reads as 200)
//   header-name: value\n    (any number of them; names lower-cased)
//   \n
//   body (the rest)
//
// A 2xx is shaped as each kind of result, from the body text and from a ready document (the
// in-process sandbox's path), and must match the output schema the tool publishes; a failure
// must give a text.
#include "fuzz_check.hpp"
#include "fuzz_input.hpp"

#include "cats/error_text.hpp"
#include "cats/hal.hpp"
#include "cats/retry_policy.hpp"
#include "tools/result_shaping.hpp"
#include "tools/schema_validator.hpp"
#include "tools/tool_schema.hpp"

#include <boost/json.hpp>

#include <charconv>
#include <cctype>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <stdexcept>
#include <string_view>

using namespace cats_mcp;
namespace json = boost::json;

namespace {

cats::CatsResponse decode_response(std::string_view input) {
  cats::CatsResponse r;
  auto status = fuzz::take_until(input, '\n');
  if (std::from_chars(status.data(), status.data() + status.size(), r.status).ec != std::errc()) r.status = 200;
  while (!input.empty()) {
    auto value = fuzz::take_until(input, '\n');
    if (value.empty()) break;
    auto colon = value.find(':');
    std::string name = cats::lower(value.substr(0, colon));
    value.remove_prefix(colon == std::string_view::npos ? value.size() : colon + 1);
    while (!value.empty() && value.front() == ' ') value.remove_prefix(1);
    r.headers.emplace_back(std::move(name), std::string(value));
  }
  r.body = std::string(input);
  return r;
}

bool has_links(const json::value& v) {
  if (auto o = v.if_object()) {
    if (o->contains("_links")) return true;
    for (const auto& member : *o)
      if (has_links(member.value())) return true;
  } else if (auto a = v.if_array()) {
    for (const auto& item : *a)
      if (has_links(item)) return true;
  }
  return false;
}

// The HAL readers on their own, on whatever the body parses to.
void read_hal(const cats::CatsResponse& response) {
  boost::system::error_code ec;
  json::value doc = json::parse(response.body, ec);
  if (ec) return;
  FUZZ_CHECK(!has_links(cats::without_links(doc)), "without_links leaves no _links at any depth");
  auto object = doc.if_object();
  if (!object) return;
  (void)cats::embedded_items(*object);
  for (auto name : {"count", "total", "id", "page", "per_page"}) (void)cats::lenient_integer(object->if_contains(name));
  for (auto relation : {"self", "next", "prev", "first", "last"})
    if (auto href = cats::link_href(*object, relation)) (void)cats::page_of_href(*href);
}

// The shaped result, or nullopt when the answer is refused as unusable (not JSON where a
// record was expected, a create without an id): shaping reports that by throwing a
// runtime_error whose text is for the model.
std::optional<json::object> shaped(tools::ResultKind kind, const json::object& arguments, const cats::CatsResponse& response) {
  try {
    return tools::shape_result(kind, arguments, response);
  } catch (const std::runtime_error& unusable) {
    FUZZ_CHECK(*unusable.what() != '\0', "a refused answer says why");
    return std::nullopt;
  }
}

void shape_success(const cats::CatsResponse& response) {
  static const json::object arguments{{"page", 2}, {"per_page", 10}, {"id", 5}};
  static const json::object schemas[] = {tools::output_schema(tools::ResultKind::record),
                                         tools::output_schema(tools::ResultKind::collection),
                                         tools::output_schema(tools::ResultKind::created),
                                         tools::output_schema(tools::ResultKind::created_many),
                                         tools::output_schema(tools::ResultKind::no_content)};  // in enum order
  boost::system::error_code ec;
  json::value parsed = json::parse(response.body, ec);
  for (auto kind : {tools::ResultKind::record, tools::ResultKind::collection, tools::ResultKind::created,
                    tools::ResultKind::created_many, tools::ResultKind::no_content}) {
    auto from_text = shaped(kind, arguments, response);
    if (!ec) {  // the in-process sandbox hands over the document instead of its text
      cats::CatsResponse with_document = response;
      with_document.body.clear();
      with_document.document = parsed;
      FUZZ_CHECK(shaped(kind, arguments, with_document) == from_text, "a document shapes as its text does");
    }
    if (!from_text) continue;
    auto problems = tools::validate(*from_text, schemas[int(kind)]);
    if (!problems.empty()) std::fprintf(stderr, "output schema: %s\n", problems.front().c_str());
    FUZZ_CHECK(problems.empty(), "a shaped result matches the tool's output schema");
    FUZZ_CHECK(kind == tools::ResultKind::created || kind == tools::ResultKind::created_many || !has_links(*from_text), "results carry no HAL _links");
    (void)tools::success_result(std::move(*from_text));
  }
}

void describe_failure(const cats::CatsResponse& response) {
  cats::ClientOutcome outcome;
  outcome.last.response = response;
  outcome.attempts = 3;
  if (auto retry_after = response.header("retry-after")) outcome.retry_after = cats::parse_retry_after(*retry_after);
  for (auto method : {"GET", "POST"}) {
    cats::CatsRequest request;
    request.method = method;
    request.path = "/contacts/5";
    auto text = cats::error_text(request, outcome);
    FUZZ_CHECK(text.has_value() && !text->empty(), "a failed response always gets an error text");
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  auto response = decode_response(std::string_view(reinterpret_cast<const char*>(data), size));
  read_hal(response);
  if (auto location = response.header("location")) (void)cats::id_from_location(*location);
  (void)cats::cats_message(response);
  if (response.status >= 200 && response.status <= 299) shape_success(response);
  else describe_failure(response);
  return 0;
}
