#include "tools/tool_runner.hpp"

#include "cats/error_text.hpp"
#include "tools/request_mapping.hpp"
#include "tools/result_shaping.hpp"
#include "tools/schema_validator.hpp"
#include "tools/tool_schema.hpp"

#include <map>

namespace cats_mcp::tools {
namespace json = boost::json;

namespace {
// Input schemas are built once per tool and reused for every call.
const json::object& cached_input_schema(const Tool& tool) {
  static const std::map<const Tool*, json::object> schemas = [] {
    std::map<const Tool*, json::object> m;
    for (const auto& t : catalog()) m.emplace(&t, input_schema(t));
    return m;
  }();
  auto it = schemas.find(&tool);
  if (it != schemas.end()) return it->second;
  thread_local json::object scratch;  // a tool outside the catalog (tests)
  scratch = input_schema(tool);
  return scratch;
}

mcp::ToolOutcome failed(std::string_view text) { return {error_result(text), true}; }

std::string joined(const std::vector<std::string>& problems) {
  std::string text = "Invalid arguments: ";
  for (std::size_t i = 0; i < problems.size(); ++i) text += (i ? "; " : "") + problems[i];
  return text + ".";
}
}  // namespace

std::vector<std::string> check_arguments(const Tool& tool, const json::object& arguments, bool pcid_required) {
  auto problems = validate(arguments, cached_input_schema(tool));
  if (pcid_required && !arguments.contains("PCID"))
    problems.push_back("missing required argument `PCID`: the id of your stored CATS connection");
  if (!problems.empty()) return problems;
  for (const auto& p : tool.params)
    if (!p.needed_hint.empty() && !arguments.contains(p.name))
      problems.push_back("missing `" + std::string(p.name) + "`: " + std::string(p.needed_hint));
  return problems;
}

ToolRunner::ToolRunner(std::shared_ptr<ClientResolver> resolver) : resolver_(std::move(resolver)) {}
ToolRunner::ToolRunner(std::shared_ptr<cats::Client> client) : resolver_(std::make_shared<SingleClient>(std::move(client))) {}

ClientChoice ToolRunner::client_for(const json::object& arguments, const std::string& principal) {
  std::string pcid;
  if (auto v = arguments.if_contains("PCID"); v && v->is_string()) pcid = v->get_string();
  return resolver_->resolve(principal, pcid.empty() ? nullptr : &pcid);
}

bool ToolRunner::in_process(const json::object& arguments, const std::string& principal) {
  auto choice = client_for(arguments, principal);
  return !choice.client || choice.client->in_process();
}

mcp::ToolOutcome ToolRunner::call(const Tool& tool, const json::object& arguments, const cats::CallHooks& hooks,
                                  const std::string& principal) {
  if (auto problems = check_arguments(tool, arguments, resolver_->pcid_required()); !problems.empty())
    return failed(joined(problems));

  auto choice = client_for(arguments, principal);
  if (!choice.client) return failed(choice.error);

  auto mapped = map_request(tool, arguments);
  if (!mapped.request) return failed("Invalid arguments: " + mapped.error + ".");

  auto outcome = choice.client->send(*mapped.request, hooks);
  if (auto text = cats::error_text(*mapped.request, outcome)) return failed(*text);
  return answer(tool.result, arguments, std::move(outcome.last.response));
}

}  // namespace cats_mcp::tools
