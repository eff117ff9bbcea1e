#pragma once
// The MCP protocol's legacy era (2025-11-25 and before) for one client connection or session:
// lifecycle and version negotiation, method dispatch, tools/list paging, tools/call with
// cancellation, progress and log notifications. It knows nothing of stdio or HTTP: a transport
// feeds it messages and gives it a way to send. Nor of the tools: they, the server's name and
// its instructions come from a ToolProvider. The modern era is mcp::ModernHandler's; a stdio
// connection that serves both is mcp::DualEraConnection.
#include "mcp/client_requests.hpp"
#include "mcp/eras.hpp"
#include "mcp/jsonrpc.hpp"
#include "mcp/running_calls.hpp"
#include "mcp/server_options.hpp"
#include "mcp/tool_calls.hpp"
#include "mcp/tool_filter.hpp"
#include "mcp/tool_provider.hpp"
#include "util/cancel.hpp"
#include "util/log.hpp"

#include <functional>
#include <mutex>
#include <optional>
#include <string>

namespace cats_mcp::mcp {

// The version the server answers `initialize` with: the client's if supported, else the latest.
std::string_view negotiate_version(std::string_view requested);
// kSupportedVersions as every message that names them says it: "2025-11-25, 2025-06-18, ...".
std::string supported_versions_text();

// What a legacy session carries from one request to the next: enough for a process that never
// saw its initialize to continue it (http/shared_sessions.hpp seals it into the session id).
struct SessionState {
  std::string protocol_version;
  json::object client_capabilities;
  std::optional<LogLevel> log_level;  // unset until logging/setLevel
};

class Session {
 public:
  using Sender = mcp::Sender;  // must be thread-safe

  Session(ToolProvider& provider, ServerOptions options, Sender send);

  // Handles any message except a valid tools/call request, which it turns into a
  // PendingCall for the transport to run (so slow calls never block the reader).
  // Returns the response to send, if any. A tools/call's arguments are moved out of `message`
  // into the PendingCall (never deep-copied on the reading thread).
  std::optional<json::object> handle(Message& message, std::optional<PendingCall>& call);

  // Runs an accepted call; returns nullopt when the call was cancelled (no response is sent).
  // While it runs, the tool may ask the client (elicitation/create, ...) through the call's
  // stream (or the session's sender); the client's response comes back through handle().
  // What the provider throws passes through, for the transport's answer_or_internal_error.
  // The call's arguments are moved out to the provider.
  std::optional<json::object> run(PendingCall& call);
  // run() for a call of kind `waits` (mcp::call_kind), without blocking: `done` runs once, on
  // any thread. What the provider throws before it returns passes through. The session must
  // live until `done` has run.
  void start(PendingCall call, Answered done);

  // Cancels every call still running (shutdown past its deadline).
  void cancel_all();

  // Whether this session wants log notifications at `level` (set by logging/setLevel).
  bool wants_log(LogLevel level);

  SessionState state();
  // Continues a session initialized elsewhere, as if this one had answered its initialize.
  void resume(SessionState state);
  void set_log_level(LogLevel level);

 private:
  json::object initialize(const json::object& params);
  std::optional<json::object> accept_call(Message& m, std::optional<PendingCall>& call);
  void on_cancelled(const json::object& params);
  LogGate log_gate();  // a running call's log notifications follow the session's level

  ToolProvider& provider_;
  ServerOptions options_;
  Sender send_;
  std::mutex mutex_;
  std::string protocol_version_;
  json::object client_capabilities_;  // what initialize declared
  bool initialized_ = false;
  std::optional<LogLevel> client_log_level_;  // unset until logging/setLevel: then only warnings and worse
  RunningCalls running_;
  ClientRequests client_requests_;  // what running calls asked the client, awaiting its answers
};

}  // namespace cats_mcp::mcp
