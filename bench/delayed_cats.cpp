// bench_delayed_cats: a CATS v3 stand-in for load tests that answers every request after a fixed
// delay, like a real CATS that takes 100-500 ms. One thread, Asio/Beast, HTTP/1.1 keep-alive: a
// timer per request, so thousands wait at once for the price of their sockets. GET
// /v3/contacts/{id} answers a HAL contact with that id; anything else a small HAL record. Every
// answer carries the rate-limit headers CATS sends. It must never be the bottleneck of a bench:
// bench/cats_bench.sh first loads it directly and reports what it sustains.
//
//   bench_delayed_cats --port P --delay-ms D        (prints "listening <port>" once bound)
#include <boost/asio.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>

#include <sys/resource.h>

#include <atomic>
#include <csignal>
#include <cstdio>
#include <cstdlib>
#include <ctime>
#include <string>

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace http = beast::http;
using tcp = asio::ip::tcp;

namespace {

std::atomic<unsigned long long> served{0};

std::string contact_body(std::string_view id) {
  std::string i(id);
  return R"({"id":)" + i + R"(,"first_name":"Bench","last_name":"Contact )" + i +
         R"(","title":"Engineer","owner_id":1,"company_id":1,"emails":{"primary":"bench)" + i +
         R"(@example.com"},"phones":{"work":"+15555550100"},"is_hot":false,"has_left_company":false,)"
         R"("date_created":"2026-01-01T00:00:00+00:00","date_modified":"2026-01-01T00:00:00+00:00",)"
         R"("_links":{"self":{"href":"/contacts/)" + i + R"("}},"_embedded":{}})";
}

// The record id in /v3/contacts/{id}, or "" for any other path.
std::string_view contact_id(std::string_view target) {
  constexpr std::string_view prefix = "/v3/contacts/";
  if (!target.starts_with(prefix)) return {};
  auto id = target.substr(prefix.size());
  id = id.substr(0, id.find('?'));
  if (id.empty() || id.find_first_not_of("0123456789") != std::string_view::npos) return {};
  return id;
}

asio::awaitable<void> serve(tcp::socket socket, std::chrono::milliseconds delay) {
  beast::tcp_stream stream(std::move(socket));
  beast::flat_buffer buffer;
  asio::steady_timer timer(stream.get_executor());
  for (;;) {
    http::request<http::string_body> req;
    auto [ec, n] = co_await http::async_read(stream, buffer, req, asio::as_tuple(asio::use_awaitable));
    if (ec) break;
    timer.expires_after(delay);
    co_await timer.async_wait(asio::as_tuple(asio::use_awaitable));
    auto id = contact_id(req.target());
    http::response<http::string_body> res{http::status::ok, req.version()};
    res.set(http::field::content_type, "application/hal+json");
    res.set("X-Rate-Limit-Limit", "500");
    res.set("X-Rate-Limit-Remaining", "499");
    res.body() = id.empty() ? std::string(R"({"id":1,"_links":{"self":{"href":"/"}}})") : contact_body(id);
    res.keep_alive(req.keep_alive());
    res.prepare_payload();
    auto [wec, wn] = co_await http::async_write(stream, res, asio::as_tuple(asio::use_awaitable));
    ++served;
    if (wec || !req.keep_alive()) break;
  }
  beast::error_code ignored;
  stream.socket().shutdown(tcp::socket::shutdown_both, ignored);
}

asio::awaitable<void> accept(tcp::acceptor& acceptor, std::chrono::milliseconds delay) {
  for (;;) {
    auto [ec, socket] = co_await acceptor.async_accept(asio::as_tuple(asio::use_awaitable));
    if (ec) co_return;
    asio::co_spawn(acceptor.get_executor(), serve(std::move(socket), delay), asio::detached);
  }
}

}  // namespace

int main(int argc, char** argv) {
  unsigned short port = 0;
  long delay_ms = 200;
  for (int i = 1; i + 1 < argc; i += 2) {
    std::string flag = argv[i];
    if (flag == "--port") port = static_cast<unsigned short>(std::atoi(argv[i + 1]));
    else if (flag == "--delay-ms") delay_ms = std::atol(argv[i + 1]);
  }
  // Thousands of connections at once: as many descriptors as the hard limit allows.
  rlimit files{};
  if (getrlimit(RLIMIT_NOFILE, &files) == 0) {
    files.rlim_cur = files.rlim_max;
    setrlimit(RLIMIT_NOFILE, &files);
  }
  asio::io_context io(1);
  tcp::acceptor acceptor(io, {asio::ip::make_address("127.0.0.1"), port});
  acceptor.listen(asio::socket_base::max_listen_connections);
  std::printf("listening %u\n", acceptor.local_endpoint().port());
  std::fflush(stdout);
  asio::co_spawn(io, accept(acceptor, std::chrono::milliseconds(delay_ms)), asio::detached);
  asio::signal_set signals(io, SIGINT, SIGTERM);
  signals.async_wait([&](auto, int) { io.stop(); });
  io.run();
  std::fprintf(stderr, "served %llu requests; CPU %.2f s\n", served.load(), double(std::clock()) / CLOCKS_PER_SEC);
  return 0;
}
