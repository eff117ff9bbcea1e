// Round-trip latency of tools/call through the whole MCP path over stdio on the sandbox:
// JSON-RPC in, validation, request mapping, the in-process CATS router and SQLite, result
// shaping, JSON-RPC out. One call in flight at a time, so each sample is one full round trip.
//
//   bench_mcp_stdio BINARY [--contacts N] [--calls K]
#include "support/child_process.hpp"

#include <boost/json.hpp>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <random>
#include <string>
#include <vector>

namespace json = boost::json;
using cats_mcp::testing::ChildProcess;
using Clock = std::chrono::steady_clock;

namespace {

struct Stats {
  double p50, p90, p99, mean;
};

Stats stats(std::vector<double> us) {
  std::sort(us.begin(), us.end());
  auto at = [&](double q) { return us[std::min(us.size() - 1, std::size_t(q * double(us.size())))]; };
  double sum = 0;
  for (double v : us) sum += v;
  return {at(0.50), at(0.90), at(0.99), sum / double(us.size())};
}

long peak_rss_kb(int pid) {
  std::ifstream in("/proc/" + std::to_string(pid) + "/status");
  std::string line;
  while (std::getline(in, line))
    if (line.rfind("VmHWM:", 0) == 0) return std::stol(line.substr(6));
  return -1;
}

class Session {
 public:
  Session(const std::string& binary, const std::string& db) : p_({binary}, {{"CATS_SANDBOX_DB", db}, {"CATS_MCP_LOG_LEVEL", "warning"}}) {
    request("initialize", {{"protocolVersion", "2025-11-25"}, {"capabilities", json::object{}},
                           {"clientInfo", {{"name", "bench"}, {"version", "1"}}}});
    p_.write_line(R"({"jsonrpc":"2.0","method":"notifications/initialized"})");
  }
  json::value request(std::string_view method, json::object params) {
    json::object m{{"jsonrpc", "2.0"}, {"id", ++id_}, {"method", method}, {"params", std::move(params)}};
    p_.write_line(json::serialize(m));
    auto line = p_.read_line(std::chrono::seconds(30));
    if (!line) throw std::runtime_error("no response: " + p_.stderr_text());
    return json::parse(*line);
  }
  // Times one tools/call round trip in microseconds; fails loudly on a tool error.
  double timed_call(std::string_view tool, json::object args) {
    auto start = Clock::now();
    auto r = request("tools/call", {{"name", tool}, {"arguments", std::move(args)}});
    double us = std::chrono::duration<double, std::micro>(Clock::now() - start).count();
    if (!r.at("result").as_object().contains("structuredContent"))
      throw std::runtime_error("tool error: " + json::serialize(r));
    return us;
  }
  ChildProcess& process() { return p_; }

 private:
  ChildProcess p_;
  long id_ = 0;
};

void report(const char* name, const std::vector<double>& us) {
  auto s = stats(us);
  std::printf("%-44s n=%-6zu p50=%8.1f us  p90=%8.1f us  p99=%8.1f us  mean=%8.1f us\n", name, us.size(), s.p50, s.p90, s.p99,
              s.mean);
}

}  // namespace

int main(int argc, char** argv) {
  if (argc < 2) {
    std::fprintf(stderr, "usage: %s BINARY [--contacts N] [--calls K]\n", argv[0]);
    return 2;
  }
  std::string binary = argv[1];
  long contacts = 100000, calls = 5000;
  for (int i = 2; i + 1 < argc; i += 2) {
    std::string flag = argv[i];
    if (flag == "--contacts") contacts = std::stol(argv[i + 1]);
    if (flag == "--calls") calls = std::stol(argv[i + 1]);
  }
  auto dir = std::filesystem::temp_directory_path() / ("cats-bench-" + std::to_string(::getpid()));
  std::filesystem::create_directories(dir);
  std::string db = (dir / "bench.db").string();

  auto seed_start = Clock::now();
  {
    ChildProcess seed({binary, "sandbox", "seed", "--contacts", std::to_string(contacts), "--db", db}, {});
    if (seed.wait(std::chrono::minutes(10)) != 0) throw std::runtime_error("seed failed: " + seed.stderr_text());
  }
  double seed_s = std::chrono::duration<double>(Clock::now() - seed_start).count();
  std::printf("seeded %ld contacts in %.1f s (%.0f contacts/s)\n", contacts, seed_s, double(contacts) / seed_s);

  // The machine's floor: the same line through /bin/cat, which does nothing but echo it.
  {
    ChildProcess echo({"/bin/cat"}, {});
    std::vector<double> echo_us;
    for (long i = 0; i < calls; ++i) {
      auto start = Clock::now();
      echo.write_line(R"({"jsonrpc":"2.0","id":1,"method":"ping"})");
      echo.read_line();
      echo_us.push_back(std::chrono::duration<double, std::micro>(Clock::now() - start).count());
    }
    report("pipe round trip through /bin/cat", echo_us);
  }

  Session s(binary, db);
  std::mt19937 rng(7);
  std::uniform_int_distribution<long> any_contact(1, contacts + 3);
  for (int i = 0; i < 200; ++i) s.timed_call("cats_contacts_get_a_contact", {{"id", any_contact(rng)}});  // warm up

  // The floor: a ping crosses the same pipes and JSON-RPC layer but does no tool work.
  std::vector<double> ping_us;
  for (long i = 0; i < calls; ++i) {
    auto start = Clock::now();
    s.request("ping", {});
    ping_us.push_back(std::chrono::duration<double, std::micro>(Clock::now() - start).count());
  }
  report("ping (transport floor)", ping_us);

  std::vector<double> get_us;
  for (long i = 0; i < calls; ++i) get_us.push_back(s.timed_call("cats_contacts_get_a_contact", {{"id", any_contact(rng)}}));
  report("get_a_contact (random id)", get_us);

  const char* names[] = {"Hopper", "Knuth", "Lamport", "Lovelace", "Dijkstra", "Liskov"};
  const char* pairs[] = {"Grace Hopper", "Donald Knuth", "Ada Lamport", "Barbara Liskov", "Edsger Wirth"};
  std::vector<double> common_us, pair_us, rare_us;
  long search_calls = std::max(200L, calls / 5);
  for (long i = 0; i < search_calls; ++i) {
    common_us.push_back(s.timed_call("cats_contacts_search_contacts",
                                     {{"query", names[i % std::size(names)]}, {"page", 1}, {"per_page", 25}}));
    pair_us.push_back(s.timed_call("cats_contacts_search_contacts",
                                   {{"query", pairs[i % std::size(pairs)]}, {"page", 1}, {"per_page", 25}}));
    rare_us.push_back(s.timed_call("cats_contacts_search_contacts",
                                   {{"query", std::to_string(1000000 + rng() % 8999999)}, {"page", 1}, {"per_page", 25}}));
  }
  report("search_contacts one common last name", common_us);
  report("search_contacts first + last name", pair_us);
  report("search_contacts phone digits (rare)", rare_us);
  std::printf("server peak RSS: %ld KB\n", peak_rss_kb(s.process().pid()));
  s.process().close_stdin();
  s.process().wait();
  std::filesystem::remove_all(dir);
  return 0;
}
