#include "tools/result_shaping.hpp"

#include "cats/error_text.hpp"
#include "cats/hal.hpp"
#include "util/json_numbers.hpp"
#include "util/secrets.hpp"

#include <boost/url/parse.hpp>

#include <limits>

namespace cats_mcp::tools {
namespace json = boost::json;

namespace {

// A read's answer must be JSON: an HTML maintenance page or garbage in a 200 is not an empty
// record. A create's body is not relied on (CATS's vary), so there it only may hold the id.
json::value parse_body(ResultKind kind, cats::CatsResponse& response) {
  if (response.document) {
    json::value doc = std::move(*response.document);
    null_non_finite_numbers(doc);  // a number JSON cannot hold must not reach the client
    return doc;
  }
  boost::system::error_code ec;
  auto doc = response.body.empty() ? json::value() : json::parse(response.body, ec);
  if (!ec) null_non_finite_numbers(doc);  // 1e400 from CATS would be written back as Infinity
  bool expects_json = kind == ResultKind::record || kind == ResultKind::collection;
  if (expects_json && (response.body.empty() || ec)) {
    auto excerpt = cats::cats_message(response);
    throw UnusableAnswer("CATS answered HTTP " + std::to_string(response.status) + " with something that is not JSON" +
                         (excerpt.empty() ? std::string(" (an empty body)") : " (\"" + excerpt + "\")") +
                         ". This was a read, so nothing was changed: try again later, and if it persists check that"
                         " CATS_API_BASE_URL (or the connection's base URL) points at the CATS v3 API.");
  }
  if (ec) return nullptr;
  return doc;
}

// `n + 1`, unless n is the largest int64 (a hostile page number): then there is no next page.
std::optional<std::int64_t> following(std::int64_t n) {
  if (n == std::numeric_limits<std::int64_t>::max()) return std::nullopt;
  return n + 1;
}

std::int64_t argument_or(const json::object& args, std::string_view name, std::int64_t fallback) {
  if (auto v = cats::lenient_integer(args.if_contains(name))) return *v;
  return fallback;
}

json::object shape_collection(const json::object& args, json::value& doc, ItemSummary summary) {
  json::object none;
  json::object& object = doc.is_object() ? doc.get_object() : none;

  json::array items;
  if (auto embedded = cats::embedded_items(object)) {
    items = std::move(*embedded);  // the document is ours: take the items rather than copy them
    for (auto& item : items) {
      // Every item is a record; anything else would break the tool's own output schema.
      if (!item.is_object())
        throw UnusableAnswer("CATS answered a page whose items are not records (found " +
                             std::string(item.is_array() ? "an array" : item.is_string() ? "a string" : "a scalar") +
                             "); nothing was changed. Try again, or report the CATS answer.");
      cats::strip_links(item);
      auto& record = item.get_object();
      record.erase("_embedded");
      if (summary) summary(record);
    }
  }
  std::int64_t page = argument_or(args, "page", 1);
  std::int64_t per_page = argument_or(args, "per_page", 25);
  if (auto self = cats::link_href(object, "self"))
    if (auto p = cats::page_of_href(*self)) page = *p;

  auto count = cats::lenient_integer(object.if_contains("count")).value_or(std::int64_t(items.size()));
  auto total = cats::lenient_integer(object.if_contains("total"));

  // `_links.next` is the authority (observed on live CATS); without links, fall back to `total`.
  // page * per_page is checked for overflow: both may come from CATS's links, or be huge.
  std::optional<std::int64_t> next_page;
  std::int64_t seen = 0;
  if (auto next = cats::link_href(object, "next")) {
    auto linked = cats::page_of_href(*next);
    next_page = linked ? linked : following(page);
  } else if (!object.contains("_links") && total && !__builtin_mul_overflow(page, per_page, &seen) && seen < *total) {
    next_page = following(page);
  }

  json::object out;
  out["items"] = std::move(items);
  out["count"] = count;
  out["total"] = total ? json::value(*total) : json::value(nullptr);
  out["page"] = page;
  out["per_page"] = per_page;
  out["has_more"] = next_page.has_value();
  out["next_page"] = next_page ? json::value(*next_page) : json::value(nullptr);
  return out;
}

// Only a Location a client could follow is passed on: an absolute http(s) URL or a path on the
// API's own host. Anything else (javascript:, //elsewhere, data:) is CATS's problem, not the model's.
bool followable(std::string_view location) {
  auto url = boost::urls::parse_uri_reference(location);
  if (!url) return false;
  if (!url->has_scheme()) return !url->has_authority();
  auto scheme = url->scheme_id();
  return (scheme == boost::urls::scheme::http || scheme == boost::urls::scheme::https) && url->has_authority();
}

// `id_required`: a single create whose answer names no new id is an error; a bulk create's may not.
json::object shape_created(const cats::CatsResponse& response, const json::value& doc, bool id_required) {
  json::object out;
  std::optional<std::string_view> location;
  if (auto header = response.header("location"); header && followable(*header)) location = header;
  std::optional<std::int64_t> id;
  if (location) id = cats::id_from_location(*location);
  if (!id && doc.is_object()) id = cats::lenient_integer(doc.get_object().if_contains("id"));
  if (id && *id <= 0) id.reset();
  if (!id && id_required)
    throw UnusableAnswer("CATS answered HTTP " + std::to_string(response.status) +
                         " but named no new record (no Location header ending in a record id). The record was"
                         " probably created: do not retry blindly; search or list to find it first, or you may"
                         " create a duplicate.");
  out["id"] = id ? json::value(*id) : json::value(nullptr);
  out["location"] = location ? json::value(json::string(*location)) : json::value(nullptr);
  return out;
}

}  // namespace

json::object shape_result(ResultKind kind, const json::object& args, cats::CatsResponse response, ItemSummary summary) {
  json::value doc = parse_body(kind, response);
  switch (kind) {
    case ResultKind::record: {
      cats::strip_links(doc);
      if (doc.is_object()) return std::move(doc.get_object());
      return {{"value", std::move(doc)}};  // structuredContent must be an object
    }
    case ResultKind::collection:
      return shape_collection(args, doc, summary);
    case ResultKind::created:
      return shape_created(response, doc, true);
    case ResultKind::created_many:
      return shape_created(response, doc, false);
    case ResultKind::no_content:
      return {{"ok", true}};
  }
  return {};
}

mcp::ToolOutcome answer(ResultKind kind, const json::object& arguments, cats::CatsResponse response,
                        ItemSummary summary) {
  try {
    return {success_result(shape_result(kind, arguments, std::move(response), summary)), false};
  } catch (const UnusableAnswer& unusable) {
    return {error_result(unusable.what()), true};
  }
}

json::object answer_result(ResultKind kind, const json::object& arguments, cats::CatsResponse response) {
  return answer(kind, arguments, std::move(response)).result;
}

json::object success_result(json::object structured) {
  auto text = json::serialize(structured);
  auto safe = redact(text);
  // A secret echoed back by CATS is masked in both copies of the result.
  if (safe != text) structured = json::parse(safe).as_object();
  json::object result;
  result["content"] = json::array{json::object{{"type", "text"}, {"text", std::move(safe)}}};
  result["structuredContent"] = std::move(structured);
  return result;
}

json::object error_result(std::string_view text) {
  return {{"content", json::array{json::object{{"type", "text"}, {"text", redact(text)}}}}, {"isError", true}};
}

}  // namespace cats_mcp::tools
