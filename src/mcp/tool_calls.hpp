#pragma once
// tools/call as both eras serve it: accepting a call (the tool exists and is offered, its
// arguments are an object), running it through the provider with its progress and log
// notifications, and turning the typed outcome into the response. The eras differ only in
// where a call's log level and capabilities come from and in how the result is dressed.
#include "mcp/eras.hpp"
#include "mcp/jsonrpc.hpp"
#include "mcp/tool_filter.hpp"
#include "mcp/tool_provider.hpp"
#include "util/cancel.hpp"
#include "util/log.hpp"

#include <functional>
#include <memory>
#include <optional>
#include <string>

namespace cats_mcp::mcp {

using Sender = std::function<void(const json::object&)>;  // must be thread-safe
// Receives a started call's response, or nothing when the call was cancelled (no response).
using Answered = std::function<void(std::optional<json::object>)>;

// A tool call accepted by the protocol core, to be run on any thread.
struct PendingCall {
  json::value id;
  const ToolInfo* tool = nullptr;  // one of the provider's tools()
  json::object arguments;
  json::value progress_token;  // null when the client asked for no progress
  std::shared_ptr<CancelToken> cancel;
  // Where this call's progress and log notifications go; empty: the session's sender. Over
  // HTTP each request has its own stream.
  std::function<void(const json::object&)> notify;
  // Who is calling: the bearer token's principal over HTTP, "local" on stdio or without auth.
  std::string principal = "local";
  // The capabilities the client declared: the request's own (modern) or initialize's (legacy).
  json::object client_capabilities;
  Era era = Era::legacy;
  // Modern only: the request's logLevel; unset, the call sends no log notifications.
  std::optional<LogLevel> log_level;
  // Modern only, a retried call: its params.inputResponses and params.requestState.
  json::object input_responses;
  std::string request_state;
  // Legacy only: how the call can ask the client something (ToolCall::ask); empty: it cannot.
  std::function<std::optional<json::object>(std::string_view method, json::object params)> ask;
  // Whether `notify` reaches the client at all: false for a plain JSON answer over HTTP, which
  // can carry no request to the client, so the call is never given `ask`.
  bool client_reachable = true;
  // Set for a resources/read that runs as a call does (ServerExtras::reads_like_calls): the
  // URI to read; `tool` is then resource_read_tool().
  std::string resource_uri;
};

// What a resources/read run as a call counts and logs as.
const ToolInfo& resource_read_tool();

// Accepts a resources/read as a call (the provider's extras read like calls), or returns the
// -32602 answer when it names no URI.
std::optional<json::object> accept_resource_read(Message& m, std::optional<PendingCall>& call);

// Where a transport runs `call`: in_process (where it reads requests, or on a pool for CPU
// work), waits (started, no thread held), or blocks (on a pool whose threads may block, leaving
// the reader free). A tool that may ask the client something always blocks: it waits on the
// client's answer, which the reader must stay free to read.
CallKind call_kind(ToolProvider& provider, const PendingCall& call);

// A retried request's params.inputResponses and params.requestState (checked already), moved
// into `responses` and `state`.
void take_input_responses(Message& m, json::object& responses, std::string& state);

// What an input_required outcome becomes where the era cannot carry it.
std::string needs_modern_era_text(std::string_view what);

// Accepts a tools/call request: fills `call` (the arguments moved out of `m`, never copied) and
// returns nothing, or returns the -32602 answer (no name, unknown or filtered tool, arguments
// not an object). The progress token, capabilities and era are the caller's to set.
std::optional<json::object> accept_tool_call(ToolProvider& provider, const ToolFilter& filter, Message& m,
                                             std::optional<PendingCall>& call);

// Which log notifications a running call may send: `wants` is asked at each one (a legacy
// client's level may change meanwhile); `hint` is the level the provider is told.
struct LogGate {
  LogLevel hint;
  std::function<bool(LogLevel)> wants;
};

// Runs the call through the provider (its arguments moved out), sending increasing progress
// while it is not cancelled and the log notifications the gate lets through to `out`; counts
// and logs it. What the provider throws passes through.
ToolOutcome execute_tool_call(ToolProvider& provider, PendingCall& call, const Sender& out, const LogGate& gate);
// The same for a call of kind `waits`, without blocking: `done` runs once with the outcome, on
// any thread. What the provider throws before it returns passes through (and `done` never runs).
void start_tool_call(ToolProvider& provider, PendingCall& call, Sender out, LogGate gate,
                     std::function<void(ToolOutcome)> done);

// The response to a finished call: nothing when it was cancelled and failed (a success that
// beat its cancellation is still reported), -32021 when it needs a capability the client did
// not declare, an InputRequiredResult (resultType "input_required") when it needs the client's
// input first, else the result.
std::optional<json::object> answer_tool_call(const PendingCall& call, ToolOutcome outcome);

}  // namespace cats_mcp::mcp
