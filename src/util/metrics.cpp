#include "util/metrics.hpp"

#include <array>
#include <cstdio>
#include <iterator>

namespace cats_mcp {
namespace {
constexpr double kBounds[8] = {0.001, 0.005, 0.01, 0.05, 0.1, 0.5, 1, 5};

// The requests the protocol answers (mcp::Session::handle); other names share one label.
constexpr std::array<std::string_view, 5> kKnownMethods = {"initialize", "ping", "tools/list", "tools/call",
                                                           "logging/setLevel"};

std::string method_label(const std::string& method) {
  for (auto known : kKnownMethods)
    if (known == method) return method;
  return Metrics::kOtherLabel;
}
}  // namespace

std::string escape_label_value(std::string_view value) {
  std::string out;
  out.reserve(value.size());
  for (char c : value) {
    if (c == '\\') out += "\\\\";
    else if (c == '"') out += "\\\"";
    else if (c == '\n') out += "\\n";
    else out += c;
  }
  return out;
}

Metrics& metrics() {
  static Metrics instance;
  return instance;
}

void Metrics::observe_request(const std::string& method, double seconds) {
  auto label = method_label(method);
  std::lock_guard lock(mutex_);
  auto& l = requests_[label];
  ++l.count;
  l.sum += seconds;
  for (int i = 0; i < 8; ++i)
    if (seconds <= kBounds[i]) ++l.buckets[i];
}

void Metrics::set_known_tools(std::vector<std::string> names) {
  std::lock_guard lock(mutex_);
  known_tools_ = std::unordered_set<std::string>(std::make_move_iterator(names.begin()), std::make_move_iterator(names.end()));
}

void Metrics::count_tool_call(const std::string& tool, bool is_error) {
  std::lock_guard lock(mutex_);
  ++tool_calls_[{known_tools_.count(tool) ? tool : std::string(kOtherLabel), is_error}];
}

void Metrics::count_cats_status(int status) {
  std::lock_guard lock(mutex_);
  ++cats_statuses_[status];
}

void Metrics::count_http(int status) {
  std::lock_guard lock(mutex_);
  ++http_statuses_[status];
}

void Metrics::set_rate_budget(std::optional<std::int64_t> remaining, std::optional<std::int64_t> limit) {
  std::lock_guard lock(mutex_);
  if (remaining) budget_remaining_ = remaining;
  if (limit) budget_limit_ = limit;
}

std::string Metrics::render() const {
  // A snapshot under the lock (a few dozen bounded entries), formatting after it.
  std::map<std::string, Latency> requests;
  std::map<std::pair<std::string, bool>, std::uint64_t> tool_calls;
  std::map<int, std::uint64_t> cats_statuses, http_statuses;
  std::optional<std::int64_t> budget_remaining, budget_limit;
  {
    std::lock_guard lock(mutex_);
    requests = requests_;
    tool_calls = tool_calls_;
    cats_statuses = cats_statuses_;
    http_statuses = http_statuses_;
    budget_remaining = budget_remaining_;
    budget_limit = budget_limit_;
  }
  std::string out;
  char buf[256];
  out += "# HELP mcp_requests_total MCP requests by JSON-RPC method.\n# TYPE mcp_request_duration_seconds histogram\n";
  for (const auto& [raw_method, l] : requests) {
    const std::string method = escape_label_value(raw_method);
    for (int i = 0; i < 8; ++i) {
      std::snprintf(buf, sizeof buf, "mcp_request_duration_seconds_bucket{method=\"%s\",le=\"%g\"} %llu\n", method.c_str(),
                    kBounds[i], static_cast<unsigned long long>(l.buckets[i]));
      out += buf;
    }
    std::snprintf(buf, sizeof buf,
                  "mcp_request_duration_seconds_bucket{method=\"%s\",le=\"+Inf\"} %llu\n"
                  "mcp_request_duration_seconds_sum{method=\"%s\"} %.6f\nmcp_request_duration_seconds_count{method=\"%s\"} %llu\n",
                  method.c_str(), static_cast<unsigned long long>(l.count), method.c_str(), l.sum, method.c_str(),
                  static_cast<unsigned long long>(l.count));
    out += buf;
  }
  out += "# HELP mcp_tool_calls_total Tool calls by tool and outcome.\n# TYPE mcp_tool_calls_total counter\n";
  for (const auto& [key, n] : tool_calls) {
    std::snprintf(buf, sizeof buf, "mcp_tool_calls_total{tool=\"%s\",outcome=\"%s\"} %llu\n", escape_label_value(key.first).c_str(),
                  key.second ? "error" : "ok", static_cast<unsigned long long>(n));
    out += buf;
  }
  out += "# HELP cats_responses_total CATS answers by HTTP status.\n# TYPE cats_responses_total counter\n";
  for (const auto& [status, n] : cats_statuses) {
    std::snprintf(buf, sizeof buf, "cats_responses_total{status=\"%d\"} %llu\n", status, static_cast<unsigned long long>(n));
    out += buf;
  }
  out += "# HELP http_responses_total Responses of this server by HTTP status.\n# TYPE http_responses_total counter\n";
  for (const auto& [status, n] : http_statuses) {
    std::snprintf(buf, sizeof buf, "http_responses_total{status=\"%d\"} %llu\n", status, static_cast<unsigned long long>(n));
    out += buf;
  }
  if (budget_remaining) {
    out += "# HELP cats_rate_limit_remaining CATS requests left this hour, as CATS last reported.\n"
           "# TYPE cats_rate_limit_remaining gauge\n";
    out += "cats_rate_limit_remaining " + std::to_string(*budget_remaining) + "\n";
  }
  if (budget_limit) {
    out += "# TYPE cats_rate_limit_limit gauge\ncats_rate_limit_limit " + std::to_string(*budget_limit) + "\n";
  }
  out += "# HELP cats_requests_in_flight CATS requests on the wire now.\n# TYPE cats_requests_in_flight gauge\n"
         "cats_requests_in_flight " + std::to_string(cats_running_.load()) + "\n";
  out += "# HELP cats_requests_waiting CATS requests waiting for a slot (--max-cats-inflight) now.\n"
         "# TYPE cats_requests_waiting gauge\ncats_requests_waiting " + std::to_string(cats_waiting_.load()) + "\n";
  return out;
}

}  // namespace cats_mcp
