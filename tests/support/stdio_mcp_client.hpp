#pragma once
// A minimal MCP client over the server binary's stdio, for integration tests: sends
// messages, collects every stdout line, and checks each is a JSON-RPC 2.0 message.
#include "support/child_process.hpp"

#include <boost/json.hpp>

#include <optional>
#include <string>
#include <vector>

namespace cats_mcp::testing {

class StdioMcpClient {
 public:
  StdioMcpClient(std::vector<std::string> extra_args, std::vector<std::pair<std::string, std::string>> env);

  void send(const boost::json::value& message);
  void send_raw(std::string_view line);
  // Reads lines until the response with this id (notifications are kept in `notifications`).
  std::optional<boost::json::object> response_to(const boost::json::value& id,
                                                 std::chrono::milliseconds timeout = std::chrono::seconds(15));
  std::optional<boost::json::object> next_message(std::chrono::milliseconds timeout = std::chrono::seconds(15));
  boost::json::object call(std::string_view method, boost::json::object params = {});
  boost::json::object initialize();
  boost::json::object call_tool(std::string_view name, boost::json::object arguments);

  ChildProcess& process() { return process_; }
  std::vector<boost::json::object> notifications;
  std::vector<std::string> stdout_lines;  // every line the server wrote, for "stdout is protocol" checks

 private:
  ChildProcess process_;
  long next_id_ = 1000;
};

}  // namespace cats_mcp::testing
