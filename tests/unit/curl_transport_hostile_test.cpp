// What a broken or hostile CATS can do on the wire, against the real libcurl transport and a real
// local socket: drop a create unanswered, answer something that is not HTTP, send an answer
// that never ends or that inflates a thousandfold. A create must never reach CATS twice, and
// no answer may take more memory than the cap.
#include "cats/client.hpp"
#include "cats/curl_transport.hpp"
#include "cats/error_text.hpp"
#include "support/recording_cats.hpp"

#include <boost/beast/zlib/deflate_stream.hpp>
#include <boost/crc.hpp>
#include <gmock/gmock.h>
#include <gtest/gtest.h>

using namespace cats_mcp::cats;
using cats_mcp::testing::RecordedRequest;
using cats_mcp::testing::RecordingCats;
using cats_mcp::testing::StandinResponse;
using ::testing::HasSubstr;
using ::testing::Not;
using namespace std::chrono_literals;

namespace {
// One CATS event loop for the tests of this file, as the process has one.
std::shared_ptr<CurlEngine> engine() {
  static auto shared = std::make_shared<CurlEngine>();
  return shared;
}
using Wire = StandinResponse::Wire;

CatsRequest get() { return {"GET", "/contacts/1", {}, {}, {}, {}}; }
CatsRequest create() { return {"POST", "/contacts", {}, R"({"first_name":"Ada"})", "application/json", {}}; }

std::size_t posts(const RecordingCats& cats) {
  std::size_t n = 0;
  for (const auto& r : cats.requests()) n += r.method == "POST";
  return n;
}

// An answer that misbehaves on the wire as `wire` says.
StandinResponse misbehaving(Wire wire, std::string body = {}) {
  StandinResponse answer{200, {}, std::move(body)};
  answer.wire = wire;
  return answer;
}

// A client over the real transport whose backoff does not wait, so a retry shows at once.
std::unique_ptr<Client> client_for(const RecordingCats& cats, ClientOptions options = {"k-hostile-1234", 5000ms, RetryPolicy{}}) {
  auto client = std::make_unique<Client>(std::make_shared<CurlTransport>(cats.base_url(), engine()), std::move(options));
  client->set_sleeper([](std::chrono::milliseconds, cats_mcp::CancelToken*) { return true; });
  return client;
}

// `text` gzip-compressed (RFC 1952): a raw deflate stream between a header and a CRC trailer.
std::string gzip(const std::string& text) {
  boost::beast::zlib::deflate_stream deflater;
  deflater.reset(9, 15, 8, boost::beast::zlib::Strategy::normal);
  std::string out("\x1f\x8b\x08\x00\x00\x00\x00\x00\x00\xff", 10);
  std::string deflated(text.size() / 100 + 1024, '\0');
  boost::beast::zlib::z_params z;
  z.next_in = text.data();
  z.avail_in = text.size();
  z.next_out = deflated.data();
  z.avail_out = deflated.size();
  boost::system::error_code ec;
  deflater.write(z, boost::beast::zlib::Flush::finish, ec);
  deflated.resize(z.total_out);
  out += deflated;
  boost::crc_32_type crc;
  crc.process_bytes(text.data(), text.size());
  for (std::uint32_t word : {std::uint32_t(crc.checksum()), std::uint32_t(text.size())})
    for (int i = 0; i < 4; ++i) out += char((word >> (8 * i)) & 0xff);
  return out;
}
}  // namespace

TEST(HostileCats, APostIsNotResentWhenCatsClosesAReusedConnectionUnanswered) {
  // CATS (or a proxy) closing an idle keep-alive connection just as the create arrives: libcurl
  // would quietly send it again on a new connection, and CATS would create the contact twice.
  RecordingCats cats([](const RecordedRequest& r) {
    if (r.method == "POST" && r.nth_on_connection > 0) return misbehaving(Wire::close_without_answer);
    return cats_mcp::testing::default_cats_answer(r);
  });
  CurlTransport transport(cats.base_url(), engine());
  ASSERT_EQ(transport.send(get(), {}).response.status, 200);  // leaves a connection to reuse
  transport.send(create(), {});
  EXPECT_EQ(posts(cats), 1u);
}

TEST(HostileCats, ACreateCatsDropsUnansweredIsSentOnceAndMayHaveBeenApplied) {
  RecordingCats cats([](const RecordedRequest& r) {
    if (r.method == "POST") return misbehaving(Wire::close_without_answer);
    return cats_mcp::testing::default_cats_answer(r);
  });
  auto client = client_for(cats);
  ASSERT_EQ(client->send(get(), {}).last.response.status, 200);
  auto outcome = client->send(create(), {});
  EXPECT_EQ(posts(cats), 1u);
  EXPECT_NE(outcome.last.failure, TransportFailure::none);
  EXPECT_NE(outcome.last.failure, TransportFailure::connect_failed);
  EXPECT_THAT(error_text(create(), outcome).value_or(""), HasSubstr("may have been applied"));
}

