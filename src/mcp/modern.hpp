#pragma once
// The modern era (MCP 2026-07-28): every request is served on its own from what it carries in
// params._meta (version, client capabilities, log level, progress token). Nothing is kept from
// one request to the next, so one handler may serve any number of threads, connections and
// transports at once: stdio (through DualEraConnection) and, statelessly, HTTP.
//
// A transport's part: hand each modern request to handle(); run a returned PendingCall with
// run() on any thread, after setting its `notify` (the request's own stream: stdout on stdio,
// the response's SSE stream on HTTP) and `principal`; cancel a call through its `cancel` token
// (notifications/cancelled on stdio, a closed stream on HTTP).
#include "mcp/jsonrpc.hpp"
#include "mcp/modern_meta.hpp"
#include "mcp/server_options.hpp"
#include "mcp/tool_calls.hpp"
#include "mcp/tool_provider.hpp"

#include <optional>

namespace cats_mcp::mcp {

class ModernHandler {
 public:
  ModernHandler(ToolProvider& provider, ServerOptions options);

  // Answers request `m` (a notification or response gets nothing): params._meta is checked
  // first (-32602, then -32022 for a version not in kModernVersions), then the method:
  // server/discover, tools/list and tools/call are served; every other method, those the
  // revision removed (initialize, ping, logging/setLevel, resources/subscribe, ...) included,
  // is -32601. A valid tools/call becomes `call` (era modern, with the request's capabilities,
  // log level and progress token; its arguments moved out of `m`) and nothing is returned.
  // Every result carries resultType "complete" and the server's identity in its _meta.
  std::optional<json::object> handle(Message& m, std::optional<PendingCall>& call) const;
  // handle() for a request whose _meta was checked already. `principal` is who asks, as
  // prompts and resources see it (a tool call's is set on the PendingCall).
  std::optional<json::object> serve(Message& m, const RequestMeta& meta, std::optional<PendingCall>& call,
                                    const std::string& principal = "local") const;

  // Runs an accepted call. Its progress (with a progressToken) and its log notifications (at
  // and above the request's logLevel, none without one) go to call.notify. Returns nullopt when
  // the call was cancelled and failed; -32021 when the tool needs a capability the request did
  // not declare. What the provider throws passes through.
  std::optional<json::object> run(PendingCall& call) const;
  // run() for a call of kind `waits` (mcp::call_kind), without blocking: `done` runs once, on
  // any thread. What the provider throws before it returns passes through.
  void start(PendingCall call, Answered done) const;

  // The server/discover result.
  json::object discover() const;

  // Whether `method` is one this handler serves (else serve() answers -32601): a transport
  // checks what depends on the method (HTTP's Mcp-Name) only for methods that exist.
  bool serves(std::string_view method) const;

 private:
  // `response` with its result, if it has one, marked complete and carrying serverInfo.
  json::object completed(json::object response) const;
  // completed(), with the cache fields of a resource read that ran as a call.
  json::object finish(const PendingCall& call, json::object response) const;
  json::object tools_list(const Message& m) const;
  static LogGate log_gate(const PendingCall& call);
  static Sender sender(const PendingCall& call);

  ToolProvider& provider_;
  ServerOptions options_;
  json::object server_info_;  // the Implementation object for every result's _meta
};

}  // namespace cats_mcp::mcp
