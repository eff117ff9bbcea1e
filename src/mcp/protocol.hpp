#pragma once
// The MCP protocol for one client connection: lifecycle and version negotiation, method
// dispatch, tools/list paging, tools/call with cancellation, progress and log notifications.
// It knows nothing of stdio or HTTP: a transport feeds it messages and gives it a way to send.
#include "mcp/jsonrpc.hpp"
#include "tools/tool_filter.hpp"
#include "tools/tool_runner.hpp"
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

struct ServerOptions {
  std::string backend_description;  // e.g. "CATS at https://api.catsone.com/v3"
  std::size_t tools_page_size = 100;  // tools/list page size; 44 tools fit on one page
  tools::ToolFilter filter;           // which tools are offered
};

// A tool call accepted by the session, to be run on any thread.
struct PendingCall {
  json::value id;
  const tools::Tool* tool = nullptr;
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

  Session(tools::ToolRunner& runner, ServerOptions options, Sender send);

  // Handles any message except a valid tools/call request, which it turns into a
  // PendingCall for the transport to run (so slow calls never block the reader).
  // Returns the response to send, if any. A tools/call's arguments are moved out of `message`
  // into the PendingCall (never deep-copied on the reading thread).
  std::optional<json::object> handle(Message& message, std::optional<PendingCall>& call);

  // Runs an accepted call; returns nullopt when the call was cancelled (no response is sent).
  std::optional<json::object> run(PendingCall& call);

  // Cancels every call still running (shutdown past its deadline).
  void cancel_all();

  std::string instructions() const;

  // Whether this session wants log notifications at `level` (set by logging/setLevel).
  bool wants_log(LogLevel level);

 private:
  json::object initialize(const json::object& params);
  std::optional<json::object> list_tools(const Message& m);
  std::optional<json::object> accept_call(Message& m, std::optional<PendingCall>& call);
  void on_cancelled(const json::object& params);
  void send_log(const Sender& to, LogLevel level, std::string_view logger, json::value data);

  tools::ToolRunner& runner_;
  ServerOptions options_;
  Sender send_;
  std::mutex mutex_;
  std::string protocol_version_;
  bool initialized_ = false;
  std::optional<LogLevel> client_log_level_;  // unset until logging/setLevel: then only warnings and worse
  std::map<std::string, std::shared_ptr<CancelToken>> running_;
};

}  // namespace cats_mcp::mcp
