// The protocol session: handshake and negotiation, tools/list paging, tools/call dispatch,
// logging levels, cancellation and progress — over a scripted CATS transport.
#include "mcp/protocol.hpp"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <atomic>
#include <deque>
#include <mutex>
#include <thread>

using namespace cats_mcp;
using namespace cats_mcp::mcp;
using ::testing::HasSubstr;

namespace {
class FixedTransport : public cats::Transport {
 public:
  std::function<cats::TransportResult(const cats::CatsRequest&, const cats::SendOptions&)> answer;
  cats::TransportResult send(const cats::CatsRequest& r, const cats::SendOptions& o) override { return answer(r, o); }
};

struct Harness {
  std::shared_ptr<FixedTransport> transport = std::make_shared<FixedTransport>();
  std::shared_ptr<cats::Client> client;
  std::unique_ptr<tools::ToolRunner> runner;
  std::mutex mutex;
  std::vector<json::object> sent;
  std::unique_ptr<Session> session;

  explicit Harness(std::size_t page_size = 100) {
    transport->answer = [](const cats::CatsRequest&, const cats::SendOptions&) {
      cats::TransportResult r;
      r.response.status = 200;
      r.response.body = R"({"id":5,"first_name":"Ada","_links":{"self":{"href":"/contacts/5"}}})";
      return r;
    };
    cats::ClientOptions options{"k-protocol-test", std::chrono::milliseconds(1000), {}};
    options.retry.base_delay = std::chrono::milliseconds(1);
    client = std::make_shared<cats::Client>(transport, options);
    runner = std::make_unique<tools::ToolRunner>(client);
    session = std::make_unique<Session>(*runner, ServerOptions{"a test backend", page_size, {}}, [this](const json::object& m) {
      std::lock_guard lock(mutex);
      sent.push_back(m);
    });
  }

  // Handles one message the way a transport does, running any tool call inline.
  std::optional<json::object> request(std::string_view text) {
    json::object err;
    auto m = parse_message(text, err);
    if (!m) return err;
    std::optional<PendingCall> call;
    auto response = session->handle(*m, call);
    if (call) return session->run(*call);
    return response;
  }
};

constexpr std::string_view kInit =
    R"({"jsonrpc":"2.0","id":1,"method":"initialize","params":{"protocolVersion":"%s","capabilities":{},"clientInfo":{"name":"t","version":"1"}}})";

std::string init(std::string_view version) {
  std::string text(kInit);
  text.replace(text.find("%s"), 2, version);
  return text;
}
}  // namespace

TEST(Protocol, InitializeAnswersWithServerInfoCapabilitiesAndInstructions) {
  Harness h;
  auto r = h.request(init("2025-11-25"))->at("result").as_object();
  EXPECT_EQ(r.at("protocolVersion"), "2025-11-25");
  EXPECT_EQ(r.at("serverInfo").at("name"), "cats-contacts-mcp");
  EXPECT_TRUE(r.at("serverInfo").as_object().contains("title"));
  EXPECT_TRUE(r.at("serverInfo").as_object().contains("version"));
  EXPECT_EQ(r.at("capabilities").at("tools").at("listChanged"), false);
  EXPECT_TRUE(r.at("capabilities").as_object().contains("logging"));
  EXPECT_THAT(std::string(r.at("instructions").as_string()), HasSubstr("a test backend"));
  EXPECT_THAT(std::string(r.at("instructions").as_string()), HasSubstr("next_page"));
}

TEST(Protocol, NegotiatesDownToOlderSupportedVersions) {
  for (auto v : {"2025-06-18", "2025-03-26"}) {
    Harness h;
    EXPECT_EQ(h.request(init(v))->at("result").at("protocolVersion"), v);
  }
}

TEST(Protocol, AnswersAnUnknownVersionWithTheLatest) {
  Harness h;
  EXPECT_EQ(h.request(init("2024-11-05"))->at("result").at("protocolVersion"), "2025-11-25");
  Harness h2;
  EXPECT_EQ(h2.request(init("2026-07-28"))->at("result").at("protocolVersion"), "2025-11-25");
}

