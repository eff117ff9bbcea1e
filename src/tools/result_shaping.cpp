#include "tools/result_shaping.hpp"

#include "cats/hal.hpp"
#include "util/secrets.hpp"

namespace cats_mcp::tools {
namespace json = boost::json;

namespace {

json::value parse_body(cats::CatsResponse& response) {
  if (response.document) return std::move(*response.document);
  if (response.body.empty()) return nullptr;
  boost::system::error_code ec;
  auto doc = json::parse(response.body, ec);
  if (ec) return nullptr;
  return doc;
}

std::int64_t argument_or(const json::object& args, std::string_view name, std::int64_t fallback) {
  if (auto v = cats::lenient_integer(args.if_contains(name))) return *v;
  return fallback;
}

json::object shape_collection(const json::object& args, json::value& doc) {
  json::object none;
  json::object& object = doc.is_object() ? doc.get_object() : none;

  json::array items;
  if (auto embedded = cats::embedded_items(object)) {
    items = std::move(*embedded);  // the document is ours: take the items rather than copy them
    for (auto& item : items) cats::strip_links(item);
  }
  std::int64_t page = argument_or(args, "page", 1);
  std::int64_t per_page = argument_or(args, "per_page", 25);
  if (auto self = cats::link_href(object, "self"))
    if (auto p = cats::page_of_href(*self)) page = *p;

  auto count = cats::lenient_integer(object.if_contains("count")).value_or(std::int64_t(items.size()));
  auto total = cats::lenient_integer(object.if_contains("total"));

  // `_links.next` is the authority (observed on live CATS); without links, fall back to `total`.
  std::optional<std::int64_t> next_page;
  if (auto next = cats::link_href(object, "next")) {
    next_page = cats::page_of_href(*next).value_or(page + 1);
  } else if (!object.contains("_links") && total && page * per_page < *total) {
    next_page = page + 1;
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

json::object shape_created(const cats::CatsResponse& response, const json::value& doc) {
  json::object out;
  auto location = response.header("location");
  std::optional<std::int64_t> id;
  if (location) id = cats::id_from_location(*location);
  if (!id && doc.is_object()) id = cats::lenient_integer(doc.get_object().if_contains("id"));
  out["id"] = id ? json::value(*id) : json::value(nullptr);
  out["location"] = location ? json::value(json::string(*location)) : json::value(nullptr);
  return out;
}

}  // namespace

json::object shape_result(ResultKind kind, const json::object& args, cats::CatsResponse response) {
  json::value doc = parse_body(response);
  switch (kind) {
    case ResultKind::record: {
      cats::strip_links(doc);
      if (doc.is_object()) return std::move(doc.get_object());
      return {{"value", std::move(doc)}};  // structuredContent must be an object
    }
    case ResultKind::collection:
      return shape_collection(args, doc);
    case ResultKind::created:
      return shape_created(response, doc);
    case ResultKind::no_content:
      return {{"ok", true}};
  }
  return {};
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
