// The protocol session: handshake and negotiation, tools/list paging, tools/call dispatch,
// logging levels, cancellation and progress — over a scripted CATS transport; and the same
// session over a provider that has nothing to do with CATS.
#include "mcp/dual_era_connection.hpp"
#include "mcp/modern.hpp"
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
  EXPECT_EQ(h.request(R"({"jsonrpc":"2.0","id":2,"method":"sampling/anything"})")->at("error").at("code"), -32601);
  EXPECT_EQ(h.request(R"({"jsonrpc":"2.0","id":3,"method":"prompts/list"})")->at("error").at("code"), -32601);  // none offered
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

// ---- MCP 2026-07-28 (the modern era) beside the legacy one ----

namespace {
constexpr std::string_view kModern = "2026-07-28";

// A modern request: `params` plus a _meta that claims 2026-07-28 (declaring no capabilities),
// with `meta` overriding or adding keys (a null value removes the key).
std::string modern_request(json::value id, std::string_view method, json::object params = {}, json::object meta = {}) {
  json::object m{{"io.modelcontextprotocol/protocolVersion", kModern},
                 {"io.modelcontextprotocol/clientCapabilities", json::object{}},
                 {"io.modelcontextprotocol/clientInfo", json::object{{"name", "t"}, {"version", "1"}}}};
  for (auto& [key, value] : meta) {
    if (value.is_null()) m.erase(key);
    else m[key] = value;
  }
  params["_meta"] = std::move(m);
  return json::serialize(json::object{{"jsonrpc", "2.0"}, {"id", id}, {"method", method}, {"params", std::move(params)}});
}

// TwoToolProvider's tools plus fake_sample, which needs the client's sampling capability, and
// fake_meta, whose result carries a _meta of its own.
class CapabilityProvider : public TwoToolProvider {
 public:
  std::vector<json::object> seen_capabilities;
  const std::vector<ToolInfo>& tools() const override { return tools_; }
  ToolOutcome call(std::string_view name, ToolCall call) override {
    seen_capabilities.push_back(call.client_capabilities);
    if (name == "fake_sample") {
      if (!call.client_capabilities.contains("sampling"))
        return ToolOutcome::needs({{"sampling", json::object{}}}, "fake_sample asks the client's model to write a summary");
      return {json::object{{"content", json::array{json::object{{"type", "text"}, {"text", "sampled"}}}}}, false};
    }
    if (name == "fake_meta")
      return {json::object{{"content", json::array{}}, {"_meta", json::object{{"example.com/trace", "t-1"}}}}, false};
    return TwoToolProvider::call(name, std::move(call));
  }

 private:
  std::vector<ToolInfo> tools_{{"fake_echo", true}, {"fake_fail", false}, {"fake_sample", true}, {"fake_meta", true}};
};

// The modern handler over CapabilityProvider, one tool per tools/list page; a call's
// notifications are collected in `sent`.
struct ModernHarness {
  CapabilityProvider provider;
  ModernHandler handler{provider, ServerOptions{"", 1, {}}};
  std::vector<json::object> sent;

  std::optional<json::object> request(std::string_view text) {
    json::object err;
    auto m = parse_message(text, err);
    if (!m) return err;
    std::optional<PendingCall> call;
    auto response = handler.handle(*m, call);
    if (!call) return response;
    call->notify = [this](const json::object& n) { sent.push_back(n); };
    return handler.run(*call);
  }
};

const json::object& result_of(const std::optional<json::object>& response) {
  static const json::object none;
  if (!response || !response->contains("result")) {
    ADD_FAILURE() << "no result: " << (response ? json::serialize(*response) : "nothing");
    return none;
  }
  return response->at("result").as_object();
}

int error_code(const std::optional<json::object>& response) {
  if (!response || !response->contains("error")) {
    ADD_FAILURE() << "no error: " << (response ? json::serialize(*response) : "nothing");
    return 0;
  }
  return int(response->at("error").at("code").as_int64());
}

const json::object kFakeServerInfo{{"name", "fake-server"}, {"version", "9.9.9"}, {"title", "Fake Tools"},
                                   {"description", "Two tools for a test."}};
}  // namespace

