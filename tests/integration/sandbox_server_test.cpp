// The sandbox through the real binary: the default backend over stdio, `sandbox serve`
// behind the libcurl client (the same results as in process), durability across kill -9,
// the rate-limit emulation and the contact generator.
#include "support/stdio_mcp_client.hpp"
#include "support/temp_dir.hpp"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <signal.h>

#include <memory>
#include <regex>
#include <thread>

namespace json = boost::json;
using namespace cats_mcp::testing;
using ::testing::HasSubstr;

namespace {

// Starts `sandbox serve` on a free port and returns its base URL once it listens.
struct ServedSandbox {
  ChildProcess process;
  std::string base_url;
  ServedSandbox(const std::string& db, std::vector<std::string> extra = {})
      : process([&] {
          std::vector<std::string> argv{CATS_MCP_BINARY, "sandbox", "serve", "--listen", "127.0.0.1:0", "--db", db};
          argv.insert(argv.end(), extra.begin(), extra.end());
          return argv;
        }(), {}) {
    if (auto url = process.wait_for_stderr(R"re("base_url":"([^"]+)")re")) {
      base_url = *url;
      return;
    }
    ADD_FAILURE() << "sandbox serve did not start: " << process.stderr_text();
  }
};

// Removes what legitimately differs between two runs: timestamps.
json::value without_dates(const json::value& v) {
  if (v.is_object()) {
    json::object out;
    for (const auto& [k, m] : v.get_object())
      if (!k.starts_with("date")) out[k] = without_dates(m);
    return out;
  }
  if (v.is_array()) {
    json::array out;
    for (const auto& e : v.get_array()) out.push_back(without_dates(e));
    return out;
  }
  return v;
}

// A recruiter's session touching most tools; returns every structured result (or error text).
std::vector<json::value> run_scenario(StdioMcpClient& client) {
  const char* calls[][2] = {
      {"cats_contacts_list_all_contacts", R"({"page":1,"per_page":2})"},
      {"cats_contacts_create_a_contact", R"({"check_duplicate":true,"first_name":"Ada","last_name":"Lovelace","owner_id":1,"company_id":2,
                                           "emails":[{"email":"ada@analytical.example","is_primary":true}],
                                           "phones":[{"number":"+442079460000","type":"work"}],"custom_fields":[{"id":2,"value":"Europe"}]})"},
      {"cats_contacts_create_a_contact", R"({"check_duplicate":true,"first_name":"Ada","last_name":"Lovelace","owner_id":1,"company_id":2,
                                           "emails":[{"email":"ada@analytical.example"}]})"},
      {"cats_contacts_get_a_contact", R"({"id":4})"},
      {"cats_contacts_create_a_contact_email", R"({"contact_id":4,"email":"ada@home.example","is_primary":true})"},
      {"cats_contacts_list_contact_emails", R"({"contact_id":4,"page":1,"per_page":10})"},
      {"cats_contacts_create_a_contact_phone", R"({"contact_id":4,"number":"+447700900123","type":"mobile"})"},
      {"cats_contacts_lis_contact_phones", R"({"contact_id":4,"page":1,"per_page":10})"},
      {"cats_contacts_attach_contact_tags", R"({"contact_id":4,"tags":[1,2]})"},
      {"cats_contacts_replace_contact_tags", R"({"contact_id":4,"tags":[3]})"},
      {"cats_contacts_list_all_contact_tags", R"({"contact_id":4,"page":1,"per_page":10})"},
      {"cats_contacts_create_a_contact_list", R"({"name":"Analysts"})"},
      {"cats_contacts_create_contact_list_items", R"({"id":2,"items":[{"contact_id":4}]})"},
      {"cats_contacts_get_a_contact_list_item", R"({"list_id":2,"item_id":2})"},
      {"cats_contacts_update_a_contact_custom_field", R"({"contact_id":4,"custom_field_id":3,"value":"true"})"},
      {"cats_contacts_list_contact_custom_field_values", R"({"id":4,"page":1,"per_page":10})"},
      {"cats_contacts_change_contact_status", R"({"id":4,"create_activity":true,"status_id":2})"},
      {"cats_contacts_create_a_contact_activity", R"({"id":4,"type":"meeting","notes":"Coffee","date":"2026-11-20T10:00:00+00:00"})"},
      {"cats_contacts_upload_a_contact_attachment", R"({"id":4,"filename":"notes.txt","content_base64":"aGVsbG8gd29ybGQ="})"},
      {"cats_contacts_change_a_contact_thumbnail", R"({"id":4,"source":"attachment","attachment_id":1})"},
      {"cats_contacts_get_a_contact_thumbnail", R"({"id":4})"},
      {"cats_contacts_search_contacts", R"({"query":"lovelace","page":1,"per_page":5})"},
      {"cats_contacts_filter_contacts", R"({"query":"","page":1,"per_page":5,"field":"id","filter":"between","value":"2,4"})"},
      {"cats_contacts_update_a_contact", R"({"id":4,"title":"Countess","is_hot":true})"},
      {"cats_contacts_get_a_contact", R"({"id":4})"},
      {"cats_contacts_delete_a_contact_phone", R"({"contact_id":4,"id":4})"},
      {"cats_contacts_get_a_contact_phone", R"({"contact_id":4,"id":4})"},
      {"cats_contacts_delete_a_contact", R"({"id":4})"},
      {"cats_contacts_get_a_contact", R"({"id":4})"},
  };
  std::vector<json::value> results;
  for (const auto& [tool, args] : calls) {
    auto r = client.call_tool(tool, json::parse(args).as_object());
    if (r.contains("isError")) results.push_back(r.at("content").at(0).at("text"));
    else results.push_back(without_dates(r.at("structuredContent")));
  }
  return results;
}

}  // namespace