TEST(HostileCats, ANonHttpAnswerToACreateIsNotResentAndNotCalledUnsent) {
  RecordingCats cats([](const RecordedRequest&) {
    return misbehaving(Wire::raw_then_close, "garbage instead of a status line\r\n\r\n");
  });
  auto client = client_for(cats);
  auto outcome = client->send(create(), {});
  EXPECT_EQ(posts(cats), 1u);
  EXPECT_EQ(outcome.attempts, 1);
  EXPECT_NE(outcome.last.failure, TransportFailure::connect_failed);
  auto text = error_text(create(), outcome).value_or("");
  EXPECT_THAT(text, HasSubstr("may have been applied"));
  EXPECT_THAT(text, Not(HasSubstr("Nothing was sent")));
}

TEST(HostileCats, AnAnswerLargerThanTheDefaultCapIsRefused) {
  RecordingCats cats([](const RecordedRequest&) { return StandinResponse{200, {}, std::string(40u << 20, ' ')}; });
  CurlTransport transport(cats.base_url(), engine());
  auto result = transport.send(get(), {});
  EXPECT_NE(result.failure, TransportFailure::none);
  EXPECT_LE(result.response.body.size(), 32u << 20);
}

TEST(HostileCats, AGzipAnswerIsNeitherAskedForNorInflated) {
  std::string compressed = gzip(std::string(4u << 20, ' '));
  RecordingCats cats([&](const RecordedRequest&) {
    return StandinResponse{200, {{"Content-Type", "application/json"}, {"Content-Encoding", "gzip"}}, compressed};
  });
  CurlTransport transport(cats.base_url(), engine());
  auto result = transport.send(get(), {});
  EXPECT_EQ(cats.requests().at(0).headers.count("accept-encoding"), 0u);
  EXPECT_EQ(result.response.body.size(), compressed.size());
}

TEST(HostileCats, AnEndlessAnswerIsCutOffAtTheCap) {
  RecordingCats cats([](const RecordedRequest&) {
    auto endless = misbehaving(Wire::endless_body);
    endless.headers = {{"Content-Type", "application/json"}};
    return endless;
  });
  CurlTransport transport(cats.base_url(), engine());
  SendOptions options;
  options.max_response_bytes = 1u << 20;
  auto result = transport.send(get(), options);
  EXPECT_EQ(result.failure, TransportFailure::too_large) << result.detail;
  EXPECT_THAT(result.detail, HasSubstr("larger than 1048576 bytes"));
  EXPECT_TRUE(result.response.body.empty());  // what was read is released, not handed on
}

TEST(HostileCats, AnAnswerAnnouncingMoreThanTheCapIsRefused) {
  RecordingCats cats([](const RecordedRequest&) { return StandinResponse{200, {}, std::string(2u << 20, ' ')}; });
  CurlTransport transport(cats.base_url(), engine());
  SendOptions options;
  options.max_response_bytes = 1u << 20;
  EXPECT_EQ(transport.send(get(), options).failure, TransportFailure::too_large);
}

TEST(HostileCats, HeadersCountAgainstTheCapToo) {
  // (libcurl itself refuses more than 300 KB of headers; a smaller cap must hold for them too.)
  std::vector<std::pair<std::string, std::string>> headers;
  for (int i = 0; i < 100; ++i) headers.emplace_back("X-Filler-" + std::to_string(i), std::string(1000, 'a'));
  RecordingCats cats([&](const RecordedRequest&) { return StandinResponse{200, headers, "{}"}; });
  CurlTransport transport(cats.base_url(), engine());
  SendOptions options;
  options.max_response_bytes = 64u << 10;
  auto result = transport.send(get(), options);
  EXPECT_EQ(result.failure, TransportFailure::too_large) << result.detail;
}

TEST(HostileCats, AGetThatHitTheCapIsNotRetriedAndTheTextSaysToAskForLess) {
  RecordingCats cats([](const RecordedRequest&) { return misbehaving(Wire::endless_body); });
  auto client = client_for(cats, ClientOptions{"k-hostile-1234", 5000ms, RetryPolicy{}, std::size_t(1) << 20});
  auto outcome = client->send(get(), {});
  EXPECT_EQ(outcome.attempts, 1);
  EXPECT_EQ(cats.requests().size(), 1u);
  auto text = error_text(get(), outcome).value_or("");
  EXPECT_THAT(text, HasSubstr("too large"));
  EXPECT_THAT(text, HasSubstr("smaller per_page"));
}

TEST(HostileCats, ACreateStillGoesOutOnceWhenCatsAnswersIt) {
  // The fresh connection a create takes is an ordinary one: the answer comes back as before.
  RecordingCats cats;
  auto client = client_for(cats);
  ASSERT_EQ(client->send(get(), {}).last.response.status, 200);
  auto outcome = client->send(create(), {});
  EXPECT_EQ(outcome.last.response.status, 201);
  EXPECT_EQ(posts(cats), 1u);
  EXPECT_EQ(cats.connection_count(), 2u);  // the GET's connection was not reused for the POST
}
