#pragma once
// A toolset served through the protocol core's port (mcp/tool_provider.hpp): the toolset says
// what the tools are and what the server says about them, the ToolRunner runs them against
// the CATS backend, and this class translates between the protocol's terms and CATS's.
#include "mcp/tool_provider.hpp"
#include "tools/cats_resources.hpp"
#include "tools/destructive_confirmation.hpp"
#include "tools/tool_runner.hpp"
#include "tools/toolset.hpp"

#include <map>
#include <memory>
#include <string>
#include <vector>

namespace cats_mcp::tools {

class ToolsetProvider final : public mcp::ToolProvider {
 public:
  // `toolset` and `runner` must outlive the provider. `backend_description` says what serves
  // the calls, for the instructions (e.g. "CATS at https://api.catsone.com/v3"): the model
  // reads it, so it names no local path.
  ToolsetProvider(const Toolset& toolset, ToolRunner& runner, std::string backend_description);

  mcp::ServerIdentity identity() const override;
  std::string instructions() const override;
  std::string_view name_prefix() const override { return toolset_.prefix; }
  const std::vector<mcp::ToolInfo>& tools() const override { return tools_; }
  std::vector<boost::json::object> definitions(const std::vector<std::string_view>& names) override;
  mcp::ToolOutcome call(std::string_view name, mcp::ToolCall call) override;
  void start(std::string_view name, mcp::ToolCall call, std::function<void(mcp::ToolOutcome)> done) override;
  bool in_process(const boost::json::object& arguments, const std::string& principal) override;
  mcp::CallKind call_kind(const boost::json::object& arguments, const std::string& principal) override;
  // The resources the tools' ids come from (users, companies, tags...), read through the runner.
  mcp::ServerExtras* extras() override { return &resources_; }

  // The catalog entry of one of tools(); nullptr for any other name.
  const Tool* find(std::string_view name) const;

  // From now on, destructive tools ask the user first (--confirm-destructive); states are
  // sealed under `key`.
  void require_confirmation(SealedToken key);

 private:
  // What a call lends the CATS client; refers to `call`, which must outlive the hooks.
  static cats::CallHooks hooks_for(const Tool& tool, mcp::ToolCall& call);

  const Toolset& toolset_;
  ToolRunner& runner_;
  std::string backend_description_;
  std::vector<mcp::ToolInfo> tools_;
  std::map<std::string, const Tool*, std::less<>> by_name_;
  std::unique_ptr<DestructiveConfirmation> confirmation_;  // null: destructive tools run at once
  CatsResources resources_{runner_};
};

}  // namespace cats_mcp::tools
