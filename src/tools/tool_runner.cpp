#include "tools/tool_runner.hpp"

#include "cats/error_text.hpp"
#include "tools/current_record_fill.hpp"
#include "tools/request_mapping.hpp"
#include "tools/result_shaping.hpp"
#include "tools/schema_validator.hpp"
#include "tools/tool_schema.hpp"

#include "util/joined.hpp"

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

// The current record's values could not make a request (a value CATS itself gave us): say so.
mcp::ToolOutcome unmappable(const Tool& tool) {
  return failed("Nothing was changed: the values read from the record could not be sent back to CATS as they are. "
                "Pass " + joined(tool.fill_from_current) + " yourself.");
}

std::string problems_text(const std::vector<std::string>& problems) {
  std::string text = "Invalid arguments: ";
  for (std::size_t i = 0; i < problems.size(); ++i) text += (i ? "; " : "") + problems[i];
  return text + ".";
}
}  // namespace

std::optional<json::object> with_defaults(const Tool& tool, const json::object& arguments) {
  std::optional<json::object> filled;
  for (const auto& p : tool.params) {
    if (p.default_value.empty() || arguments.contains(p.name)) continue;
    if (!filled) filled = arguments;
    (*filled)[p.name] = json::parse(p.default_value);
  }
  return filled;
}

std::vector<std::string> check_arguments(const Tool& tool, const json::object& given) {
  auto filled = with_defaults(tool, given);
  const auto& arguments = filled ? *filled : given;
  auto problems = validate(arguments, cached_input_schema(tool));
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

mcp::CallKind ToolRunner::call_kind(const json::object& arguments, const std::string& principal) {
  auto choice = client_for(arguments, principal);
  if (!choice.client || choice.client->in_process()) return mcp::CallKind::in_process;
  return choice.client->non_blocking() ? mcp::CallKind::waits : mcp::CallKind::blocks;
}

ToolRunner::Prepared ToolRunner::prepare(const Tool& tool, const json::object& given, const std::string& principal) {
  auto filled = with_defaults(tool, given);
  const auto& arguments = filled ? *filled : given;
  if (auto problems = check_arguments(tool, arguments); !problems.empty())  // copies nothing now: all are given
    return {failed(problems_text(problems)), nullptr, std::nullopt, std::nullopt};
  auto choice = client_for(arguments, principal);
  if (!choice.client) return {failed(choice.error), nullptr, std::nullopt, std::nullopt};
  auto mapped = map_request(tool, arguments);
  if (!mapped.request) return {failed("Invalid arguments: " + mapped.error + "."), nullptr, std::nullopt, std::nullopt};
  return {std::nullopt, std::move(choice.client), std::move(mapped.request), std::move(filled)};
}

namespace {
// What CATS's answer (or the failure to get one) means for the agent.
mcp::ToolOutcome outcome_of(const Tool& tool, const json::object& arguments, const cats::CatsRequest& request,
                            cats::ClientOutcome outcome) {
  if (auto text = cats::error_text(request, outcome)) {
    auto refused = failed(*text);
    if (auto existing = cats::duplicate_of(outcome.last.response))
      refused.result["structuredContent"] = json::object{{"duplicate_of", *existing}};
    return refused;
  }
  return answer(tool.result, arguments, std::move(outcome.last.response), tool.summary);
}
}  // namespace

bool ToolRunner::remap(const Tool& tool, Prepared& prepared, json::object arguments) {
  auto mapped = map_request(tool, arguments);
  if (!mapped.request) return false;
  prepared.request = std::move(mapped.request);
  prepared.filled = std::move(arguments);
  return true;
}

mcp::ToolOutcome ToolRunner::call(const Tool& tool, const json::object& arguments, const cats::CallHooks& hooks,
                                  const std::string& principal) {
  auto prepared = prepare(tool, arguments, principal);
  if (prepared.refused) return std::move(*prepared.refused);
  if (auto missing = fields_to_fill(tool, prepared.arguments_or(arguments)); !missing.empty()) {
    auto read = current_record_request(*prepared.request);
    auto filled = fill_from_current(prepared.arguments_or(arguments), missing, read, prepared.client->send(read, hooks));
    if (filled.refused) return std::move(*filled.refused);
    if (!remap(tool, prepared, std::move(filled.arguments))) return unmappable(tool);
  }
  auto outcome = prepared.client->send(*prepared.request, hooks);
  return outcome_of(tool, prepared.arguments_or(arguments), *prepared.request, std::move(outcome));
}

void ToolRunner::start(const Tool& tool, const json::object& arguments, const cats::CallHooks& hooks,
                       const std::string& principal, std::function<void(mcp::ToolOutcome)> done) {
  auto prepared = prepare(tool, arguments, principal);
  if (prepared.refused) return done(std::move(*prepared.refused));
  auto missing = fields_to_fill(tool, prepared.arguments_or(arguments));
  if (missing.empty() || !prepared.client->non_blocking()) {
    if (!missing.empty()) return done(call(tool, arguments, hooks, principal));  // blocks: see send()
    return send(tool, arguments, hooks, std::move(prepared), std::move(done));
  }
  // One GET for the fields CATS requires, then the update: both on the CATS loop.
  auto read = current_record_request(*prepared.request);
  auto client = prepared.client;
  auto waiting = std::make_shared<Prepared>(std::move(prepared));
  client->start(read, hooks,
                [&tool, &arguments, &hooks, waiting, missing = std::move(missing), read,
                 done = std::move(done)](cats::ClientOutcome current) mutable {
                  try {
                    auto filled = fill_from_current(waiting->arguments_or(arguments), missing, read, std::move(current));
                    if (filled.refused) return done(std::move(*filled.refused));
                    if (!remap(tool, *waiting, std::move(filled.arguments))) return done(unmappable(tool));
                  } catch (const std::exception&) {  // runs on the CATS loop: nothing may escape
                    return done(failed("Internal error while reading the record to update."));
                  }
                  send(tool, arguments, hooks, std::move(*waiting), std::move(done));
                });
}

void ToolRunner::send(const Tool& tool, const json::object& arguments, const cats::CallHooks& hooks, Prepared prepared,
                      std::function<void(mcp::ToolOutcome)> done) {
  if (!prepared.client->non_blocking())  // a caller that did not ask call_kind(): blocks here instead
    return done(outcome_of(tool, prepared.arguments_or(arguments), *prepared.request,
                           prepared.client->send(*prepared.request, hooks)));
  // What the error text needs of the request after it went: its method and path, never a copy
  // of its body (an attachment's may be 27 MB).
  cats::CatsRequest request{prepared.request->method, prepared.request->path, {}, {}, {}, {}};
  prepared.client->start(std::move(*prepared.request), hooks,
                         [&tool, &arguments, filled = std::move(prepared.filled), request = std::move(request),
                          done = std::move(done)](cats::ClientOutcome outcome) {
                           mcp::ToolOutcome result;
                           try {
                             result = outcome_of(tool, filled ? *filled : arguments, request, std::move(outcome));
                           } catch (const std::exception&) {  // runs on the CATS loop: nothing may escape
                             result = failed("Internal error while reading CATS's answer.");
                           }
                           done(std::move(result));
                         });
}

}  // namespace cats_mcp::tools
