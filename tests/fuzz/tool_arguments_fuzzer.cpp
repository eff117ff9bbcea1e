// Tool-argument validation and request mapping, for every tool in the catalog. The first
// byte picks the tool (modulo the catalog size), the rest is the call's `arguments` JSON.
// Besides the sanitizers, it checks what the tool layer promises CATS never sees: a request
// built from validated arguments has the catalog's method, a fully substituted path, and no
// PCID anywhere.
#include "fuzz_check.hpp"

#include "tools/catalog.hpp"
#include "tools/request_mapping.hpp"
#include "tools/schema_validator.hpp"
#include "tools/tool_runner.hpp"
#include "tools/tool_schema.hpp"

#include <boost/json.hpp>

#include <cstddef>
#include <cstdint>
#include <string_view>

using namespace cats_mcp;
namespace json = boost::json;

namespace {

void check_mapped(const tools::Tool& tool, const cats::CatsRequest& request) {
  FUZZ_CHECK(request.method == tool.method, "the request uses the catalog's method");
  FUZZ_CHECK(request.path.find_first_of("{}") == std::string::npos, "every path parameter is substituted");
  FUZZ_CHECK(request.path.starts_with("/"), "the path is relative to the API root");
  for (const auto& [name, value] : request.query) FUZZ_CHECK(name != "PCID", "PCID is never a query parameter");
  if (request.body && request.content_type == "application/json") {
    boost::system::error_code ec;
    auto body = json::parse(*request.body, ec);
    FUZZ_CHECK(!ec, "a JSON body is valid JSON");
    FUZZ_CHECK(!body.is_object() || !body.as_object().contains("PCID"), "PCID is never in the body");
  }
  (void)request.target();  // the URL the HTTPS transport would send
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  if (size == 0) return 0;
  const auto& catalog = tools::catalog();
  const tools::Tool& tool = catalog[data[0] % catalog.size()];
  std::string_view text(reinterpret_cast<const char*>(data + 1), size - 1);

  // Parsed as the protocol parses a message (the arguments are part of one).
  json::parse_options options;
  options.max_depth = 64;
  boost::system::error_code ec;
  json::value arguments = json::parse(text, ec, json::storage_ptr(), options);
  if (ec) return 0;

  if (!arguments.is_object()) {
    // The protocol refuses non-object arguments itself; the schema must refuse them too.
    static const json::object schema = tools::input_schema(catalog.front());
    FUZZ_CHECK(!tools::validate(arguments, schema).empty(), "a non-object never satisfies an input schema");
    return 0;
  }
  // As the runner does: omitted arguments with a default take it, then the whole is checked.
  auto filled = tools::with_defaults(tool, arguments.as_object());
  const json::object& args = filled ? *filled : arguments.as_object();
  FUZZ_CHECK(!tools::with_defaults(tool, args), "defaults leave no defaulted argument omitted");
  auto problems = tools::check_arguments(tool, args);
  FUZZ_CHECK(problems == tools::check_arguments(tool, arguments.as_object()),
             "checking fills the same defaults the runner does");
  if (!problems.empty()) return 0;

  auto mapped = tools::map_request(tool, args);
  FUZZ_CHECK(mapped.request.has_value() != !mapped.error.empty(), "a mapping gives either a request or an error");
  if (mapped.request) check_mapped(tool, *mapped.request);
  return 0;
}
