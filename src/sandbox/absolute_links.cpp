#include "sandbox/absolute_links.hpp"

namespace cats_mcp::sandbox {
namespace {

bool is_path(std::string_view href) { return href.starts_with('/') && !href.starts_with("//"); }

void absolutize_hrefs(json::object& links, std::string_view api_root) {
  for (auto& relation : links) {
    if (!relation.value().is_object()) continue;
    auto* href = relation.value().get_object().if_contains("href");
    if (href && href->is_string() && is_path(href->get_string())) {
      json::string absolute(api_root, href->storage());  // in the document's own storage (its arena)
      absolute.append(href->get_string());
      *href = std::move(absolute);
    }
  }
}

void walk(json::value& value, std::string_view api_root) {
  if (value.is_array()) {
    for (auto& element : value.get_array()) walk(element, api_root);
  } else if (value.is_object()) {
    for (auto& member : value.get_object()) {
      if (member.key() == "_links" && member.value().is_object()) absolutize_hrefs(member.value().get_object(), api_root);
      else walk(member.value(), api_root);
    }
  }
}

}  // namespace

void make_links_absolute(Response& response, std::string_view api_root) {
  for (auto& [name, value] : response.headers)
    if (name == "Location" && is_path(value)) value = std::string(api_root) + value;
  if (response.document) walk(*response.document, api_root);
}

}  // namespace cats_mcp::sandbox