TEST(SandboxServer, WithoutAKeyTheServerServesTheSandboxWithDemoData) {
  TempDir dir;
  StdioMcpClient client({}, {{"CATS_SANDBOX_DB", dir.file("s.db")}});
  auto init = client.initialize();
  std::string instructions(init.at("result").at("instructions").as_string());
  EXPECT_THAT(instructions, HasSubstr("embedded sandbox"));
  EXPECT_THAT(instructions, HasSubstr("Grace Hopper"));
  // The model's context gets no local path, and sentences without brackets inside brackets.
  EXPECT_EQ(instructions.find(dir.file("s.db")), std::string::npos) << instructions;
  int depth = 0, deepest = 0;
  for (char c : instructions) deepest = std::max(deepest, depth += c == '(' ? 1 : c == ')' ? -1 : 0);
  EXPECT_LE(deepest, 1) << instructions;
  EXPECT_EQ(instructions.find(".."), std::string::npos) << instructions;
  // The operator's log still says where the data is.
  EXPECT_THAT(client.process().stderr_text(), HasSubstr(dir.file("s.db")));
  auto grace = client.call_tool("cats_contacts_get_a_contact", {{"id", 1}});
  EXPECT_EQ(grace.at("structuredContent").at("first_name"), "Grace");
}

TEST(SandboxServer, InProcessAndServedSandboxGiveTheSameResults) {
  TempDir dir;
  ServedSandbox served(dir.file("served.db"));
  StdioMcpClient in_process({}, {{"CATS_SANDBOX_DB", dir.file("inproc.db")}});
  StdioMcpClient over_http({}, {{"CATS_API_KEY", "differential-key"}, {"CATS_API_BASE_URL", served.base_url}});
  in_process.initialize();
  over_http.initialize();
  auto a = run_scenario(in_process);
  auto b = run_scenario(over_http);
  ASSERT_EQ(a.size(), b.size());
  // Locations are absolute under the URL each was reached at; the rest must be the same.
  for (auto& step : b) {
    auto text = json::serialize(step);
    for (auto at = text.find(served.base_url); at != std::string::npos; at = text.find(served.base_url, at))
      text.replace(at, served.base_url.size(), "https://sandbox.invalid/v3");
    step = json::parse(text);
  }
  EXPECT_EQ(a[1].at("location"), "https://sandbox.invalid/v3/contacts/4");
  for (std::size_t i = 0; i < a.size(); ++i) EXPECT_EQ(a[i], b[i]) << "step " << i << ":\n" << json::serialize(a[i]) << "\n" << json::serialize(b[i]);
  // The scenario really exercised success and failure paths.
  EXPECT_EQ(a[1].at("id"), 4);
  EXPECT_THAT(std::string(a[2].as_string()), HasSubstr("HTTP 409"));
  EXPECT_THAT(std::string(a.back().as_string()), HasSubstr("HTTP 404"));
}

