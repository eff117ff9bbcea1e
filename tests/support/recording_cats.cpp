#include "support/recording_cats.hpp"

#include <boost/asio.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <boost/url/parse.hpp>

#include <cctype>
#include <list>
#include <mutex>
#include <chrono>
#include <thread>

namespace cats_mcp::testing {
namespace asio = boost::asio;
namespace beast = boost::beast;
namespace http = beast::http;
namespace json = boost::json;
using tcp = asio::ip::tcp;

namespace {
bool is_number(std::string_view s) {
  return !s.empty() && std::all_of(s.begin(), s.end(), [](unsigned char c) { return std::isdigit(c); });
}

std::string last_segment(std::string_view path) {
  auto slash = path.rfind('/');
  return std::string(slash == std::string_view::npos ? path : path.substr(slash + 1));
}
}  // namespace

StandinResponse slow_contact_one(const RecordedRequest& r) {
  if (r.path == "/contacts/1") std::this_thread::sleep_for(std::chrono::milliseconds(1500));
  return default_cats_answer(r);
}

StandinResponse default_cats_answer(const RecordedRequest& r) {
  StandinResponse out;
  out.headers = {{"Content-Type", "application/json; charset=utf-8"},
                 {"X-Rate-Limit-Limit", "500"},
                 {"X-Rate-Limit-Remaining", "499"}};
  std::string last = last_segment(r.path);
  bool tags_or_status = last == "tags" || last == "status";
  if (r.method == "PUT" || r.method == "DELETE" || (r.method == "POST" && tags_or_status)) {
    out.status = 204;
    return out;
  }
  bool search = r.path == "/contacts/search";
  if (r.method == "POST" && !search) {
    out.status = 201;
    out.headers.emplace_back("Location", "https://api.catsone.com/v3" + r.path + "/123");
    return out;
  }
  if (!search && is_number(last)) {
    out.body = json::serialize(json::object{{"id", std::stoll(last)},
                                            {"name", "record"},
                                            {"_links", {{"self", {{"href", r.path}}}}}});
    return out;
  }
  std::string key = search ? "contacts" : last;
  out.body = json::serialize(json::object{
      {"count", 1},
      {"total", "60"},  // CATS has been seen to send total as a string
      {"_links", {{"self", {{"href", r.path + "?page=1&per_page=25"}}}, {"next", {{"href", r.path + "?page=2&per_page=25"}}}}},
      {"_embedded", {{key, json::array{json::object{{"id", 1}, {"_links", {{"self", {{"href", r.path + "/1"}}}}}}}}}}});
  return out;
}

struct RecordingCats::Impl {
  asio::io_context io;
  tcp::acceptor acceptor{io};
  std::thread accept_thread;
  mutable std::mutex mutex;
  std::vector<RecordedRequest> recorded;
  StandinHandler handler;
  std::list<std::thread> connections;
  std::list<std::shared_ptr<tcp::socket>> sockets;
  bool stopping = false;

  // A 200 whose body never ends (no length, closed by the server): only the client can stop it.
  static void write_endless_body(tcp::socket& socket, const StandinResponse& answer) {
    std::string head = "HTTP/1.1 200 OK\r\nConnection: close\r\n";
    for (const auto& [name, value] : answer.headers) head += name + ": " + value + "\r\n";
    head += "\r\n";
    beast::error_code ec;
    asio::write(socket, asio::buffer(head), ec);
    const std::string chunk(64 * 1024, ' ');  // JSON whitespace: harmless to any parser that sees it
    while (!ec) asio::write(socket, asio::buffer(chunk), ec);
  }

