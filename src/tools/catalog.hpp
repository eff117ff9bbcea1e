#pragma once
// The catalog: one declarative entry per tool. Everything else — the published schemas,
// argument validation, the CATS request, the shape of the result — is generic code that
// reads these entries. The entries live in src/tools/catalog/, one file per resource family;
// a 45th tool is one more entry there.
#include <boost/json/fwd.hpp>

#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace cats_mcp::tools {

enum class JsonType { integer, string, boolean, object, array };

// Where an argument goes in the CATS request.
enum class Place {
  path,      // substituted into the path template
  query,     // the query string
  body,      // a member of the JSON body
  raw_body,  // base64 text decoded into the raw request body (uploads)
  local,     // used by the server itself and never sent to CATS (PCID)
};

// The safety class decides the four MCP annotations.
enum class Safety {
  read,         // reads only
  create,       // adds a record each time: not idempotent
  update,       // sets state to what the arguments say: idempotent
  transition,   // changes state and fires side effects (activities, triggers) each time: not idempotent
  destructive,  // removes data (deletes, replacing the whole tag set): idempotent
};

// How the CATS response becomes the tool's structured result.
enum class ResultKind {
  record,      // one object, `_links` removed
  collection,  // {items, count, total, page, per_page, has_more, next_page}
  created,     // {id, location} from the Location header; an answer naming no new id is an error
  created_many,  // the same for a bulk create (list items): CATS may name no single id, so id may be null
  no_content,  // {ok: true}
};

// Builds part of a parameter's JSON Schema. Each catalog entry names its own, so the generic
// schema code knows no toolset's shapes and a new toolset edits none of it.
using SchemaBuilder = boost::json::object (*)();

// Rewrites a validated argument into what the service takes ([5, {"id": 6}] -> [{"id": 5},
// {"id": 6}]); `arguments` are all of the call's. nullopt, with `error` set, refuses the call.
using Rewrite = std::optional<boost::json::value> (*)(const boost::json::value& value,
                                                       const boost::json::object& arguments, std::string& error);

// Turns one item of a listed page into what an agent needs to pick it (`summary` below). Owns
// nothing: it edits the page's own item in place.
using ItemSummary = void (*)(boost::json::object& item);

struct Param {
  std::string_view name;
  JsonType type;
  bool required;  // exactly as the seed says
  Place place;
  std::string_view description;
  std::span<const std::string_view> enum_values{};
  std::optional<std::int64_t> minimum{};
  std::optional<std::int64_t> maximum{};
  std::optional<std::size_t> min_length{};
  std::optional<std::size_t> max_length{};
  std::string_view pattern{};
  // An array's item schema, or an object's whole schema (properties, required...).
  SchemaBuilder structure = nullptr;
  // Applied after validation, before the request is built (body parameters).
  Rewrite rewrite = nullptr;
  // Optional in the schema (the seed's flag, or an added parameter) yet the call cannot do its
  // job without it: an omitted value is refused with this hint instead of being guessed.
  std::string_view needed_hint{};
  // MCP 2026-07-28 x-mcp-header: clients also send the argument as the HTTP header
  // Mcp-Param-<header>, so a gateway can route on it without reading the body. Never a secret.
  std::string_view header{};
  // JSON text of the value an omitted argument takes ("25"). The schema shows it as `default` and
  // keeps the seed's required flag; a call that omits the argument is served as if it gave it.
  std::string_view default_value{};
};

// "`then_param` is required when `if_param` equals `equals`" (stated in the seed's prose).
struct Conditional {
  std::string_view if_param;
  std::string_view equals;
  std::string_view then_param;
};

struct Tool {
  std::string_view name;
  std::string_view title;
  std::string_view description;
  std::string_view method;
  std::string_view path;  // "/contacts/{contact_id}/emails/{id}"
  Safety safety;
  ResultKind result;
  std::vector<Param> params;  // the seed's parameters in the seed's order, then added ones
  std::vector<Conditional> conditionals{};
  // A collection's items are summaries: without `_links` and `_embedded` (copies of what the
  // record says at its top level, timestamps, triggers), then narrowed by `summary` when set.
  // A page of 100 contacts must fit a model's tool-result limit; get_* tools give whole records.
  ItemSummary summary = nullptr;
  // Body fields CATS requires on this PUT although the seed makes them optional: those a call
  // omits are read from the current record first (tools/current_record_fill.hpp).
  std::span<const std::string_view> fill_from_current{};
};

// All 44 tools in the seed's order, each with the common PCID parameter appended.
const std::vector<Tool>& catalog();
const Tool* find_tool(std::string_view name);


}  // namespace cats_mcp::tools
