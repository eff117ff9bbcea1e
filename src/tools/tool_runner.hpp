#pragma once
// One tool call, start to finish: validate the arguments against the published schema, map
// them to the CATS request, send it through the client, shape the answer. Every failure of
// the tool's work comes back as an `isError` result, never as an exception.
#include "cats/client.hpp"
#include "tools/catalog.hpp"

#include <boost/json.hpp>

#include <memory>
#include <string>
#include <vector>

namespace cats_mcp::tools {

// Schema problems plus arguments that are optional in the schema but needed for this call.
std::vector<std::string> check_arguments(const Tool& tool, const boost::json::object& arguments);

class ToolRunner {
 public:
  explicit ToolRunner(std::shared_ptr<cats::Client> client);

  boost::json::object call(const Tool& tool, const boost::json::object& arguments, const cats::CallHooks& hooks);

 private:
  std::shared_ptr<cats::Client> client_;
};

}  // namespace cats_mcp::tools