TEST(Modern, DiscoverNamesTheModernVersionsCapabilitiesAndServerInfoInMetaOnly) {
  ModernHarness h;
  auto response = h.request(modern_request(1, "server/discover"));
  EXPECT_EQ(response->at("id"), 1);
  auto r = result_of(response);
  EXPECT_EQ(r.at("resultType"), "complete");
  EXPECT_EQ(r.at("supportedVersions"), json::parse(R"(["2026-07-28"])"));
  EXPECT_EQ(r.at("capabilities"), json::parse(R"({"tools":{},"logging":{}})"));
  EXPECT_EQ(r.at("instructions"), "Echo with fake_echo; fake_fail always fails.");
  EXPECT_EQ(r.at("ttlMs"), 3600000);
  EXPECT_EQ(r.at("cacheScope"), "public");
  EXPECT_EQ(r.at("_meta"), json::value(json::object{{"io.modelcontextprotocol/serverInfo", kFakeServerInfo}}));
  EXPECT_FALSE(r.contains("serverInfo"));
  EXPECT_EQ(r.size(), 7u) << json::serialize(r);
  json::array versions;
  for (auto v : kModernVersions) versions.emplace_back(v);
  EXPECT_EQ(r.at("supportedVersions"), versions);  // built from the one list
}

TEST(Modern, DiscoverWithoutClientInfoIsServed) {
  ModernHarness h;
  auto r = result_of(h.request(modern_request(1, "server/discover", {}, {{"io.modelcontextprotocol/clientInfo", nullptr}})));
  EXPECT_EQ(r.at("resultType"), "complete");
}

TEST(Modern, EachMalformedMetaIsInvalidParamsWithTheRequestsId) {
  ModernHarness h;
  std::vector<std::pair<std::string, std::string>> cases = {
      {"no _meta", R"({"jsonrpc":"2.0","id":101,"method":"server/discover","params":{}})"},
      {"_meta not an object", R"({"jsonrpc":"2.0","id":101,"method":"server/discover","params":{"_meta":[]}})"},
      {"params not an object", R"({"jsonrpc":"2.0","id":101,"method":"server/discover","params":7})"},
      {"no protocolVersion", modern_request(101, "server/discover", {}, {{"io.modelcontextprotocol/protocolVersion", nullptr}})},
      {"protocolVersion not a string", modern_request(101, "server/discover", {}, {{"io.modelcontextprotocol/protocolVersion", 2026}})},
      {"no clientCapabilities", modern_request(101, "tools/list", {}, {{"io.modelcontextprotocol/clientCapabilities", nullptr}})},
      {"clientCapabilities not an object",
       modern_request(101, "tools/list", {}, {{"io.modelcontextprotocol/clientCapabilities", json::array{}}})},
      {"clientInfo not an object", modern_request(101, "server/discover", {}, {{"io.modelcontextprotocol/clientInfo", "me"}})},
      {"logLevel not a level", modern_request(101, "tools/call", {{"name", "fake_echo"}}, {{"io.modelcontextprotocol/logLevel", "verbose"}})},
      {"logLevel not a string", modern_request(101, "tools/call", {{"name", "fake_echo"}}, {{"io.modelcontextprotocol/logLevel", 3}})},
  };
  for (const auto& [what, text] : cases) {
    auto response = h.request(text);
    EXPECT_EQ(error_code(response), -32602) << what;
    EXPECT_EQ(response.value_or(json::object{}).at("id"), 101) << what;
  }
  EXPECT_EQ(h.provider.calls.load(), 0);
}

