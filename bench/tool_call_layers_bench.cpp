// What one tools/call get_a_contact costs in each layer, in process (no pipe, no socket): the
// sandbox router alone, the whole tool call (validation, mapping, router, HAL, shaping), and
// the whole JSON-RPC round (parse the request line, run the call, serialise the response).
// Each sample picks a random contact, so the database is read as under real load.
//
//   bench_tool_call_layers [--contacts N] [--calls K]
#include "backend.hpp"
#include "mcp/jsonrpc.hpp"
#include "mcp/protocol.hpp"
#include "sandbox/generator.hpp"
#include "sandbox/sandbox_transport.hpp"
#include "tools/catalog.hpp"
#include "tools/toolset_provider.hpp"
#include "util/cancel.hpp"
#include "util/log.hpp"

#include <boost/json.hpp>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <filesystem>
#include <functional>
#include <random>
#include <string>
#include <vector>

namespace json = boost::json;
using namespace cats_mcp;
using Clock = std::chrono::steady_clock;

namespace {

void report(const char* what, std::size_t calls, const std::function<void(std::int64_t)>& one, std::int64_t max_id) {
  std::mt19937 random(7);
  std::uniform_int_distribution<std::int64_t> ids(1, max_id);
  for (std::size_t i = 0; i < 500; ++i) one(ids(random));  // warm caches and prepared statements
  std::vector<double> us;
  us.reserve(calls);
  for (std::size_t i = 0; i < calls; ++i) {
    auto id = ids(random);
    auto t0 = Clock::now();
    one(id);
    us.push_back(std::chrono::duration<double, std::micro>(Clock::now() - t0).count());
  }
  std::sort(us.begin(), us.end());
  auto at = [&](double q) { return us[std::min(us.size() - 1, std::size_t(q * double(us.size())))]; };
  std::printf("| %s | %.1f µs | %.1f µs | %.1f µs |\n", what, at(0.5), at(0.9), at(0.99));
}

}  // namespace

int main(int argc, char** argv) {
  std::int64_t contacts = 10000;
  std::size_t calls = 20000;
  for (int i = 1; i + 1 < argc; i += 2) {
    std::string flag = argv[i];
    if (flag == "--contacts") contacts = std::stoll(argv[i + 1]);
    else if (flag == "--calls") calls = std::stoul(argv[i + 1]);
    else {
      std::fprintf(stderr, "usage: %s [--contacts N] [--calls K]\n", argv[0]);
      return 2;
    }
  }
  set_stderr_log_level(LogLevel::warning);  // as the HTTP bench runs the server: no line per call
  auto dir = std::filesystem::temp_directory_path() / ("tool-call-bench-" + std::to_string(::getpid()));
  std::filesystem::create_directories(dir);
  auto db = (dir / "sandbox.db").string();
  {
    sandbox::Store store(db);
    sandbox::generate_contacts(store, sandbox::kDemoAccountKey, contacts, {});
  }
  auto router = open_sandbox(db);
  auto client = std::make_shared<cats::Client>(std::make_shared<sandbox::SandboxTransport>(router, sandbox::kDemoAccountKey),
                                               cats::ClientOptions{});
  tools::ToolRunner runner(client);
  const auto* tool = tools::find_tool("cats_contacts_get_a_contact");
  tools::ToolsetProvider provider(tools::cats_contacts_toolset(), runner, "the bench sandbox");
  mcp::Session session(provider, {}, [](const json::object&) {});
  std::int64_t max_id = contacts + 3;

  std::printf("%lld contacts, %zu calls each\n\n| layer | p50 | p90 | p99 |\n|---|---|---|---|\n",
              static_cast<long long>(contacts), calls);
  report("router: GET /contacts/{id}", calls, [&](std::int64_t id) {
    sandbox::Request r;
    r.method = "GET";
    r.path = "/contacts/" + std::to_string(id);
    if (router->handle(sandbox::kDemoAccountKey, r).status != 200) std::abort();
  }, max_id);
  report("tool call (ToolRunner::call)", calls, [&](std::int64_t id) {
    auto outcome = runner.call(*tool, json::object{{"id", id}}, {}, "local");
    if (outcome.is_error) std::abort();
  }, max_id);
  report("JSON-RPC line in, response text out", calls, [&](std::int64_t id) {
    std::string line = R"({"jsonrpc":"2.0","id":1,"method":"tools/call","params":{"name":"cats_contacts_get_a_contact","arguments":{"id":)" +
                       std::to_string(id) + "}}}";
    json::object parse_error;
    auto message = mcp::parse_message(line, parse_error);
    std::optional<mcp::PendingCall> call;
    session.handle(*message, call);
    auto response = session.run(*call);
    if (json::serialize(*response).size() < 100) std::abort();
  }, max_id);
  std::filesystem::remove_all(dir);
}
