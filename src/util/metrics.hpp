#pragma once
// Process-wide counters for GET /metrics (Prometheus text format): MCP requests and their
// latency by method, tool calls by tool and outcome, CATS answers by status, and the CATS
// rate-limit budget last reported. Cheap enough to update on every call.
//
// Label values come only from fixed sets: the JSON-RPC methods the protocol implements and
// the tool names given at start-up (set_known_tools); anything else a client names is counted
// under "other". So no client can grow the series without bound or choose the text of a line.
// Rendering copies the counters under the lock and formats them after releasing it, so a
// scrape never holds up the response writes that count themselves here.
#include <atomic>
#include <cstdint>
#include <map>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_set>
#include <vector>

namespace cats_mcp {

class Metrics {
 public:
  void observe_request(const std::string& method, double seconds);
  // The tool names that are label values of count_tool_call; until set, every tool is "other".
  // Given by the server that serves them, so this layer depends on no tool catalog.
  void set_known_tools(std::vector<std::string> names);
  void count_tool_call(const std::string& tool, bool is_error);
  void count_cats_status(int status);
  void set_rate_budget(std::optional<std::int64_t> remaining, std::optional<std::int64_t> limit);
  void count_http(int status);
  // CATS requests on the wire, and those waiting for a slot (--max-cats-inflight), now.
  void add_cats_requests(long running, long waiting) {
    cats_running_ += running;
    cats_waiting_ += waiting;
  }
  std::string render() const;

  // The label every method or tool outside the known sets is counted under.
  static constexpr const char* kOtherLabel = "other";

 private:
  struct Latency {
    std::uint64_t count = 0;
    double sum = 0;
    std::uint64_t buckets[8] = {};  // <= 1ms, 5ms, 10ms, 50ms, 100ms, 500ms, 1s, 5s
  };
  mutable std::mutex mutex_;
  std::unordered_set<std::string> known_tools_;
  std::map<std::string, Latency> requests_;
  std::map<std::pair<std::string, bool>, std::uint64_t> tool_calls_;
  std::map<int, std::uint64_t> cats_statuses_;
  std::map<int, std::uint64_t> http_statuses_;
  std::optional<std::int64_t> budget_remaining_, budget_limit_;
  std::atomic<long> cats_running_{0}, cats_waiting_{0};  // changed on every CATS request: no lock
};

Metrics& metrics();

// A label value escaped for the Prometheus text format: backslash, double quote and newline.
std::string escape_label_value(std::string_view value);

}  // namespace cats_mcp