TEST(Modern, AnUnsupportedVersionIsMinus32022NamingTheSupportedAndTheRequested) {
  ModernHarness h;
  for (auto requested : {"v999.0.0", "2025-11-25"}) {
    auto response = h.request(modern_request("u", "tools/list", {}, {{"io.modelcontextprotocol/protocolVersion", requested}}));
    EXPECT_EQ(error_code(response), -32022) << requested;
    EXPECT_EQ(response->at("id"), "u");
    EXPECT_EQ(response->at("error").at("data"),
              json::value(json::object{{"supported", json::array{"2026-07-28"}}, {"requested", requested}}));
  }
}

TEST(Modern, ToolsListPagesAllCarryTheSameCacheFieldsAndResultMeta) {
  ModernHarness h;  // one tool per page
  std::vector<std::string> names;
  json::object params;
  for (int page = 0; page < 10; ++page) {
    auto r = result_of(h.request(modern_request(page, "tools/list", params)));
    EXPECT_EQ(r.at("resultType"), "complete");
    EXPECT_EQ(r.at("ttlMs"), 60000) << page;
    EXPECT_EQ(r.at("cacheScope"), "public") << page;
    EXPECT_EQ(r.at("_meta").at("io.modelcontextprotocol/serverInfo"), kFakeServerInfo);
    for (const auto& tool : r.at("tools").as_array()) names.emplace_back(tool.at("name").as_string());
    if (!r.contains("nextCursor")) break;
    params["cursor"] = r.at("nextCursor");
  }
  EXPECT_EQ(names, (std::vector<std::string>{"fake_echo", "fake_fail", "fake_sample", "fake_meta"}));
}

TEST(Modern, ToolsListOfTheCatsToolsetCarriesTheCacheFieldsOnEveryPage) {
  Harness cats;
  ModernHandler handler(*cats.provider, ServerOptions{"", 20, {}});
  json::object params;
  std::size_t pages = 0, tools = 0;
  for (;;) {
    json::object err;
    auto m = parse_message(modern_request(1, "tools/list", params), err);
    std::optional<PendingCall> call;
    auto r = result_of(handler.handle(*m, call));
    ++pages;
    tools += r.at("tools").as_array().size();
    EXPECT_EQ(r.at("ttlMs"), 60000);
    EXPECT_EQ(r.at("cacheScope"), "public");
    if (!r.contains("nextCursor")) break;
    params["cursor"] = r.at("nextCursor");
  }
  EXPECT_EQ(pages, 3u);
  EXPECT_EQ(tools, 44u);
}

TEST(Modern, ACallResultIsCompleteWithServerInfoMergedIntoItsOwnMeta) {
  ModernHarness h;
  auto echoed = result_of(h.request(modern_request(3, "tools/call", {{"name", "fake_echo"}, {"arguments", {{"x", 1}}}})));
  EXPECT_EQ(echoed.at("structuredContent"), json::parse(R"({"x":1})"));
  EXPECT_EQ(echoed.at("resultType"), "complete");
  EXPECT_EQ(echoed.at("_meta"), json::value(json::object{{"io.modelcontextprotocol/serverInfo", kFakeServerInfo}}));

  auto meta = result_of(h.request(modern_request(4, "tools/call", {{"name", "fake_meta"}})));
  EXPECT_EQ(meta.at("_meta").at("example.com/trace"), "t-1");
  EXPECT_EQ(meta.at("_meta").at("io.modelcontextprotocol/serverInfo"), kFakeServerInfo);

  auto failed = result_of(h.request(modern_request(5, "tools/call", {{"name", "fake_fail"}})));
  EXPECT_EQ(failed.at("resultType"), "complete");  // a tool's failure is a complete result too
  EXPECT_EQ(error_code(h.request(modern_request(6, "tools/call", {{"name", "nope"}}))), -32602);
}

