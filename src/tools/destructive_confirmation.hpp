#pragma once
// Confirmation before a destructive tool runs (opt-in: --confirm-destructive): the deletes and
// replace_contact_tags first ask the user, naming what will be destroyed, and run only on an
// explicit yes. Nothing reaches CATS before that yes.
//
// Modern era (2026-07-28): the first call answers input_required with an elicitation/create
// and a requestState sealed under the shared state key (util/sealed_token.hpp), bound to the
// principal, the tool, a digest of the arguments and a 10-minute expiry. The retry must bring
// that state back unaltered, unexpired, for the same caller, tool and arguments, and unused:
// otherwise -32602. Legacy era: elicitation/create is sent to the client and answered in place.
// A client that declared no elicitation cannot be asked: the call is refused (isError) with a
// message saying that this server requires confirmation for the tool.
#include "mcp/tool_provider.hpp"
#include "tools/catalog.hpp"
#include "util/sealed_token.hpp"

#include <chrono>
#include <map>
#include <mutex>
#include <optional>
#include <string>

namespace cats_mcp::tools {

class DestructiveConfirmation {
 public:
  explicit DestructiveConfirmation(SealedToken key, std::chrono::seconds lifetime = std::chrono::minutes(10));

  // Whether `tool` asks first.
  static bool applies_to(const Tool& tool);

  // nullopt: the user said yes (or the tool needs no confirmation); run it. Otherwise what to
  // answer instead: the question, a refusal, or "not done".
  std::optional<mcp::ToolOutcome> check(const Tool& tool, const mcp::ToolCall& call);

 private:
  std::optional<mcp::ToolOutcome> check_modern(const Tool& tool, const mcp::ToolCall& call);
  std::optional<mcp::ToolOutcome> check_legacy(const Tool& tool, const mcp::ToolCall& call);
  mcp::ToolOutcome ask_again(const Tool& tool, const mcp::ToolCall& call);
  // Marks a state's nonce used; false when it was used already (a replay).
  bool use_once(const std::string& nonce, std::int64_t expires_at);

  SealedToken key_;
  std::chrono::seconds lifetime_;
  std::mutex mutex_;
  // Nonces of states already answered, until they expire. Per process: a replay on another
  // replica within the 10 minutes is not caught (the state still names caller, tool, arguments).
  std::map<std::string, std::int64_t> used_;
};

}  // namespace cats_mcp::tools
