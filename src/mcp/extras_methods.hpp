#pragma once
// The methods of prompts, resources and completions (ServerExtras, mcp/tool_provider.hpp), as
// both eras serve them; each era adds its own dress (modern: resultType, serverInfo, cache
// fields). A provider without extras offers none of them: they are not advertised, and a
// request for one is -32601.
#include "mcp/jsonrpc.hpp"
#include "mcp/tool_calls.hpp"
#include "mcp/tool_provider.hpp"

#include <optional>
#include <string_view>

namespace cats_mcp::mcp {

// Who asks, as a prompt or resource sees it (ToolCall's fields for these methods).
struct ExtrasCaller {
  Era era = Era::legacy;
  json::object client_capabilities;
  std::string principal = "local";
};

// Whether `method` is one of these methods (offered or not).
bool is_extras_method(std::string_view method);
// Whether `extras` offer `method`, one of these: prompts only when there are some, completions
// when offers_completions().
bool offered(ServerExtras& extras, std::string_view method);

// The capabilities the provider's extras add to initialize's or server/discover's
// (prompts, resources, completions); `legacy` adds resources.subscribe when accepted.
void add_extras_capabilities(ToolProvider& provider, json::object& capabilities, bool legacy);

// Answers `m` if it is one of these methods and the provider offers it: prompts/list,
// prompts/get, resources/list, resources/templates/list, resources/read, completion/complete
// (and, legacy only, resources/subscribe and resources/unsubscribe). nullopt otherwise. A
// modern retry's inputResponses and requestState (checked already) are moved out of `m`.
// A resources/read of extras that read like calls is accepted into `call` instead (nullopt
// returned, `call` set): the caller schedules it as it would a tools/call.
std::optional<json::object> serve_extras(ToolProvider& provider, Message& m, const ExtrasCaller& caller,
                                         std::optional<PendingCall>& call);

}  // namespace cats_mcp::mcp