TEST(Modern, RemovedUnadvertisedAndUnknownMethodsAreMethodNotFound) {
  ModernHarness h;
  for (auto method : {"initialize", "ping", "logging/setLevel", "resources/subscribe", "resources/unsubscribe", "tasks/get",
                      "tasks/list", "prompts/list", "prompts/get", "resources/list", "resources/read",
                      "resources/templates/list", "completion/complete", "subscriptions/listen", "unknown/method"}) {
    auto response = h.request(modern_request(9, method, {{"level", "debug"}, {"protocolVersion", "2025-11-25"}}));
    EXPECT_EQ(error_code(response), -32601) << method;
    EXPECT_EQ(response->at("id"), 9) << method;
  }
  EXPECT_THAT(std::string(h.request(modern_request(9, "ping"))->at("error").at("message").as_string()), HasSubstr("removed"));
}

TEST(Modern, LogNotificationsOnlyWithALogLevelAndAtOrAboveIt) {
  // fake_echo logs one warning.
  for (auto [level, expected] : std::vector<std::pair<const char*, std::size_t>>{
           {nullptr, 0}, {"debug", 1}, {"warning", 1}, {"error", 0}}) {
    ModernHarness h;
    json::object meta;
    if (level) meta["io.modelcontextprotocol/logLevel"] = level;
    result_of(h.request(modern_request(1, "tools/call", {{"name", "fake_echo"}}, meta)));
    ASSERT_EQ(h.sent.size(), expected) << (level ? level : "none");
    if (expected) {
      EXPECT_EQ(h.sent[0].at("method"), "notifications/message");
      EXPECT_EQ(h.sent[0].at("params").at("level"), "warning");
    }
  }
}

TEST(Modern, ProgressOnlyWithAProgressTokenOnTheRequestsOwnSink) {
  ModernHarness h;
  result_of(h.request(modern_request(1, "tools/call", {{"name", "fake_echo"}})));
  EXPECT_TRUE(h.sent.empty());
  result_of(h.request(modern_request(2, "tools/call", {{"name", "fake_echo"}}, {{"progressToken", 42}})));
  ASSERT_EQ(h.sent.size(), 1u);
  EXPECT_EQ(h.sent[0].at("method"), "notifications/progress");
  EXPECT_EQ(h.sent[0].at("params").at("progressToken"), 42);
  EXPECT_EQ(h.sent[0].at("params").at("message"), "halfway");
}

TEST(Modern, AToolNeedingAnUndeclaredCapabilityIsMinus32021) {
  ModernHarness h;
  auto refused = h.request(modern_request(401, "tools/call", {{"name", "fake_sample"}}));
  EXPECT_EQ(error_code(refused), -32021);
  EXPECT_EQ(refused->at("id"), 401);
  EXPECT_EQ(refused->at("error").at("data"), json::parse(R"({"requiredCapabilities":{"sampling":{}}})"));
  EXPECT_THAT(std::string(refused->at("error").at("message").as_string()), HasSubstr("fake_sample"));

  auto served = result_of(h.request(modern_request(402, "tools/call", {{"name", "fake_sample"}},
                                                   {{"io.modelcontextprotocol/clientCapabilities", {{"sampling", json::object{}}}}})));
  EXPECT_EQ(served.at("content").at(0).at("text"), "sampled");
  ASSERT_EQ(h.provider.seen_capabilities.size(), 2u);
  EXPECT_EQ(h.provider.seen_capabilities[1], json::parse(R"({"sampling":{}})"));
}

TEST(Modern, ALegacyToolNeedingAnUndeclaredCapabilityIsMinus32021UnlessInitializeDeclaredIt) {
  CapabilityProvider provider;
  Session bare(provider, ServerOptions{}, [](const json::object&) {});
  Session sampling(provider, ServerOptions{}, [](const json::object&) {});
  auto request = [](Session& s, std::string_view text) {
    json::object err;
    auto m = parse_message(text, err);
    std::optional<PendingCall> call;
    auto response = s.handle(*m, call);
    return call ? s.run(*call) : response;
  };
  request(bare, init("2025-11-25"));
  request(sampling, R"({"jsonrpc":"2.0","id":1,"method":"initialize","params":{"protocolVersion":"2025-11-25",
                       "capabilities":{"sampling":{}},"clientInfo":{"name":"t","version":"1"}}})");
  constexpr std::string_view call = R"({"jsonrpc":"2.0","id":2,"method":"tools/call","params":{"name":"fake_sample"}})";
  auto refused = request(bare, call);
  EXPECT_EQ(error_code(refused), -32021);
  EXPECT_EQ(refused->at("error").at("data").at("requiredCapabilities"), json::parse(R"({"sampling":{}})"));
  auto served = request(sampling, call);
  EXPECT_EQ(result_of(served).at("content").at(0).at("text"), "sampled");
  EXPECT_FALSE(served->at("result").as_object().contains("resultType"));  // legacy shape
}