TEST(Protocol, ConcurrentInitializeOnOneSessionIsSafe) {
  // Over HTTP two requests of one session can run at once; ThreadSanitizer builds check that
  // the negotiated version is never read while another initialize writes it.
  Harness h;
  std::vector<std::thread> clients;
  std::atomic<int> answered{0};
  for (auto v : {"2025-11-25", "2025-06-18", "2025-03-26", "2025-11-25"})
    clients.emplace_back([&, v] {
      for (int i = 0; i < 20; ++i) {
        auto r = h.request(init(v));
        if (r && r->at("result").at("protocolVersion") == v) ++answered;
        h.request(R"({"jsonrpc":"2.0","id":"p","method":"ping"})");
      }
    });
  for (auto& t : clients) t.join();
  EXPECT_EQ(answered.load(), 80);  // each answer carries its own request's version
}

TEST(Protocol, AClientsProtocolVersionIsLoggedOnlyInPart) {
  Harness h;
  const std::string huge(5 * 1024 * 1024, 'v');
  ::testing::internal::CaptureStderr();
  auto r = h.request(init(huge));
  auto log = ::testing::internal::GetCapturedStderr();
  EXPECT_EQ(r->at("result").at("protocolVersion"), "2025-11-25");
  EXPECT_THAT(log, HasSubstr("\"msg\":\"initialize\""));
  EXPECT_EQ(log.find(std::string(65, 'v')), std::string::npos);
  EXPECT_LT(log.size(), 4096u);
}

TEST(Protocol, PingReturnsAnEmptyResult) {
  Harness h;
  EXPECT_EQ(*h.request(R"({"jsonrpc":"2.0","id":"p","method":"ping"})"),
            json::parse(R"({"jsonrpc":"2.0","id":"p","result":{}})"));
}

TEST(Protocol, ServerDiscoverIsMethodNotFoundPromptly) {
  Harness h;
  EXPECT_EQ(h.request(R"({"jsonrpc":"2.0","id":2,"method":"server/discover","params":{}})")->at("error").at("code"), -32601);
}

TEST(Protocol, UnknownMethodIsMethodNotFoundAndUnknownNotificationIsIgnored) {
  Harness h;
  EXPECT_EQ(h.request(R"({"jsonrpc":"2.0","id":2,"method":"resources/list"})")->at("error").at("code"), -32601);
  EXPECT_FALSE(h.request(R"({"jsonrpc":"2.0","method":"notifications/whatever"})"));
}

TEST(Protocol, ToolsListReturnsAllFortyFourOnOnePage) {
  Harness h;
  auto r = h.request(R"({"jsonrpc":"2.0","id":2,"method":"tools/list"})")->at("result").as_object();
  EXPECT_EQ(r.at("tools").as_array().size(), 44u);
  EXPECT_FALSE(r.contains("nextCursor"));
}

TEST(Protocol, ToolsListPagesWithCursorsItIssued) {
  Harness h(20);
  auto first = h.request(R"({"jsonrpc":"2.0","id":2,"method":"tools/list"})")->at("result").as_object();
  ASSERT_EQ(first.at("tools").as_array().size(), 20u);
  std::string cursor(first.at("nextCursor").as_string());
  std::size_t total = 20;
  while (!cursor.empty()) {
    auto page = h.request(R"({"jsonrpc":"2.0","id":3,"method":"tools/list","params":{"cursor":")" + cursor + "\"}}")
                    ->at("result").as_object();
    total += page.at("tools").as_array().size();
    cursor = page.contains("nextCursor") ? std::string(page.at("nextCursor").as_string()) : "";
  }
  EXPECT_EQ(total, 44u);
}

TEST(Protocol, AnInvalidCursorIsInvalidParams) {
  Harness h;
  for (auto c : {R"("nope")", R"("t999")", R"("t0")", "5"})
    EXPECT_EQ(h.request(std::string(R"({"jsonrpc":"2.0","id":2,"method":"tools/list","params":{"cursor":)") + c + "}}")
                  ->at("error").at("code"), -32602) << c;
}

TEST(Protocol, UnknownToolIsInvalidParams) {
  Harness h;
  auto e = h.request(R"({"jsonrpc":"2.0","id":2,"method":"tools/call","params":{"name":"cats_contacts_nope","arguments":{}}})");
  EXPECT_EQ(e->at("error").at("code"), -32602);
  EXPECT_THAT(std::string(e->at("error").at("message").as_string()), HasSubstr("Unknown tool"));
}

