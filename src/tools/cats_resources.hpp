#pragma once
// The resource catalog served through the protocol core's port (mcp::ServerExtras): each
// resources/read is its entry's GET, run by the ToolRunner for the caller's connection, and
// scheduled by the transports as a tool call of the same kind is (it may wait on CATS).
#include "mcp/tool_provider.hpp"
#include "tools/tool_runner.hpp"

namespace cats_mcp::tools {

class CatsResources final : public mcp::ServerExtras {
 public:
  explicit CatsResources(ToolRunner& runner) : runner_(runner) {}

  std::vector<boost::json::object> prompts() override { return {}; }
  mcp::ToolOutcome get_prompt(std::string_view name, mcp::ToolCall call) override;
  std::vector<boost::json::object> resources() override;
  std::vector<boost::json::object> resource_templates() override;
  mcp::ToolOutcome read_resource(std::string_view uri, mcp::ToolCall call) override;
  std::optional<boost::json::array> complete(const boost::json::object& ref, const boost::json::object& argument) override;

  bool offers_completions() const override { return false; }  // an id has no useful completion
  bool reads_like_calls() const override { return true; }
  mcp::CallKind read_kind(std::string_view uri, const std::string& principal) override;
  void start_read_resource(std::string_view uri, mcp::ToolCall call, std::function<void(mcp::ToolOutcome)> done) override;

 private:
  ToolRunner& runner_;
};

}  // namespace cats_mcp::tools
