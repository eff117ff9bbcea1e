#pragma once
// The MCP protocol for one client connection: lifecycle and version negotiation, method
// dispatch, tools/list paging, tools/call with cancellation, progress and log notifications.
// It knows nothing of stdio or HTTP: a transport feeds it messages and gives it a way to send.
// Nor of the tools: they, the server's name and its instructions come from a ToolProvider.
#include "mcp/jsonrpc.hpp"
#include "mcp/tool_filter.hpp"
#include "mcp/tool_provider.hpp"
#include "util/cancel.hpp"
#include "util/log.hpp"

#include <array>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <string>

namespace cats_mcp::mcp {

inline constexpr std::array<std::string_view, 3> kSupportedVersions = {"2025-11-25", "2025-06-18", "2025-03-26"};

// The version the server answers `initialize` with: the client's if supported, else the latest.
std::string_view negotiate_version(std::string_view requested);
bool is_supported_version(std::string_view version);
// kSupportedVersions as every message that names them says it: "2025-11-25, 2025-06-18, ...".
std::string supported_versions_text();

struct ServerOptions {
  // What answers the tools, for the transports' start-up log line (the provider has its own copy
  // for its instructions).
  std::string backend_description;
  std::size_t tools_page_size = 100;  // tools/list page size; a server's whole set usually fits on one
  ToolFilter filter;                  // which of the provider's tools are offered
};

// Makes the provider's tool names the label values of the tool-call metrics (any other name
// is counted as "other"): called once by each transport as it starts.
void register_tool_labels(const ToolProvider& provider);

// A tool call accepted by the session, to be run on any thread.
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
};

class Session {
 public:
  using Sender = std::function<void(const json::object&)>;  // must be thread-safe

  Session(ToolProvider& provider, ServerOptions options, Sender send);

  // Handles any message except a valid tools/call request, which it turns into a
  // PendingCall for the transport to run (so slow calls never block the reader).
  // Returns the response to send, if any. A tools/call's arguments are moved out of `message`
  // into the PendingCall (never deep-copied on the reading thread).
  std::optional<json::object> handle(Message& message, std::optional<PendingCall>& call);

  // Runs an accepted call; returns nullopt when the call was cancelled (no response is sent).
  // What the provider throws passes through, for the transport's answer_or_internal_error.
  // The call's arguments are moved out to the provider.
  std::optional<json::object> run(PendingCall& call);

  // Cancels every call still running (shutdown past its deadline).
  void cancel_all();

  // Whether this session wants log notifications at `level` (set by logging/setLevel).
  bool wants_log(LogLevel level);

 private:
  json::object initialize(const json::object& params);
  std::optional<json::object> list_tools(const Message& m);
  std::optional<json::object> accept_call(Message& m, std::optional<PendingCall>& call);
  void on_cancelled(const json::object& params);
  void send_log(const Sender& to, LogLevel level, std::string_view logger, json::value data);

  ToolProvider& provider_;
  ServerOptions options_;
  Sender send_;
  std::mutex mutex_;
  std::string protocol_version_;
  bool initialized_ = false;
  std::optional<LogLevel> client_log_level_;  // unset until logging/setLevel: then only warnings and worse
  std::map<std::string, std::shared_ptr<CancelToken>> running_;
};

}  // namespace cats_mcp::mcp