TEST(Protocol, ToolsCallWithBadParamsShapeIsInvalidParams) {
  Harness h;
  EXPECT_EQ(h.request(R"({"jsonrpc":"2.0","id":2,"method":"tools/call","params":{"arguments":{}}})")->at("error").at("code"), -32602);
  EXPECT_EQ(h.request(R"({"jsonrpc":"2.0","id":2,"method":"tools/call","params":{"name":"cats_contacts_get_a_contact","arguments":[1]}})")
                ->at("error").at("code"), -32602);
  EXPECT_EQ(h.request(R"({"jsonrpc":"2.0","id":2,"method":"tools/call","params":"x"})")->at("error").at("code"), -32602);
}

TEST(Protocol, ToolsCallReturnsStructuredContentAndText) {
  Harness h;
  auto r = h.request(R"({"jsonrpc":"2.0","id":2,"method":"tools/call","params":{"name":"cats_contacts_get_a_contact","arguments":{"id":5}}})")
               ->at("result").as_object();
  EXPECT_EQ(r.at("structuredContent"), json::parse(R"({"id":5,"first_name":"Ada"})"));
  EXPECT_EQ(json::parse(r.at("content").at(0).at("text").as_string()), r.at("structuredContent"));
}

TEST(Protocol, BadArgumentsAreAToolErrorNotAProtocolError) {
  Harness h;
  auto r = h.request(R"({"jsonrpc":"2.0","id":2,"method":"tools/call","params":{"name":"cats_contacts_get_a_contact","arguments":{"id":"x"}}})");
  EXPECT_EQ(r->at("result").at("isError"), true);
}

TEST(Protocol, SetLevelAcceptsSyslogLevelsAndRefusesOthers) {
  Harness h;
  EXPECT_EQ(*h.request(R"({"jsonrpc":"2.0","id":2,"method":"logging/setLevel","params":{"level":"debug"}})"),
            json::parse(R"({"jsonrpc":"2.0","id":2,"result":{}})"));
  EXPECT_EQ(h.request(R"({"jsonrpc":"2.0","id":3,"method":"logging/setLevel","params":{"level":"verbose"}})")->at("error").at("code"), -32602);
}

TEST(Protocol, DebugLevelSendsCatsRequestLogsAsNotifications) {
  Harness h;
  h.request(R"({"jsonrpc":"2.0","id":2,"method":"logging/setLevel","params":{"level":"debug"}})");
  h.request(R"({"jsonrpc":"2.0","id":3,"method":"tools/call","params":{"name":"cats_contacts_get_a_contact","arguments":{"id":5}}})");
  ASSERT_FALSE(h.sent.empty());
  EXPECT_EQ(h.sent[0].at("method"), "notifications/message");
  EXPECT_EQ(h.sent[0].at("params").at("level"), "debug");
  EXPECT_EQ(h.sent[0].at("params").at("data").at("path"), "/contacts/5");
  EXPECT_EQ(json::serialize(h.sent[0]).find("k-protocol-test"), std::string::npos);
}

TEST(Protocol, NoLogNotificationsBelowTheDefaultWarningLevel) {
  Harness h;
  h.request(R"({"jsonrpc":"2.0","id":3,"method":"tools/call","params":{"name":"cats_contacts_get_a_contact","arguments":{"id":5}}})");
  EXPECT_TRUE(h.sent.empty());
}

TEST(Protocol, ProgressTokenGetsProgressNotificationsWhileRetrying) {
  Harness h;
  int calls = 0;
  h.transport->answer = [&](const cats::CatsRequest&, const cats::SendOptions&) {
    cats::TransportResult r;
    r.response.status = ++calls < 3 ? 503 : 200;
    r.response.body = "{}";
    return r;
  };
  auto r = h.request(R"({"jsonrpc":"2.0","id":4,"method":"tools/call","params":{"name":"cats_contacts_get_a_contact","arguments":{"id":5},"_meta":{"progressToken":"tok"}}})");
  EXPECT_FALSE(r->at("result").as_object().contains("isError"));
  std::vector<double> progress;
  for (auto& m : h.sent) {
    ASSERT_EQ(m.at("method"), "notifications/progress");
    EXPECT_EQ(m.at("params").at("progressToken"), "tok");
    progress.push_back(m.at("params").at("progress").to_number<double>());
  }
  ASSERT_EQ(progress.size(), 2u);
  EXPECT_LT(progress[0], progress[1]);
}

