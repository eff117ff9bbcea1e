#pragma once
// The protocol core's one port to the tools it serves. mcp::Session and the transports speak
// MCP; what the tools are, how they run and what the server calls itself all come through
// this interface, so src/mcp/ includes nothing of tools/, cats/ or the backends behind them.
// (The namespace cats_mcp is the project's, shared by every layer; it names no dependency.)
#include "mcp/eras.hpp"
#include "util/cancel.hpp"
#include "util/log.hpp"

#include <boost/json.hpp>

#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace cats_mcp::mcp {

// What initialize's serverInfo says.
struct ServerIdentity {
  std::string name;     // the program name
  std::string title;    // for people
  std::string version;
  std::string description;
};

// A tool as the protocol core needs to know it: to find it by name and to filter it.
struct ToolInfo {
  std::string name;
  bool read_only = false;  // changes nothing: offered by a read-only server
  // May ask the client something while it runs (ToolCall::ask, legacy era): over HTTP its
  // answer then travels as an SSE stream, which can carry the question.
  bool may_ask_client = false;
};

// Where a transport runs a call, as the provider classifies it (ToolProvider::call_kind).
enum class CallKind {
  in_process,  // answered in this process (CPU work): a pool with a thread per core
  waits,       // waits on the network through an event loop: start() it; no thread is held
  blocks,      // may hold a thread for long (the network without an event loop, a person's answer)
};

// Everything one call gets besides its name. The hooks stay valid until call() returns, or
// until start() calls its `done`.
struct ToolCall {
  boost::json::object arguments;  // moved in: the provider owns them
  // Cancelled when the client cancels or goes away; null when nothing can cancel the call.
  CancelToken* cancel = nullptr;
  // Reports progress; empty when the client asked for none. The session drops reports that do
  // not increase, and those after a cancellation, so a provider need not check.
  std::function<void(double progress, double total, std::string message)> progress;
  // Sends a notifications/message `data` under `logger` if the client's level lets it through;
  // empty when there is no client to send to.
  std::function<void(LogLevel level, std::string_view logger, boost::json::object data)> log;
  // The client's log level (warning until logging/setLevel): a provider can skip building
  // messages nobody will receive.
  LogLevel client_log_level = LogLevel::warning;
  // Who is calling: the bearer token's principal over HTTP, "local" on stdio or without auth.
  std::string principal = "local";
  // The client capabilities the request declared (a ClientCapabilities object: "sampling",
  // "elicitation", ...): a 2026-07-28 request's own, or what a legacy client declared at
  // initialize. A tool that needs one that is missing answers ToolOutcome::needs().
  boost::json::object client_capabilities;
  Era era = Era::legacy;

  // Modern era, a retried call (MRTR): the client's answers to an earlier input_required,
  // by key (params.inputResponses; each an object such as an ElicitResult), and the
  // requestState it echoes. Both are the client's word: a provider verifies a state it relies
  // on. Empty on a first call.
  boost::json::object input_responses;
  std::string request_state;

  // Legacy era: sends the client a request (elicitation/create, sampling/createMessage, ...)
  // and waits for its result; nullopt when the client answered with an error, the call was
  // cancelled or no answer came in time. Empty when the transport cannot ask (the client has
  // no stream to receive it on).
  std::function<std::optional<boost::json::object>(std::string_view method, boost::json::object params)> ask;
};

// A modern call that cannot finish before the client answers something (resultType
// "input_required"): what to ask, by key, and an opaque state the client echoes on retry.
struct InputRequired {
  boost::json::object input_requests;  // key -> {method, params}
  std::string request_state;           // empty: none
};

// A call that cannot proceed because the client did not declare a capability it needs.
struct MissingCapabilities {
  boost::json::object required;  // a ClientCapabilities object, e.g. {"sampling": {}}
  std::string message;           // for the client: what the tool would have asked for
};

// A call's answer: the CallToolResult, and whether it reports a failure of the tool's work
// (the session counts and logs it; a cancelled call that failed gets no answer at all). Or,
// with `missing` set, no result: the protocol core answers -32021 with
// data.requiredCapabilities, and the call counts as failed.
// With `input_required` set (modern era only), no result either: the answer is an
// InputRequiredResult, and the client retries with its inputResponses.
// With `invalid_params` set, no result: the request itself was wrong in a way only the tool
// can tell (a requestState that does not verify), answered -32602 with that message.
struct ToolOutcome {
  boost::json::object result;
  bool is_error = false;
  std::optional<MissingCapabilities> missing = std::nullopt;
  std::optional<InputRequired> input_required = std::nullopt;
  std::optional<std::string> invalid_params = std::nullopt;
  boost::json::object invalid_params_data = {};  // the -32602 error's data, when there is any
  // With invalid_params set: the JSON-RPC error code, when it is not -32602. A resource whose
  // source could not be read is no mistake of the request: -32603, with what went wrong.
  int refusal_code = 0;

