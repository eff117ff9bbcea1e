#pragma once
// For each of the 44 tools: a call's arguments and the exact CATS request it must produce,
// as cats-api-v3.md section 2 documents it. Shared by the mapping unit test and the
// integration test that checks what reaches a CATS stand-in over HTTP.
#include <boost/json.hpp>

#include <optional>
#include <string>
#include <utility>
#include <vector>

namespace cats_mcp::testing {

struct ToolExpectation {
  std::string tool;
  boost::json::object arguments;
  std::string method;
  std::string path;
  std::vector<std::pair<std::string, std::string>> query;  // decoded, in order
  std::optional<boost::json::value> json_body;               // for JSON bodies
  std::optional<std::string> raw_body;                       // for uploads
};

const std::vector<ToolExpectation>& tool_expectations();

}  // namespace cats_mcp::testing
