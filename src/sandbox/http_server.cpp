#include "sandbox/http_server.hpp"

#include "cats/http_types.hpp"
#include "util/escaped_exceptions.hpp"
#include "util/listen.hpp"
#include "util/log.hpp"

#include <boost/asio.hpp>
#include <boost/asio/experimental/awaitable_operators.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <boost/url/parse.hpp>

#include <algorithm>
#include <cctype>
#include <thread>

namespace cats_mcp::sandbox {
namespace asio = boost::asio;
namespace beast = boost::beast;
namespace http = beast::http;
using tcp = asio::ip::tcp;

namespace {

std::optional<std::string> api_key(const std::vector<std::pair<std::string, std::string>>& headers) {
  for (const auto& [name, value] : headers) {
    if (name != "authorization") continue;
    std::string_view v = value;
    for (std::string_view scheme : {"Token ", "Bearer "})  // CATS documents Token; Bearer is tolerated
      if (v.starts_with(scheme) && v.size() > scheme.size()) return std::string(v.substr(scheme.size()));
  }
  return std::nullopt;
}

Response message(int status, std::string_view text) { return json_response(status, json::object{{"message", text}}); }

// The URL the client reached us at: its Host header when that is a plain host[:port], else the
// address it connected to.
std::string api_root_for(const std::vector<std::pair<std::string, std::string>>& headers, const tcp::endpoint& local) {
  for (const auto& [name, value] : headers) {
    if (name != "host" || value.empty() || value.size() > 255) continue;
    bool plain = std::all_of(value.begin(), value.end(), [](unsigned char c) {
      return std::isalnum(c) || c == '.' || c == '-' || c == ':' || c == '[' || c == ']';
    });
    if (plain) return "http://" + value + "/v3";
  }
  auto address = local.address();
  auto host = address.is_v6() ? "[" + address.to_string() + "]" : address.to_string();
  return "http://" + host + ":" + std::to_string(local.port()) + "/v3";
}

asio::awaitable<void> serve_connection(tcp::socket socket, std::shared_ptr<Router> router, std::shared_ptr<RateLimiter> limiter,
                                       std::size_t body_limit) {
  boost::system::error_code local_ec;
  auto local = socket.local_endpoint(local_ec);
  beast::tcp_stream stream(std::move(socket));
  beast::flat_buffer buffer;
  for (;;) {
    http::request_parser<http::string_body> parser;
    parser.body_limit(body_limit);
    parser.header_limit(16 * 1024);
    stream.expires_after(std::chrono::seconds(60));
    auto [ec, _] = co_await http::async_read(stream, buffer, parser, asio::as_tuple(asio::use_awaitable));
    Response answer;
    bool keep_alive = false;
    if (ec == http::error::body_limit) {
      answer = message(413, "The request body is too large.");
    } else if (ec) {
      break;
    } else {
      auto& req = parser.get();
      keep_alive = req.keep_alive();
      std::vector<std::pair<std::string, std::string>> headers;
      for (const auto& field : req) headers.emplace_back(cats::lower(field.name_string()), std::string(field.value()));
      auto api_root = api_root_for(headers, local);
      answer = answer_http(*router, *limiter, std::string(req.method_string()), req.target(), headers, std::move(req.body()),
                           api_root);
    }
    http::response<http::string_body> res{static_cast<http::status>(answer.status), 11};
    for (auto& [name, value] : answer.headers) res.set(name, value);
    serialise_document(answer);  // the 413 answer is built here, not by answer_http
    res.body() = std::move(answer.body);
    res.keep_alive(keep_alive);
    res.prepare_payload();
    auto [write_ec, __] = co_await http::async_write(stream, res, asio::as_tuple(asio::use_awaitable));
    if (write_ec || !keep_alive) break;
  }
  beast::error_code ignored;
  stream.socket().shutdown(tcp::socket::shutdown_both, ignored);
}

asio::awaitable<void> accept_loop(tcp::acceptor& acceptor, std::shared_ptr<Router> router, std::shared_ptr<RateLimiter> limiter,
                                  std::size_t body_limit) {
  for (;;) {
    // A strand per connection: with several threads, the stream's timeout handler must never
    // close the socket beside the coroutine that owns it.
    auto [ec, socket] = co_await acceptor.async_accept(asio::make_strand(acceptor.get_executor()),
                                                       asio::as_tuple(asio::use_awaitable));
    if (ec) co_return;
    auto strand = socket.get_executor();  // taken before the socket moves into its coroutine
    asio::co_spawn(strand, serve_connection(std::move(socket), router, limiter, body_limit), log_escaped("sandbox connection"));
  }
}

}  // namespace

namespace {
Response answer_document(Router& router, RateLimiter& limiter, const std::string& method, std::string_view target,
                         const std::vector<std::pair<std::string, std::string>>& headers, std::string body,
                         std::string_view api_root) {
  auto url = boost::urls::parse_origin_form(target);
  if (!url) return message(400, "Bad request target.");
  std::string path = url->path();
  if (!path.starts_with("/v3/") ) return message(404, "Not found.");
  auto key = api_key(headers);
  if (!key) return message(401, "Invalid credentials.");  // as CATS answers, without rate-limit headers

  auto decision = limiter.admit(*key);
  auto budget_headers = [&](Response& r) {
    r.headers.emplace_back("X-Rate-Limit-Limit", std::to_string(decision.limit));
    r.headers.emplace_back("X-Rate-Limit-Remaining", std::to_string(decision.remaining));
  };
  if (!decision.allowed) {
    auto r = message(429, "Rate limit exceeded. Try again later.");
    budget_headers(r);
    r.headers.emplace_back("Retry-After", std::to_string(decision.retry_after_seconds));
    return r;
  }
  Request request;
  request.method = method;
  request.path = path.substr(3);
  for (auto param : url->params()) request.query.emplace_back(param.key, param.value);
  request.headers = headers;
  request.body = std::move(body);
  request.api_root = api_root;
  Response r = router.handle(*key, request);
  budget_headers(r);
  return r;
}
}  // namespace

Response answer_http(Router& router, RateLimiter& limiter, const std::string& method, std::string_view target,
                     const std::vector<std::pair<std::string, std::string>>& headers, std::string body,
                     std::string_view api_root) {
  auto answer = answer_document(router, limiter, method, target, headers, std::move(body), api_root);
  serialise_document(answer);
  return answer;
}

int serve_sandbox(std::shared_ptr<Router> router, const ServeOptions& options) {
  asio::io_context io(int(options.threads));
  tcp::acceptor acceptor = listen_on(io, options.host, options.port);
  auto limiter = std::make_shared<RateLimiter>(options.rate_limit_per_hour > 0 ? options.rate_limit_per_hour : 500,
                                               options.rate_limit_per_hour > 0);
  std::size_t body_limit = options.max_upload_bytes + 64 * 1024;
  asio::co_spawn(io, accept_loop(acceptor, router, limiter, body_limit), log_escaped("sandbox accept loop"));

  asio::signal_set signals(io, SIGINT, SIGTERM);
  signals.async_wait([&](const boost::system::error_code&, int) {
    log(LogLevel::info, "sandbox stopping");
    io.stop();
  });
  log(LogLevel::info, "sandbox listening",
      {{"host", options.host}, {"port", acceptor.local_endpoint().port()}, {"base_url",
       "http://" + options.host + ":" + std::to_string(acceptor.local_endpoint().port()) + "/v3"}});

  std::vector<std::thread> threads;
  for (unsigned i = 1; i < std::max(1u, options.threads); ++i) threads.emplace_back([&] { io.run(); });
  io.run();
  for (auto& t : threads) t.join();
  return 0;
}

}  // namespace cats_mcp::sandbox