TEST(Modern, LegacyResultsStayAsTheyWere) {
  FakeHarness h;
  h.request(init("2025-11-25"));
  auto listed = result_of(h.request(R"({"jsonrpc":"2.0","id":2,"method":"tools/list"})"));
  EXPECT_EQ(listed.size(), 1u) << json::serialize(listed);  // only "tools"
  auto echoed = result_of(h.request(R"({"jsonrpc":"2.0","id":3,"method":"tools/call","params":{"name":"fake_echo","arguments":{"x":1}}})"));
  EXPECT_EQ(echoed, json::parse(R"({"structuredContent":{"x":1}})"));
}

// ---- One stdio connection, both eras: pinning ----

namespace {
struct ConnectionHarness {
  CapabilityProvider provider;
  std::mutex mutex;
  std::vector<json::object> sent;
  DualEraConnection connection{provider, ServerOptions{}, [this](const json::object& m) {
                                 std::lock_guard lock(mutex);
                                 sent.push_back(m);
                               }};

  // Handles a message; a call is returned unrun in `call` when `run` is false.
  std::optional<json::object> request(std::string_view text, std::optional<PendingCall>* keep = nullptr) {
    json::object err;
    auto m = parse_message(text, err);
    std::optional<PendingCall> call;
    auto response = connection.handle(*m, call);
    if (!call) return response;
    if (keep) {
      *keep = std::move(call);
      return std::nullopt;
    }
    return connection.run(*call);
  }
};
}  // namespace

TEST(DualEra, DiscoverAnswersAtAnyTimeAndPinsNothing) {
  ConnectionHarness h;
  EXPECT_EQ(result_of(h.request(modern_request(1, "server/discover"))).at("supportedVersions"), json::array{"2026-07-28"});
  EXPECT_FALSE(h.connection.era());
  EXPECT_EQ(result_of(h.request(init("2025-11-25"))).at("protocolVersion"), "2025-11-25");
  EXPECT_EQ(h.connection.era(), Era::legacy);
  EXPECT_EQ(result_of(h.request(modern_request(2, "server/discover"))).at("resultType"), "complete");
  EXPECT_EQ(h.connection.era(), Era::legacy);
}

TEST(DualEra, AClaimlessFirstRequestPinsLegacyAndLaterClaimsAreServedAsLegacy) {
  ConnectionHarness h;
  EXPECT_EQ(result_of(h.request(R"({"jsonrpc":"2.0","id":1,"method":"tools/list"})")).size(), 1u);
  EXPECT_EQ(h.connection.era(), Era::legacy);
  auto claimed = result_of(h.request(modern_request(2, "tools/list")));
  EXPECT_FALSE(claimed.contains("resultType"));  // legacy semantics, as the revision's SDK does
  EXPECT_EQ(result_of(h.request(modern_request(3, "ping"))), json::object{});
  EXPECT_EQ(h.connection.era(), Era::legacy);
}