TEST(SandboxServer, AnAnsweredWriteSurvivesKillDashNine) {
  TempDir dir;
  std::vector<std::pair<std::string, std::string>> env{{"CATS_SANDBOX_DB", dir.file("durable.db")}};
  {
    StdioMcpClient client({}, env);
    client.initialize();
    auto created = client.call_tool("cats_contacts_create_a_contact",
                                    json::parse(R"({"check_duplicate":false,"first_name":"Durable","last_name":"Write","owner_id":1,"company_id":1})").as_object());
    ASSERT_EQ(created.at("structuredContent").at("id"), 4);
    auto email = client.call_tool("cats_contacts_create_a_contact_email",
                                  json::parse(R"({"contact_id":4,"email":"durable@example.com"})").as_object());
    ASSERT_FALSE(email.contains("isError"));
    client.process().signal(SIGKILL);
    EXPECT_EQ(client.process().wait(), -SIGKILL);
  }
  StdioMcpClient again({}, env);
  again.initialize();
  auto read = again.call_tool("cats_contacts_get_a_contact", {{"id", 4}});
  EXPECT_EQ(read.at("structuredContent").at("first_name"), "Durable");
  EXPECT_EQ(read.at("structuredContent").at("emails").at("primary"), "durable@example.com");
}

TEST(SandboxServer, ServedRateLimitEndsACallWithWhenToRetry) {
  TempDir dir;
  ServedSandbox served(dir.file("limited.db"), {"--rate-limit", "2"});
  StdioMcpClient client({}, {{"CATS_API_KEY", "limited-key"}, {"CATS_API_BASE_URL", served.base_url}});
  client.initialize();
  EXPECT_FALSE(client.call_tool("cats_contacts_get_a_contact", {{"id", 1}}).contains("isError"));
  EXPECT_FALSE(client.call_tool("cats_contacts_get_a_contact", {{"id", 2}}).contains("isError"));
  auto limited = client.call_tool("cats_contacts_get_a_contact", {{"id", 3}});
  ASSERT_EQ(limited.at("isError"), true);
  std::string text(limited.at("content").at(0).at("text").as_string());
  EXPECT_THAT(text, HasSubstr("HTTP 429"));
  EXPECT_THAT(text, HasSubstr("0 of 2 requests left this hour"));
  EXPECT_THAT(text, HasSubstr("Retry after"));
}

TEST(SandboxServer, EachServedApiKeyIsAnAccountOfItsOwn) {
  TempDir dir;
  ServedSandbox served(dir.file("accounts.db"));
  auto call = [&](std::string key, std::string tool, std::string args) {
    ChildProcess p({CATS_MCP_BINARY, "call", tool, args}, {{"CATS_API_KEY", key}, {"CATS_API_BASE_URL", served.base_url}});
    auto line = p.read_line();
    p.wait();
    return line ? json::parse(*line) : json::value(nullptr);
  };
  auto created = call("key-of-a", "cats_contacts_create_a_contact",
                      R"({"check_duplicate":false,"first_name":"Only","last_name":"InA","owner_id":1,"company_id":1})");
  ASSERT_EQ(created.at("id"), 4);
  EXPECT_EQ(call("key-of-a", "cats_contacts_get_a_contact", R"({"id":4})").at("first_name"), "Only");
  auto other = call("key-of-b", "cats_contacts_get_a_contact", R"({"id":4})");
  EXPECT_EQ(other.at("isError"), true);
  EXPECT_THAT(std::string(other.at("error").as_string()), HasSubstr("HTTP 404"));
}

TEST(SandboxSeed, AddsGeneratedContactsThatSearchFinds) {
  TempDir dir;
  ChildProcess seed({CATS_MCP_BINARY, "sandbox", "seed", "--contacts", "200", "--db", dir.file("seeded.db")}, {});
  auto line = seed.read_line();
  ASSERT_TRUE(line);
  EXPECT_EQ(json::parse(*line), json::parse(R"({"added":200,"contacts":203})"));
  EXPECT_EQ(seed.wait(), 0);
  StdioMcpClient client({}, {{"CATS_SANDBOX_DB", dir.file("seeded.db")}});
  client.initialize();
  auto all = client.call_tool("cats_contacts_list_all_contacts", {{"page", 3}, {"per_page", 100}});
  EXPECT_EQ(all.at("structuredContent").at("total"), 203);
  EXPECT_EQ(all.at("structuredContent").at("count"), 3);
  EXPECT_EQ(all.at("structuredContent").at("has_more"), false);
}

