#pragma once
// The MCP resources: the ids the tools need (users for owner_id, companies for company_id, tags,
// statuses and their triggers, custom field definitions) and one contact by id. Like the tool
// catalog, one declarative entry each: a resource is read by a GET described as a Tool, so the
// runner's checks, connection choice, retries and result shaping serve resources too.
#include "tools/catalog.hpp"

#include <vector>

namespace cats_mcp::tools {

struct ResourceEntry {
  std::string_view uri;  // "cats://users", or a URI template: "cats://contacts/{id}"
  std::string_view name;
  std::string_view title;
  std::string_view description;
  Tool read;  // the GET: a page of up to 100 summaries, or one record; a template's {id} is its `id` argument
  bool is_template() const { return uri.find('{') != std::string_view::npos; }
};

// Every resource and resource template, in the order resources/list shows them.
const std::vector<ResourceEntry>& resource_catalog();

// The resource `uri` names (a template's filled in), with the arguments its read takes
// (e.g. {"id": 5}); nullptr when no resource has this URI. A `?PCID=` query names the stored
// connection, as a tool call's PCID argument does.
const ResourceEntry* find_resource(std::string_view uri, boost::json::object& arguments);

}  // namespace cats_mcp::tools
