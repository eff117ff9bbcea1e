#pragma once
// Process-wide counters for GET /metrics (Prometheus text format): MCP requests and their
// latency by method, tool calls by tool and outcome, CATS answers by status, and the CATS
// rate-limit budget last reported. Cheap enough to update on every call.
#include <cstdint>
#include <map>
#include <mutex>
#include <optional>
#include <string>

namespace cats_mcp {

class Metrics {
 public:
  void observe_request(const std::string& method, double seconds);
  void count_tool_call(const std::string& tool, bool is_error);
  void count_cats_status(int status);
  void set_rate_budget(std::optional<std::int64_t> remaining, std::optional<std::int64_t> limit);
  void count_http(int status);
  std::string render() const;

 private:
  struct Latency {
    std::uint64_t count = 0;
    double sum = 0;
    std::uint64_t buckets[8] = {};  // <= 1ms, 5ms, 10ms, 50ms, 100ms, 500ms, 1s, 5s
  };
  mutable std::mutex mutex_;
  std::map<std::string, Latency> requests_;
  std::map<std::pair<std::string, bool>, std::uint64_t> tool_calls_;
  std::map<int, std::uint64_t> cats_statuses_;
  std::map<int, std::uint64_t> http_statuses_;
  std::optional<std::int64_t> budget_remaining_, budget_limit_;
};

Metrics& metrics();

}  // namespace cats_mcp