// The crash a new user met: a list, search or filter answered from a database that an earlier
// process created. The page's JSON outlived the memory it was built in (a use-after-free that
// jemalloc hid and AddressSanitizer reports); an empty page segfaulted outright.
TEST(SandboxServer, PagesOfAReusedDatabaseAnswerInAFreshProcess) {
  TempDir dir;
  auto call = [&](const char* tool, const char* args) {
    ChildProcess p({CATS_MCP_BINARY, "call", tool, args}, {{"CATS_SANDBOX_DB", dir.file("reused.db")}});
    auto line = p.read_line();
    auto status = p.wait();
    EXPECT_EQ(status, 0) << tool << " " << args << "\n" << p.stderr_text();
    return line ? json::parse(*line) : json::value(nullptr);
  };
  EXPECT_EQ(call("cats_contacts_get_a_contact", R"({"id":1})").at("first_name"), "Grace");  // creates the demo account
  const std::pair<const char*, const char*> pages[] = {
      {"cats_contacts_search_contacts", R"({"query":"zzzz","page":1,"per_page":25})"},
      {"cats_contacts_list_all_contacts", R"({"page":999,"per_page":25})"},
      {"cats_contacts_filter_contacts", R"({"query":"","page":1,"per_page":25,"field":"first_name","filter":"exactly","value":"Nobody"})"},
      {"cats_contacts_search_contacts", R"({"query":"Grace","page":1,"per_page":25})"},
      {"cats_contacts_list_all_contacts", R"({"page":1,"per_page":100})"},
      {"cats_contacts_list_contact_statuses", R"({"page":1,"per_page":100})"},
  };
  for (const auto& [tool, args] : pages) {
    auto page = call(tool, args);
    ASSERT_TRUE(page.is_object()) << tool << " " << args;
    EXPECT_TRUE(page.at("items").is_array()) << tool << " " << args << ": " << page;
  }
  EXPECT_EQ(call("cats_contacts_search_contacts", R"({"query":"Grace","page":1,"per_page":25})").at("count"), 1);
  EXPECT_EQ(call("cats_contacts_list_all_contacts", R"({"page":1,"per_page":100})").at("count"), 3);
}

// Two desktop clients on the default path: two servers, one database file, creating at once
// from its very first use. Every create succeeds, and none is lost (a deferred transaction that
// had to upgrade to a writer failed at once instead of waiting for the lock).
TEST(SandboxServer, TwoProcessesOnOneDatabaseBothSucceedAtEveryWrite) {
  TempDir dir;
  constexpr int kCreatesEach = 120;
  std::vector<std::unique_ptr<StdioMcpClient>> servers;
  for (int s = 0; s < 2; ++s) {
    servers.push_back(std::make_unique<StdioMcpClient>(std::vector<std::string>{}, std::vector<std::pair<std::string, std::string>>{
                                                                                    {"CATS_SANDBOX_DB", dir.file("shared.db")}}));
    servers.back()->initialize();
  }
  // Pipelined: every request is written before any answer is read, so both processes write at once.
  for (int i = 0; i < kCreatesEach; ++i)
    for (int s = 0; s < 2; ++s)
      servers[s]->send(json::object{
          {"jsonrpc", "2.0"}, {"id", i}, {"method", "tools/call"},
          {"params", {{"name", "cats_contacts_create_a_contact"},
                      {"arguments", {{"check_duplicate", false}, {"first_name", "P" + std::to_string(s)},
                                     {"last_name", "N" + std::to_string(i)}, {"owner_id", 1}, {"company_id", 1}}}}}});
  int failures = 0;
  std::string first_failure;
  for (int s = 0; s < 2; ++s)
    for (int i = 0; i < kCreatesEach; ++i) {
      auto r = servers[s]->response_to(i, std::chrono::seconds(60));
      ASSERT_TRUE(r) << "no answer to create " << i << " of server " << s;
      if (r->at("result").as_object().contains("isError")) {
        if (!failures++) first_failure = json::serialize(*r);
      }
    }
  EXPECT_EQ(failures, 0) << first_failure;
  auto all = servers[0]->call_tool("cats_contacts_list_all_contacts", {{"page", 1}, {"per_page", 1}});
  EXPECT_EQ(all.at("structuredContent").at("total"), 3 + 2 * kCreatesEach);
}