TEST(DualEra, AClaimPinsModernAndClaimlessRequestsAreThenRefused) {
  ConnectionHarness h;
  EXPECT_EQ(result_of(h.request(modern_request(1, "tools/list"))).at("resultType"), "complete");
  EXPECT_EQ(h.connection.era(), Era::modern);
  auto init_refused = h.request(init("2025-06-18"));
  EXPECT_EQ(error_code(init_refused), -32022);
  EXPECT_EQ(init_refused->at("id"), 1);
  EXPECT_EQ(init_refused->at("error").at("data"),
            json::value(json::object{{"supported", json::array{"2026-07-28"}}, {"requested", "2025-06-18"}}));
  auto list_refused = h.request(R"({"jsonrpc":"2.0","id":"l","method":"tools/list"})");
  EXPECT_EQ(error_code(list_refused), -32602);
  EXPECT_EQ(list_refused->at("id"), "l");
  EXPECT_EQ(error_code(h.request(R"({"jsonrpc":"2.0","id":3,"method":"ping"})")), -32602);
  EXPECT_EQ(error_code(h.request(modern_request(4, "initialize", {{"protocolVersion", "2025-11-25"}}))), -32601);
  EXPECT_EQ(h.connection.era(), Era::modern);
}

TEST(DualEra, AnOpeningRequestWithABadEnvelopeOrVersionPinsNothing) {
  ConnectionHarness h;
  EXPECT_EQ(error_code(h.request(modern_request(1, "tools/list", {}, {{"io.modelcontextprotocol/clientCapabilities", nullptr}}))),
            -32602);
  EXPECT_FALSE(h.connection.era());
  EXPECT_EQ(error_code(h.request(modern_request(2, "tools/list", {}, {{"io.modelcontextprotocol/protocolVersion", "2099-01-01"}}))),
            -32022);
  EXPECT_FALSE(h.connection.era());
  EXPECT_EQ(error_code(h.request(R"({"jsonrpc":"2.0","id":3})")), -32600);
  EXPECT_FALSE(h.connection.era());
  EXPECT_EQ(result_of(h.request(init("2025-11-25"))).at("protocolVersion"), "2025-11-25");  // legacy still possible
  EXPECT_EQ(h.connection.era(), Era::legacy);
}

TEST(DualEra, ModernCallsRunWithTheRequestsCapabilitiesAndNotifyTheConnection) {
  ConnectionHarness h;
  auto r = result_of(h.request(modern_request(1, "tools/call", {{"name", "fake_echo"}, {"arguments", {{"x", 2}}}},
                                              {{"io.modelcontextprotocol/logLevel", "info"}, {"progressToken", "p"}})));
  EXPECT_EQ(r.at("structuredContent"), json::parse(R"({"x":2})"));
  EXPECT_EQ(r.at("resultType"), "complete");
  ASSERT_EQ(h.sent.size(), 2u);  // on the connection's one stream
  EXPECT_EQ(h.sent[0].at("method"), "notifications/progress");
  EXPECT_EQ(h.sent[1].at("method"), "notifications/message");
  EXPECT_EQ(error_code(h.request(modern_request(2, "tools/call", {{"name", "fake_sample"}}))), -32021);
}

TEST(DualEra, NotificationsCancelledCancelsAModernCall) {
  ConnectionHarness h;
  std::optional<PendingCall> call;
  h.request(modern_request(7, "tools/call", {{"name", "fake_fail"}}), &call);
  ASSERT_TRUE(call);
  EXPECT_EQ(h.connection.era(), Era::modern);
  EXPECT_FALSE(h.request(R"({"jsonrpc":"2.0","method":"notifications/cancelled","params":{"requestId":7}})"));
  EXPECT_TRUE(call->cancel->cancelled());
  EXPECT_FALSE(h.connection.run(*call));  // a cancelled call that failed gets no answer
}

TEST(DualEra, NotificationsCancelledCancelsALegacyCall) {
  ConnectionHarness h;
  h.request(init("2025-11-25"));
  std::optional<PendingCall> call;
  h.request(R"({"jsonrpc":"2.0","id":8,"method":"tools/call","params":{"name":"fake_fail"}})", &call);
  ASSERT_TRUE(call);
  h.request(R"({"jsonrpc":"2.0","method":"notifications/cancelled","params":{"requestId":8}})");
  EXPECT_TRUE(call->cancel->cancelled());
  EXPECT_FALSE(h.connection.run(*call));
}