  static ToolOutcome needs(boost::json::object required_capabilities, std::string message) {
    return {{}, true, MissingCapabilities{std::move(required_capabilities), std::move(message)}, std::nullopt, std::nullopt, {}};
  }
  static ToolOutcome asks(boost::json::object input_requests, std::string request_state = {}) {
    return {{}, false, std::nullopt, InputRequired{std::move(input_requests), std::move(request_state)}, std::nullopt, {}};
  }
  static ToolOutcome refuses(std::string message, boost::json::object data = {}) {
    return {{}, true, std::nullopt, std::nullopt, std::move(message), std::move(data)};
  }
  static ToolOutcome fails(std::string message, boost::json::object data = {}) {
    return {{}, true, std::nullopt, std::nullopt, std::move(message), std::move(data), -32603};
  }
};

// What a server may offer beside its tools: prompts, resources and resource templates, and
// argument completions. A provider that offers any returns them from ToolProvider::extras();
// the protocol core then advertises and serves them in both eras (mcp/extras_methods.hpp).
// Answered on the thread that reads requests, unless reads_like_calls(): then resources/read is
// scheduled as a tool call is (read_kind, start_read_resource), for resources read over the network.
// An outcome's result is the method's result (GetPromptResult, ReadResourceResult); a prompt
// may ask for input first (ToolOutcome::asks, modern era); an unknown name or URI, or a
// missing argument, is ToolOutcome::refuses (-32602, for a resource with data {uri}).
class ServerExtras {
 public:
  virtual ~ServerExtras() = default;
  virtual std::vector<boost::json::object> prompts() = 0;  // Prompt objects, in a stable order
  virtual ToolOutcome get_prompt(std::string_view name, ToolCall call) = 0;
  virtual std::vector<boost::json::object> resources() = 0;           // Resource objects
  virtual std::vector<boost::json::object> resource_templates() = 0;  // ResourceTemplate objects
  virtual ToolOutcome read_resource(std::string_view uri, ToolCall call) = 0;
  // completion/complete: the values for `argument` ({name, value}) of `ref` (a ref/prompt or
  // ref/resource); empty when there are none. nullopt: `ref` names nothing this server has.
  virtual std::optional<boost::json::array> complete(const boost::json::object& ref, const boost::json::object& argument) = 0;
  // Whether the legacy era's resources/subscribe is accepted (these resources never change, so
  // a subscription never fires; the modern era removed the method).
  virtual bool accepts_subscriptions() const { return false; }
  // Whether completion/complete is offered (advertised and answered).
  virtual bool offers_completions() const { return true; }
  // Whether resources/read waits on the network, so transports must run it where a tool call of
  // the same kind runs (ToolProvider::call_kind), with the caller's principal and cancellation.
  virtual bool reads_like_calls() const { return false; }
  virtual CallKind read_kind(std::string_view /*uri*/, const std::string& /*principal*/) { return CallKind::in_process; }
  // read_resource without blocking, for a read of kind `waits`: `done` runs once, on any thread.
  virtual void start_read_resource(std::string_view uri, ToolCall call, std::function<void(ToolOutcome)> done) {
    done(read_resource(uri, std::move(call)));
  }
};

// Implementations must be callable from several threads at once. A failure of the tool's work
// is an outcome with is_error, never an exception; an exception that escapes anyway becomes a
// -32603 answer in one place (mcp/internal_error.hpp), and the server keeps serving.
class ToolProvider {
 public:
  virtual ~ToolProvider() = default;

  virtual ServerIdentity identity() const = 0;
  // initialize's `instructions`: how a model should use these tools.
  virtual std::string instructions() const = 0;
  // The prefix every tool name carries, which names on the command line (--tools,
  // --exclude-tools) may leave out; empty when there is none.
  virtual std::string_view name_prefix() const = 0;

  // Every tool, in the order tools/list shows them. The list is fixed for the provider's life.
  virtual const std::vector<ToolInfo>& tools() const = 0;
  // The MCP Tool objects of these tools (names from tools()), in the same order, as tools/list
  // shows them now: asked at every listing, because a definition may change at run time.
  virtual std::vector<boost::json::object> definitions(const std::vector<std::string_view>& names) = 0;

  // Runs the tool named `name` (one of tools()).
  virtual ToolOutcome call(std::string_view name, ToolCall call) = 0;
  // Runs a call of kind `waits` without blocking: returns at once, and `done` runs exactly once
  // with the outcome, on any thread (at once, on this one, when it fails before waiting). The
  // default runs call() here.
  virtual void start(std::string_view name, ToolCall call, std::function<void(ToolOutcome)> done) {
    done(this->call(name, std::move(call)));
  }
  // Whether a call with these arguments would be answered in this process (CPU work) rather
  // than wait on the network, so a transport can run the two on separate threads.
  virtual bool in_process(const boost::json::object& arguments, const std::string& principal) = 0;
  // Where a call with these arguments runs best. The default: in process, or on a thread that
  // may block; a provider whose network waits need no thread says `waits`.
  virtual CallKind call_kind(const boost::json::object& arguments, const std::string& principal) {
    return in_process(arguments, principal) ? CallKind::in_process : CallKind::blocks;
  }

  // Prompts, resources and completions beside the tools; nullptr (the default): none.
  virtual ServerExtras* extras() { return nullptr; }
};

// The tool named `name` among the provider's tools(), or nullptr.
inline const ToolInfo* find_tool(const ToolProvider& provider, std::string_view name) {
  for (const auto& tool : provider.tools())
    if (tool.name == name) return &tool;
  return nullptr;
}

}  // namespace cats_mcp::mcp
