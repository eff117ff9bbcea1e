// The protocol session: handshake and negotiation, tools/list paging, tools/call dispatch,
// logging levels, cancellation and progress — over a scripted CATS transport; and the same
// session over a provider that has nothing to do with CATS.
#include "mcp/protocol.hpp"
#include "mcp/stdio_transport.hpp"
#include "tools/toolset_provider.hpp"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <sys/mman.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <deque>
#include <map>
#include <mutex>
#include <stdexcept>
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
  std::unique_ptr<tools::ToolsetProvider> provider;
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
    provider = std::make_unique<tools::ToolsetProvider>(tools::cats_contacts_toolset(), *runner, "a test backend");
    session = std::make_unique<Session>(*provider, ServerOptions{"a test backend", page_size, {}}, [this](const json::object& m) {
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
  Harness h;
  ToolFilter filter(*h.provider, true, {}, {});
  std::size_t offered = 0;
  for (const auto& tool : h.provider->tools()) {
    if (!filter.allows(tool)) continue;
    ++offered;
    EXPECT_EQ(h.provider->find(tool.name)->safety, tools::Safety::read) << tool.name;
  }
  EXPECT_EQ(offered, 23u);  // 9 gets, 12 lists, search and filter
}

namespace {
// The provider's entry for a tool of the catalog, as the session hands it to the filter.
const ToolInfo& info(const tools::ToolsetProvider& provider, std::string_view name) {
  const auto& tools = provider.tools();
  return *std::find_if(tools.begin(), tools.end(), [&](const ToolInfo& t) { return t.name == name; });
}
}  // namespace

TEST(ToolFilter, OnlyAndExcludeTakeNamesWithOrWithoutThePrefix) {
  Harness h;
  const auto& p = *h.provider;
  ToolFilter filter(p, false, {"get_a_contact", "cats_contacts_search_contacts", "delete_a_contact"}, {"delete_a_contact"});
  EXPECT_TRUE(filter.allows(info(p, "cats_contacts_get_a_contact")));
  EXPECT_TRUE(filter.allows(info(p, "cats_contacts_search_contacts")));
  EXPECT_FALSE(filter.allows(info(p, "cats_contacts_delete_a_contact")));  // exclusion wins
  EXPECT_FALSE(filter.allows(info(p, "cats_contacts_list_all_contacts")));
  EXPECT_THROW(ToolFilter(p, false, {"no_such_tool"}, {}), std::invalid_argument);
}

TEST(Protocol, AFilteredServerListsAndServesOnlyItsTools) {
  Harness h;
  h.session = std::make_unique<Session>(*h.provider, ServerOptions{"b", 100, ToolFilter(*h.provider, true, {}, {})},
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

// ---- The protocol core over a provider that is not the CATS toolset ----

namespace {
// Two tools that have nothing to do with CATS: fake_echo answers its arguments (and logs and
// reports progress on the way), fake_fail reports a failure. Every call is counted.
class TwoToolProvider : public ToolProvider {
 public:
  std::atomic<int> calls{0};

  ServerIdentity identity() const override { return {"fake-server", "Fake Tools", "9.9.9", "Two tools for a test."}; }
  std::string instructions() const override { return "Echo with fake_echo; fake_fail always fails."; }
  std::string_view name_prefix() const override { return "fake_"; }
  const std::vector<ToolInfo>& tools() const override { return tools_; }
  std::vector<json::object> definitions(const std::vector<std::string_view>& names) override {
    std::vector<json::object> out;
    for (auto name : names)
      out.push_back({{"name", name}, {"inputSchema", json::object{{"type", "object"}}}, {"description", "a fake"}});
    return out;
  }
  ToolOutcome call(std::string_view name, ToolCall call) override {
    ++calls;
    if (name == "fake_fail")  // deliberately no "isError" key: only the typed flag says it failed
      return {json::object{{"content", json::array{json::object{{"type", "text"}, {"text", "it failed"}}}}}, true};
    if (call.progress) call.progress(1, 2, "halfway");
    call.log(LogLevel::warning, "fake", json::object{{"message", "echoing"}});
    return {json::object{{"structuredContent", std::move(call.arguments)}}, false};
  }
  bool in_process(const json::object& arguments, const std::string&) override { return !arguments.contains("remote"); }

 private:
  std::vector<ToolInfo> tools_{{"fake_echo", true}, {"fake_fail", false}};
};

struct FakeHarness {
  TwoToolProvider provider;
  std::vector<json::object> sent;
  Session session{provider, ServerOptions{}, [this](const json::object& m) { sent.push_back(m); }};

  std::optional<json::object> request(std::string_view text) {
    json::object err;
    auto m = parse_message(text, err);
    std::optional<PendingCall> call;
    auto response = session.handle(*m, call);
    if (call) return session.run(*call);
    return response;
  }
};
}  // namespace

TEST(ProtocolCore, ServesAProviderThatIsNotCats) {
  FakeHarness h;
  auto init_result = h.request(init("2025-11-25"))->at("result").as_object();
  EXPECT_EQ(init_result.at("serverInfo"), json::parse(R"({"name":"fake-server","title":"Fake Tools","version":"9.9.9",
                                                          "description":"Two tools for a test."})"));
  EXPECT_EQ(init_result.at("instructions"), "Echo with fake_echo; fake_fail always fails.");

  auto listed = h.request(R"({"jsonrpc":"2.0","id":2,"method":"tools/list"})")->at("result").at("tools").as_array();
  ASSERT_EQ(listed.size(), 2u);
  EXPECT_EQ(listed[0].at("name"), "fake_echo");
  EXPECT_EQ(listed[1].at("description"), "a fake");

  auto echoed = h.request(R"({"jsonrpc":"2.0","id":3,"method":"tools/call","params":{"name":"fake_echo","arguments":{"x":1},
                              "_meta":{"progressToken":"p"}}})");
  EXPECT_EQ(echoed->at("result").at("structuredContent"), json::parse(R"({"x":1})"));
  ASSERT_EQ(h.sent.size(), 2u);  // the progress report, then the warning (the default level lets it through)
  EXPECT_EQ(h.sent[0].at("params").at("message"), "halfway");
  EXPECT_EQ(h.sent[1].at("params").at("logger"), "fake");

  auto failed = h.request(R"({"jsonrpc":"2.0","id":4,"method":"tools/call","params":{"name":"fake_fail"}})");
  EXPECT_EQ(failed->at("result").at("content").at(0).at("text"), "it failed");
  EXPECT_EQ(h.request(R"({"jsonrpc":"2.0","id":5,"method":"tools/call","params":{"name":"cats_contacts_get_a_contact"}})")
                ->at("error").at("code"), -32602);
  EXPECT_EQ(h.provider.calls.load(), 2);
}

TEST(ProtocolCore, ACancelledCallsFailureIsKnownByTheTypedFlagNotByAKey) {
  // fake_fail's result has no "isError" key: a session that looked for the key would answer.
  FakeHarness h;
  json::object err;
  auto m = parse_message(R"({"jsonrpc":"2.0","id":7,"method":"tools/call","params":{"name":"fake_fail"}})", err);
  std::optional<PendingCall> call;
  ASSERT_FALSE(h.session.handle(*m, call));
  call->cancel->cancel();
  EXPECT_FALSE(h.session.run(*call));
}

TEST(ProtocolCore, TheFilterTakesNamesWithoutTheProvidersPrefix) {
  TwoToolProvider provider;
  ToolFilter filter(provider, false, {"echo"}, {});
  EXPECT_TRUE(filter.allows(provider.tools()[0]));
  EXPECT_EQ(filter.why_not(provider.tools()[1]), "it is not among the server's --tools");
  EXPECT_FALSE(ToolFilter(provider, true, {}, {}).allows(provider.tools()[1]));
  try {
    ToolFilter(provider, false, {}, {"nope"});
    ADD_FAILURE() << "an unknown tool was accepted";
  } catch (const std::invalid_argument& e) {
    EXPECT_STREQ(e.what(), "unknown tool \"nope\" (see `fake-server tools`)");
  }
}

namespace {
// fake_boom throws instead of reporting a failure, which a provider must not do.
class ThrowingProvider : public TwoToolProvider {
 public:
  const std::vector<ToolInfo>& tools() const override { return tools_; }
  ToolOutcome call(std::string_view, ToolCall) override { throw std::runtime_error("the provider broke its contract"); }

 private:
  std::vector<ToolInfo> tools_{{"fake_boom", true}};
};

// Serves `input` over the real stdio transport and returns the lines it wrote.
std::vector<json::object> serve_stdio_lines(ToolProvider& provider, std::string_view input) {
  int in = ::memfd_create("stdin", MFD_CLOEXEC), out = ::memfd_create("stdout", MFD_CLOEXEC);
  EXPECT_EQ(::write(in, input.data(), input.size()), ssize_t(input.size()));
  ::lseek(in, 0, SEEK_SET);
  int code = -1;
  EXPECT_NO_THROW(code = serve_stdio(provider, ServerOptions{}, StdioOptions{}, in, out));
  EXPECT_EQ(code, 0);
  std::string text(std::size_t(::lseek(out, 0, SEEK_END)), '\0');
  EXPECT_EQ(::pread(out, text.data(), text.size(), 0), ssize_t(text.size()));
  ::close(in);
  ::close(out);
  std::vector<json::object> lines;
  for (std::size_t start = 0, end; (end = text.find('\n', start)) != std::string::npos; start = end + 1)
    lines.push_back(json::parse(text.substr(start, end - start)).as_object());
  return lines;
}
}  // namespace

TEST(ProtocolCore, AThrowingProviderGetsInternalErrorAndTheServerKeepsServing) {
  ThrowingProvider provider;
  auto lines = serve_stdio_lines(provider,
                                 R"({"jsonrpc":"2.0","id":1,"method":"tools/call","params":{"name":"fake_boom"}})" "\n"
                                 R"({"jsonrpc":"2.0","id":2,"method":"tools/call","params":{"name":"fake_boom","arguments":{"remote":true}}})" "\n"
                                 R"({"jsonrpc":"2.0","id":3,"method":"ping"})" "\n");
  // Call 1 ran on the reader thread, call 2 on a worker: their answers may come in either
  // order relative to the ping, so they are found by id.
  std::map<std::int64_t, json::object> by_id;
  for (auto& line : lines) by_id[line.at("id").as_int64()] = line;
  ASSERT_EQ(by_id.size(), 3u);
  for (std::int64_t id : {1, 2}) {
    EXPECT_EQ(by_id[id].at("error").at("code"), -32603) << id;
    EXPECT_EQ(by_id[id].at("error").at("message"), "Internal error") << id;  // the exception's text stays in the log
  }
  EXPECT_EQ(by_id[3].at("result"), json::value(json::object{}));
}

TEST(ProtocolCore, ServerDiscoverNamesExactlyTheSupportedVersions) {
  Harness h;
  std::string message(h.request(R"({"jsonrpc":"2.0","id":2,"method":"server/discover"})")->at("error").at("message").as_string());
  auto open = message.find("(protocol versions "), close = message.rfind(')');
  ASSERT_NE(open, std::string::npos) << message;
  std::string listed = message.substr(open + 19, close - open - 19);
  std::vector<std::string> named;
  for (std::size_t start = 0;;) {
    auto comma = listed.find(", ", start);
    named.push_back(listed.substr(start, comma - start));
    if (comma == std::string::npos) break;
    start = comma + 2;
  }
  EXPECT_EQ(named, std::vector<std::string>(kSupportedVersions.begin(), kSupportedVersions.end())) << message;
}