  void serve(std::shared_ptr<tcp::socket> socket) {
    beast::flat_buffer buffer;
    for (std::size_t nth = 0;; ++nth) {
      http::request_parser<http::string_body> parser;
      parser.body_limit(64 * 1024 * 1024);
      beast::error_code ec;
      http::read(*socket, buffer, parser, ec);
      if (ec) return;
      auto& req = parser.get();
      RecordedRequest rec;
      rec.method = std::string(req.method_string());
      std::string target(req.target());
      if (target.starts_with("/v3")) target.erase(0, 3);
      rec.target = target;
      auto url = boost::urls::parse_origin_form(target);
      rec.path = url ? std::string(url->encoded_path()) : target;
      if (url)
        for (auto p : url->params()) rec.query.emplace_back(p.key, p.value);
      for (auto& field : req) {
        std::string name(field.name_string());
        for (auto& c : name) c = char(std::tolower(static_cast<unsigned char>(c)));
        rec.headers[name] = std::string(field.value());
      }
      rec.body = req.body();
      rec.nth_on_connection = nth;
      StandinHandler h;
      {
        std::lock_guard lock(mutex);
        recorded.push_back(rec);
        h = handler;
      }
      StandinResponse answer = h(rec);
      beast::error_code ignored;
      switch (answer.wire) {
        case StandinResponse::Wire::answer: break;
        case StandinResponse::Wire::close_without_answer:
          socket->shutdown(tcp::socket::shutdown_both, ignored);
          return;
        case StandinResponse::Wire::raw_then_close:
          asio::write(*socket, asio::buffer(answer.body), ignored);
          socket->shutdown(tcp::socket::shutdown_both, ignored);
          return;
        case StandinResponse::Wire::endless_body:
          write_endless_body(*socket, answer);
          return;
      }
      http::response<http::string_body> res{static_cast<http::status>(answer.status), 11};
      for (auto& [name, value] : answer.headers) res.set(name, value);
      res.body() = answer.body;
      res.keep_alive(req.keep_alive());
      res.prepare_payload();
      http::write(*socket, res, ec);
      if (ec || !req.keep_alive()) return;
    }
  }
};

RecordingCats::RecordingCats(StandinHandler handler) : impl_(std::make_unique<Impl>()) {
  impl_->handler = std::move(handler);
  tcp::endpoint endpoint(asio::ip::make_address("127.0.0.1"), 0);
  impl_->acceptor.open(endpoint.protocol());
  impl_->acceptor.set_option(tcp::acceptor::reuse_address(true));
  impl_->acceptor.bind(endpoint);
  impl_->acceptor.listen();
  impl_->accept_thread = std::thread([impl = impl_.get()] {
    for (;;) {
      auto socket = std::make_shared<tcp::socket>(impl->io);
      beast::error_code ec;
      impl->acceptor.accept(*socket, ec);
      std::lock_guard lock(impl->mutex);
      if (ec || impl->stopping) return;
      impl->sockets.push_back(socket);
      impl->connections.emplace_back([impl, socket] { impl->serve(socket); });
    }
  });
}

RecordingCats::~RecordingCats() {
  auto port = impl_->acceptor.local_endpoint().port();
  {
    std::lock_guard lock(impl_->mutex);
    impl_->stopping = true;
    beast::error_code ec;
    for (auto& s : impl_->sockets) s->shutdown(tcp::socket::shutdown_both, ec);
  }
  {
    // A blocking accept() is not woken by close(); a connection of our own wakes it.
    asio::io_context io;
    tcp::socket waker(io);
    beast::error_code ec;
    waker.connect(tcp::endpoint(asio::ip::make_address("127.0.0.1"), port), ec);
  }
  impl_->accept_thread.join();
  beast::error_code ec;
  impl_->acceptor.close(ec);
  for (auto& t : impl_->connections) t.join();
}

std::string RecordingCats::base_url() const {
  return "http://127.0.0.1:" + std::to_string(impl_->acceptor.local_endpoint().port()) + "/v3";
}

std::vector<RecordedRequest> RecordingCats::requests() const {
  std::lock_guard lock(impl_->mutex);
  return impl_->recorded;
}

void RecordingCats::clear() {
  std::lock_guard lock(impl_->mutex);
  impl_->recorded.clear();
}

std::size_t RecordingCats::connection_count() const {
  std::lock_guard lock(impl_->mutex);
  return impl_->connections.size();
}

void RecordingCats::set_handler(StandinHandler handler) {
  std::lock_guard lock(impl_->mutex);
  impl_->handler = std::move(handler);
}

}  // namespace cats_mcp::testing