namespace {
// A get_a_contact call with this id, accepted by the session and not yet run.
std::optional<PendingCall> accepted_get(Harness& h, int id) {
  json::object err;
  auto m = parse_message(R"({"jsonrpc":"2.0","id":)" + std::to_string(id) +
                             R"(,"method":"tools/call","params":{"name":"cats_contacts_get_a_contact","arguments":{"id":5}}})",
                         err);
  std::optional<PendingCall> call;
  EXPECT_FALSE(h.session->handle(*m, call));
  return call;
}
}  // namespace

TEST(Protocol, CancelledCallSendsNoResponse) {
  Harness h;
  json::object err;
  auto call = accepted_get(h, 9);
  ASSERT_TRUE(call);
  auto cancel = parse_message(R"({"jsonrpc":"2.0","method":"notifications/cancelled","params":{"requestId":9,"reason":"user"}})", err);
  std::optional<PendingCall> none;
  h.session->handle(*cancel, none);
  EXPECT_TRUE(call->cancel->cancelled());
  EXPECT_FALSE(h.session->run(*call));
}

TEST(Protocol, InvalidRequestKeepsTheIdWhenItCan) {
  Harness h;
  auto e = h.request(R"({"jsonrpc":"2.0","id":5})");
  EXPECT_EQ(e->at("error").at("code"), -32600);
  EXPECT_EQ(e->at("id"), 5);
}

TEST(ToolFilter, ReadOnlyOffersOnlyToolsThatChangeNothing) {
  tools::ToolFilter filter(true, {}, {});
  std::size_t offered = 0;
  for (const auto& tool : tools::catalog()) {
    if (!filter.allows(tool)) continue;
    ++offered;
    EXPECT_EQ(tool.safety, tools::Safety::read) << tool.name;
  }
  EXPECT_EQ(offered, 23u);  // 9 gets, 12 lists, search and filter
}

TEST(ToolFilter, OnlyAndExcludeTakeNamesWithOrWithoutThePrefix) {
  tools::ToolFilter filter(false, {"get_a_contact", "cats_contacts_search_contacts", "delete_a_contact"}, {"delete_a_contact"});
  EXPECT_TRUE(filter.allows(*tools::find_tool("cats_contacts_get_a_contact")));
  EXPECT_TRUE(filter.allows(*tools::find_tool("cats_contacts_search_contacts")));
  EXPECT_FALSE(filter.allows(*tools::find_tool("cats_contacts_delete_a_contact")));  // exclusion wins
  EXPECT_FALSE(filter.allows(*tools::find_tool("cats_contacts_list_all_contacts")));
  EXPECT_THROW(tools::ToolFilter(false, {"no_such_tool"}, {}), std::invalid_argument);
}

TEST(Protocol, AFilteredServerListsAndServesOnlyItsTools) {
  Harness h;
  h.session = std::make_unique<Session>(*h.runner, ServerOptions{"b", 100, tools::ToolFilter(true, {}, {})},
                                        [](const json::object&) {});
  auto listed = h.request(R"({"jsonrpc":"2.0","id":1,"method":"tools/list"})")->at("result").at("tools").as_array();
  EXPECT_EQ(listed.size(), 23u);
  auto refused = h.request(R"({"jsonrpc":"2.0","id":2,"method":"tools/call","params":{"name":"cats_contacts_delete_a_contact","arguments":{"id":1}}})");
  EXPECT_EQ(refused->at("error").at("code"), -32602);
  EXPECT_THAT(std::string(refused->at("error").at("message").as_string()), HasSubstr("read-only mode"));
  EXPECT_FALSE(h.request(R"({"jsonrpc":"2.0","id":3,"method":"tools/call","params":{"name":"cats_contacts_get_a_contact","arguments":{"id":5}}})")
                   ->at("result").as_object().contains("isError"));
}

TEST(Protocol, ACallThatSucceededBeforeItsCancellationArrivedStillAnswers) {
  // The create reached CATS and succeeded; a cancellation that comes too late to stop it must
  // not hide the result, or the client may send the create again.
  Harness h;
  auto call = accepted_get(h, 10);
  ASSERT_TRUE(call);
  h.transport->answer = [&](const cats::CatsRequest&, const cats::SendOptions&) {
    call->cancel->cancel();  // arrives while CATS answers
    cats::TransportResult r;
    r.response.status = 200;
    r.response.body = R"({"id":5,"first_name":"Ada"})";
    return r;
  };
  auto response = h.session->run(*call);
  ASSERT_TRUE(response);
  EXPECT_EQ(response->at("result").at("structuredContent").at("first_name"), "Ada");
}
