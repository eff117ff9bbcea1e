#pragma once
// The conformance suite's fixture server behind the protocol core's port: the tools, prompts
// and resources the official MCP conformance scenarios call (test_simple_text, ...,
// test_input_required_result_*, test://static-text, test_simple_prompt, ...), written from the
// scenario descriptions (docs/notes/conformance-fixture.md). It proves the protocol core and
// the transports end to end, with nothing of CATS in the way. Test-only.
#include "mcp/tool_provider.hpp"
#include "util/sealed_token.hpp"

#include <functional>
#include <map>
#include <string>
#include <vector>

namespace cats_mcp::fixture {

class FixtureProvider final : public mcp::ToolProvider, public mcp::ServerExtras {
 public:
  FixtureProvider();

  mcp::ServerIdentity identity() const override;
  std::string instructions() const override;
  std::string_view name_prefix() const override { return ""; }
  const std::vector<mcp::ToolInfo>& tools() const override { return infos_; }
  std::vector<boost::json::object> definitions(const std::vector<std::string_view>& names) override;
  mcp::ToolOutcome call(std::string_view name, mcp::ToolCall call) override;
  // Fixture calls sleep and wait on the client: the network pool, never the CPU pool.
  bool in_process(const boost::json::object&, const std::string&) override { return false; }
  mcp::ServerExtras* extras() override { return this; }

  std::vector<boost::json::object> prompts() override;
  mcp::ToolOutcome get_prompt(std::string_view name, mcp::ToolCall call) override;
  std::vector<boost::json::object> resources() override;
  std::vector<boost::json::object> resource_templates() override;
  mcp::ToolOutcome read_resource(std::string_view uri, mcp::ToolCall call) override;
  std::optional<boost::json::array> complete(const boost::json::object& ref, const boost::json::object& argument) override;
  bool accepts_subscriptions() const override { return true; }

  struct Tool {
    std::string name;
    std::string description;
    boost::json::object input_schema;
    bool may_ask_client = false;
    std::function<mcp::ToolOutcome(FixtureProvider&, mcp::ToolCall&)> run;
  };

  // A requestState for `tool` at `step`, sealed so a client cannot forge or alter it.
  std::string seal_state(std::string_view tool, int step) const;
  // The step a state sealed for `tool` names; nullopt when it is not one of ours or altered.
  std::optional<int> open_state(std::string_view tool, std::string_view state) const;

 private:
  std::vector<Tool> tools_;
  std::vector<mcp::ToolInfo> infos_;
  SealedToken states_ = SealedToken::with_random_key();
};

// The tools, in the order tools/list shows them (test_simple_text first: http-header-validation
// calls the first tool with {}).
std::vector<FixtureProvider::Tool> fixture_tools();

// Media the content tests need: a 1x1 PNG and a short WAV, base64.
std::string png_base64();
std::string wav_base64();

}  // namespace cats_mcp::fixture
