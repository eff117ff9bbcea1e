// The libcurl transport against a real local HTTP server.
#include "cats/client.hpp"
#include "cats/curl_transport.hpp"
#include "support/recording_cats.hpp"

#include <gtest/gtest.h>

#include <thread>

using namespace cats_mcp::cats;
using cats_mcp::testing::RecordingCats;
using cats_mcp::testing::StandinResponse;
using namespace std::chrono_literals;

namespace {
// One CATS event loop for the tests of this file, as the process has one.
std::shared_ptr<CurlEngine> engine() {
  static auto shared = std::make_shared<CurlEngine>();
  return shared;
}
}  // namespace

TEST(CurlTransport, SendsMethodTargetHeadersAndBodyAndReadsTheAnswer) {
  RecordingCats cats;
  CurlTransport transport(cats.base_url(), engine());
  CatsRequest request{"PUT", "/contacts/7", {{"a", "b c"}}, R"({"title":"CTO"})", "application/json",
                      {{"Authorization", "Token k"}}};
  auto result = transport.send(request, {});
  ASSERT_EQ(result.failure, TransportFailure::none) << result.detail;
  EXPECT_EQ(result.response.status, 204);
  auto recorded = cats.requests();
  ASSERT_EQ(recorded.size(), 1u);
  EXPECT_EQ(recorded[0].method, "PUT");
  EXPECT_EQ(recorded[0].target, "/contacts/7?a=b%20c");
  EXPECT_EQ(recorded[0].headers["authorization"], "Token k");
  EXPECT_EQ(recorded[0].headers["content-type"], "application/json");
  EXPECT_EQ(recorded[0].headers["accept"], "application/json");
  EXPECT_EQ(recorded[0].body, R"({"title":"CTO"})");
  EXPECT_EQ(result.response.header("x-rate-limit-remaining"), "499");
}

TEST(CurlTransport, ReusesOneConnectionForSequentialRequests) {
  RecordingCats cats;
  CurlTransport transport(cats.base_url(), engine());
  for (int i = 0; i < 5; ++i) ASSERT_EQ(transport.send({"GET", "/contacts/1", {}, {}, {}, {}}, {}).response.status, 200);
  EXPECT_EQ(cats.connection_count(), 1u);
}

TEST(CurlTransport, DeliversBinaryBodiesUnchanged) {
  RecordingCats cats;
  CurlTransport transport(cats.base_url(), engine());
  std::string bytes("\0\x01\xff\r\n%PDF", 9);
  auto result = transport.send({"POST", "/contacts/7/attachments", {{"filename", "a.bin"}}, bytes, "application/octet-stream", {}}, {});
  EXPECT_EQ(result.response.status, 201);
  EXPECT_EQ(cats.requests().at(0).body, bytes);
  EXPECT_EQ(cats.requests().at(0).headers["content-type"], "application/octet-stream");
}

TEST(CurlTransport, ReportsATimeoutWhenCatsIsSlow) {
  RecordingCats cats([](const auto&) {
    std::this_thread::sleep_for(1500ms);
    return StandinResponse{200, {}, "{}"};
  });
  CurlTransport transport(cats.base_url(), engine());
  SendOptions options;
  options.timeout = 200ms;
  auto result = transport.send({"GET", "/contacts/1", {}, {}, {}, {}}, options);
  EXPECT_EQ(result.failure, TransportFailure::timed_out);
}

TEST(CurlTransport, ReportsConnectFailureWhenNothingListens) {
  std::string url;
  { RecordingCats cats; url = cats.base_url(); }  // the port is closed again
  CurlTransport transport(url, engine());
  auto result = transport.send({"POST", "/contacts", {}, "{}", "application/json", {}}, {});
  EXPECT_EQ(result.failure, TransportFailure::connect_failed) << result.detail;
}

TEST(CurlTransport, CancellationAbortsAWaitingTransfer) {
  RecordingCats cats([](const auto&) {
    std::this_thread::sleep_for(1500ms);
    return StandinResponse{200, {}, "{}"};
  });
  CurlTransport transport(cats.base_url(), engine());
  cats_mcp::CancelToken token;
  SendOptions options;
  options.cancel = &token;
  std::thread canceller([&] {
    std::this_thread::sleep_for(100ms);
    token.cancel();
  });
  auto result = transport.send({"GET", "/contacts/1", {}, {}, {}, {}}, options);
  canceller.join();
  EXPECT_EQ(result.failure, TransportFailure::cancelled);
}

TEST(CurlTransport, TheClientRetriesA503ThroughTheRealTransport) {
  int calls = 0;
  RecordingCats cats([&](const auto& r) {
    return ++calls < 3 ? StandinResponse{503, {{"Retry-After", "0"}}, "<html>busy</html>"}
                       : cats_mcp::testing::default_cats_answer(r);
  });
  Client client(std::make_shared<CurlTransport>(cats.base_url(), engine()), ClientOptions{"k-123456", 2000ms, RetryPolicy{}});
  auto outcome = client.send({"GET", "/contacts/1", {}, {}, {}, {}}, {});
  EXPECT_EQ(outcome.attempts, 3);
  EXPECT_EQ(outcome.last.response.status, 200);
}
