#include "tools/cats_resources.hpp"

#include "tools/resource_catalog.hpp"

#include <memory>

namespace cats_mcp::tools {
namespace json = boost::json;

namespace {
json::object described(const ResourceEntry& entry) {
  return {{entry.is_template() ? "uriTemplate" : "uri", entry.uri},
          {"name", entry.name},
          {"title", entry.title},
          {"description", entry.description},
          {"mimeType", "application/json"}};
}

mcp::ToolOutcome not_found(std::string_view uri) {
  return mcp::ToolOutcome::refuses("Resource not found: " + std::string(uri).substr(0, 200) +
                                       ". resources/list and resources/templates/list name the resources.",
                                   {{"uri", uri}});
}

// A tool result of the entry's GET as the resource's contents: its structuredContent as JSON
// text, or, when CATS could not be read, an error that says why (-32603).
mcp::ToolOutcome as_contents(std::string_view uri, mcp::ToolOutcome read) {
  const auto& content = read.result.if_contains("content");
  std::string text = content && content->is_array() && !content->get_array().empty()
                         ? std::string(content->get_array()[0].at("text").as_string())
                         : std::string("No answer.");
  // A record CATS does not have is a resource not found (-32602, as the protocol says); any
  // other failure is the server's (-32603). The text is error_text()'s, which starts so on a 404.
  if (read.is_error && text.starts_with("CATS answered HTTP 404 ")) return mcp::ToolOutcome::refuses(text, {{"uri", uri}});
  if (read.is_error) return mcp::ToolOutcome::fails(text, {{"uri", uri}});
  json::object item{{"uri", uri}, {"mimeType", "application/json"}, {"text", std::move(text)}};
  return {{{"contents", json::array{std::move(item)}}}, false};
}

// Where the read's arguments and the hooks live while a started read runs.
struct Reading {
  std::string uri;
  json::object arguments;
  mcp::ToolCall call;
  cats::CallHooks hooks;
};

cats::CallHooks hooks_of(mcp::ToolCall& call) {
  cats::CallHooks hooks;
  hooks.cancel = call.cancel;
  hooks.progress = call.progress;
  return hooks;
}
}  // namespace

mcp::ToolOutcome CatsResources::get_prompt(std::string_view name, mcp::ToolCall) {
  return mcp::ToolOutcome::refuses("Unknown prompt: " + std::string(name).substr(0, 200));
}

std::vector<json::object> CatsResources::resources() {
  std::vector<json::object> out;
  for (const auto& entry : resource_catalog())
    if (!entry.is_template()) out.push_back(described(entry));
  return out;
}

std::vector<json::object> CatsResources::resource_templates() {
  std::vector<json::object> out;
  for (const auto& entry : resource_catalog())
    if (entry.is_template()) out.push_back(described(entry));
  return out;
}

std::optional<json::array> CatsResources::complete(const json::object& ref, const json::object&) {
  auto uri = ref.if_contains("uri");
  for (const auto& entry : resource_catalog())
    if (entry.is_template() && uri && uri->is_string() && uri->get_string() == entry.uri) return json::array{};
  return std::nullopt;
}

mcp::CallKind CatsResources::read_kind(std::string_view uri, const std::string& principal) {
  json::object arguments;
  if (!find_resource(uri, arguments)) return mcp::CallKind::in_process;  // refused at once
  return runner_.call_kind(arguments, principal);
}

mcp::ToolOutcome CatsResources::read_resource(std::string_view uri, mcp::ToolCall call) {
  json::object arguments;
  const auto* entry = find_resource(uri, arguments);
  if (!entry) return not_found(uri);
  return as_contents(uri, runner_.call(entry->read, arguments, hooks_of(call), call.principal));
}

void CatsResources::start_read_resource(std::string_view uri, mcp::ToolCall call,
                                        std::function<void(mcp::ToolOutcome)> done) {
  auto reading = std::make_shared<Reading>();
  reading->uri = std::string(uri);
  const auto* entry = find_resource(uri, reading->arguments);
  if (!entry) return done(not_found(uri));
  reading->call = std::move(call);
  reading->hooks = hooks_of(reading->call);
  // The runner refers to the arguments and hooks until `done`: `reading` keeps them alive.
  runner_.start(entry->read, reading->arguments, reading->hooks, reading->call.principal,
                [reading, done = std::move(done)](mcp::ToolOutcome read) { done(as_contents(reading->uri, std::move(read))); });
}

}  // namespace cats_mcp::tools
