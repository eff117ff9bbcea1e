// What an agent and a new user meet on the real binary: results that fit a model's tool-result
// limit, first natural calls that work, a PCID a person can leave out, `tools --json` as served.
#include "support/child_process.hpp"
#include "support/recording_cats.hpp"
#include "support/stdio_mcp_client.hpp"
#include "support/temp_dir.hpp"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

namespace json = boost::json;
using namespace cats_mcp::testing;
using ::testing::HasSubstr;

namespace {
// Runs the binary to its end; its stdout.
std::string run_cli(std::vector<std::string> args, std::vector<std::pair<std::string, std::string>> env = {},
                    const std::string& input = {}) {
  args.insert(args.begin(), CATS_MCP_BINARY);
  ChildProcess p(args, env);
  if (!input.empty()) p.write(input);
  p.close_stdin();
  std::string out;
  while (auto line = p.read_line()) out += *line + "\n";
  EXPECT_EQ(p.wait(), 0) << p.stderr_text();
  return out;
}

std::string text_of(const json::object& result) {
  return std::string(result.at("content").as_array().at(0).at("text").as_string());
}
}  // namespace

// Claude Code refuses tool results over 25,000 tokens; the largest page was 31,000. A page of 100
// contacts is now at most 40 KB of text, and at most 36,000 bytes: 12,000 tokens even at a
// pessimistic 3 bytes per token (JSON of English words and numbers runs near 4).
TEST(AgentExperience, APageOfAHundredContactsFitsAModelsToolResultLimit) {
  TempDir dir;
  run_cli({"sandbox", "seed", "--contacts", "150", "--db", dir.file("s.db")});
  StdioMcpClient client({"--db", dir.file("s.db")}, {});
  client.initialize();
  auto page = client.call_tool("cats_contacts_list_all_contacts", {{"page", 1}, {"per_page", 100}});
  auto text = text_of(page);
  ASSERT_EQ(page.at("structuredContent").at("items").as_array().size(), 100u) << text.substr(0, 500);
  EXPECT_LE(text.size(), 36'000u);
  for (const auto& item : page.at("structuredContent").at("items").as_array()) {
    const auto& contact = item.as_object();
    EXPECT_FALSE(contact.contains("_embedded"));
    EXPECT_FALSE(contact.contains("_links"));
    for (auto field : {"id", "first_name", "last_name", "title", "company_id", "owner_id", "email", "status_id", "is_hot",
                       "date_modified"})
      EXPECT_TRUE(contact.contains(field)) << field << " in " << json::serialize(contact);
  }
  // The whole record is one call away.
  auto whole = client.call_tool("cats_contacts_get_a_contact", {{"id", 1}});
  EXPECT_TRUE(whole.at("structuredContent").as_object().contains("_embedded"));
  EXPECT_TRUE(whole.at("structuredContent").as_object().contains("address"));
  // Every other list drops _embedded too: a list's items are its memberships.
  auto statuses = client.call_tool("cats_contacts_list_contact_statuses", {});
  EXPECT_GT(statuses.at("structuredContent").at("count").as_int64(), 0);
}

// The first calls a model makes: no paging, no filter query.
TEST(AgentExperience, OmittedPagingAndFilterQueryTakeTheirDefaults) {
  TempDir dir;
  StdioMcpClient client({"--db", dir.file("s.db")}, {});
  client.initialize();
  auto found = client.call_tool("cats_contacts_search_contacts", {{"query", "Grace"}});
  ASSERT_FALSE(found.contains("isError")) << text_of(found);
  EXPECT_EQ(found.at("structuredContent").at("page"), 1);
  EXPECT_EQ(found.at("structuredContent").at("per_page"), 25);
  EXPECT_EQ(found.at("structuredContent").at("items").at(0).at("first_name"), "Grace");
  auto filtered =
      client.call_tool("cats_contacts_filter_contacts", {{"field", "last_name"}, {"filter", "exactly"}, {"value", "Hopper"}});
  ASSERT_FALSE(filtered.contains("isError")) << text_of(filtered);
  EXPECT_EQ(filtered.at("structuredContent").at("items").at(0).at("last_name"), "Hopper");
}

// A person stores one connection (owner `local` by default) and calls without naming it.
TEST(AgentExperience, TheOnlyStoredConnectionServesACallThatOmitsPcid) {
  TempDir dir;
  std::vector<std::pair<std::string, std::string>> env{{"CATS_MCP_STATE_DB", dir.file("state.db")},
                                                       {"CATS_SANDBOX_DB", dir.file("s.db")}};
  auto pcid = run_cli({"connections", "add", "--label", "Mine", "--sandbox"}, env);
  pcid.pop_back();
  EXPECT_THAT(run_cli({"connections", "list"}, env), HasSubstr(R"("owner":"local")"));
  StdioMcpClient client({}, env);
  client.initialize();
  auto without = client.call_tool("cats_contacts_get_a_contact", {{"id", 1}});
  ASSERT_FALSE(without.contains("isError")) << text_of(without);
  auto with = client.call_tool("cats_contacts_get_a_contact", {{"id", 1}, {"PCID", pcid}});
  EXPECT_EQ(without.at("structuredContent"), with.at("structuredContent"));

  run_cli({"connections", "add", "--label", "Second", "--sandbox"}, env);
  StdioMcpClient two({}, env);
  two.initialize();
  auto ambiguous = two.call_tool("cats_contacts_get_a_contact", {{"id", 1}});
  EXPECT_EQ(ambiguous.at("isError"), true);
  EXPECT_THAT(text_of(ambiguous), HasSubstr("This call needs `PCID`"));
}

// `tools --json` is what tools/list serves, with or without stored connections.
TEST(AgentExperience, ToolsJsonPrintsExactlyWhatToolsListServes) {
  TempDir dir;
  std::vector<std::pair<std::string, std::string>> env{{"CATS_MCP_STATE_DB", dir.file("state.db")},
                                                       {"CATS_SANDBOX_DB", dir.file("s.db")}};
  run_cli({"connections", "add", "--label", "Mine", "--sandbox"}, env);
  auto printed = json::parse(run_cli({"tools", "--json"}, env));
  StdioMcpClient client({}, env);
  client.initialize();
  auto listed = client.call("tools/list");
  EXPECT_EQ(printed.at("tools"), listed.at("result").at("tools"));
}

namespace {
// A CATS whose contact 7 is Ada Lovelace, owned by user 3 at company 9.
StandinResponse contact_seven(const RecordedRequest& r) {
  if (r.method == "GET" && r.path == "/contacts/7")
    return {200, {{"Content-Type", "application/json"}},
            R"({"id":7,"first_name":"Ada","last_name":"Lovelace","owner_id":3,"company_id":9,"title":"Analyst",)"
            R"("_links":{"self":{"href":"https://api.catsone.com/v3/contacts/7"}}})"};
  if (r.method == "GET") return {404, {{"Content-Type", "application/json"}}, R"({"message":"Contact not found."})"};
  return default_cats_answer(r);
}

std::vector<std::pair<std::string, std::string>> cats_env(const RecordingCats& cats) {
  return {{"CATS_API_KEY", "fill-test-key-1"}, {"CATS_API_BASE_URL", cats.base_url()}};
}
}  // namespace

// CATS requires first_name, last_name, owner_id and company_id on PUT /contacts/{id}: a call that
// omits them reads the contact once, and the PUT carries them with the call's own fields winning.
TEST(AgentExperience, AnUpdateSendsTheFourFieldsCatsRequiresReadFromTheContact) {
  RecordingCats cats(contact_seven);
  StdioMcpClient client({}, cats_env(cats));
  client.initialize();
  auto updated = client.call_tool("cats_contacts_update_a_contact", {{"id", 7}, {"title", "CTO"}, {"last_name", "King"}});
  ASSERT_FALSE(updated.contains("isError")) << text_of(updated);
  auto sent = cats.requests();
  ASSERT_EQ(sent.size(), 2u);
  EXPECT_EQ(sent[0].method, "GET");
  EXPECT_EQ(sent[0].path, "/contacts/7");
  EXPECT_EQ(sent[1].method, "PUT");
  EXPECT_EQ(json::parse(sent[1].body),
            json::parse(R"({"title":"CTO","last_name":"King","first_name":"Ada","owner_id":3,"company_id":9})"));

  // All four given: nothing is read.
  cats.clear();
  client.call_tool("cats_contacts_update_a_contact",
                   {{"id", 7}, {"first_name", "A"}, {"last_name", "B"}, {"owner_id", 1}, {"company_id", 2}});
  ASSERT_EQ(cats.requests().size(), 1u);
  EXPECT_EQ(cats.requests()[0].method, "PUT");

  // A contact that cannot be read is not updated.
  cats.clear();
  auto missing = client.call_tool("cats_contacts_update_a_contact", {{"id", 8}, {"title", "CTO"}});
  EXPECT_EQ(missing.at("isError"), true);
  EXPECT_THAT(text_of(missing), HasSubstr("Nothing was changed: CATS requires first_name, last_name, owner_id, company_id"));
  EXPECT_THAT(text_of(missing), HasSubstr("HTTP 404"));
  ASSERT_EQ(cats.requests().size(), 1u);  // the GET only
}

// The call command blocks on the same steps.
TEST(AgentExperience, TheCallCommandFillsAnUpdateTheSameWay) {
  RecordingCats cats(contact_seven);
  auto out = run_cli({"call", "update_a_contact", R"({"id":7,"title":"CTO"})"}, cats_env(cats));
  EXPECT_EQ(json::parse(out), json::parse(R"({"ok":true})"));
  ASSERT_EQ(cats.requests().size(), 2u);
  EXPECT_EQ(json::parse(cats.requests()[1].body),
            json::parse(R"({"title":"CTO","first_name":"Ada","last_name":"Lovelace","owner_id":3,"company_id":9})"));
}

// A resource read waits on CATS like a tool call: it is started on the CATS loop, with the key,
// and answers with the page's summaries.
TEST(AgentExperience, AResourceReadIsTheGetItNamesOnCats) {
  RecordingCats cats([](const RecordedRequest& r) {
    if (r.path == "/users")
      return StandinResponse{200, {{"Content-Type", "application/json"}},
                             R"({"count":1,"total":1,"_embedded":{"users":[{"id":3,"first_name":"Riley","last_name":"R",)"
                             R"("email":"r@example.com","access_level":"admin","_links":{"self":{"href":"/users/3"}}}]}})"};
    return contact_seven(r);
  });
  StdioMcpClient client({}, cats_env(cats));
  client.initialize();
  auto users = client.call("resources/read", {{"uri", "cats://users"}});
  ASSERT_TRUE(users.contains("result")) << json::serialize(users);
  const auto& content = users.at("result").at("contents").at(0);
  EXPECT_EQ(content.at("uri"), "cats://users");
  auto page = json::parse(content.at("text").as_string());
  EXPECT_EQ(page.at("items"), json::parse(R"([{"id":3,"first_name":"Riley","last_name":"R","email":"r@example.com"}])"));
  ASSERT_EQ(cats.requests().size(), 1u);
  EXPECT_EQ(cats.requests()[0].path, "/users");
  EXPECT_EQ(cats.requests()[0].query, (std::vector<std::pair<std::string, std::string>>{{"page", "1"}, {"per_page", "100"}}));

  auto missing = client.call("resources/read", {{"uri", "cats://contacts/8"}});  // the stand-in has only 7
  EXPECT_EQ(missing.at("error").at("code"), -32602);
  auto contact = client.call("resources/read", {{"uri", "cats://contacts/7"}});
  EXPECT_EQ(json::parse(contact.at("result").at("contents").at(0).at("text").as_string()).at("first_name"), "Ada");
}
