#include "util/listen.hpp"

#include <stdexcept>

namespace cats_mcp {

boost::asio::ip::tcp::acceptor listen_on(boost::asio::io_context& io, const std::string& host, unsigned short port) {
  using boost::asio::ip::tcp;
  auto where = "cannot listen on " + host + ":" + std::to_string(port) + ": ";
  boost::system::error_code ec;
  // "localhost" is what people type; it is the loopback address, never a name to look up.
  auto address = boost::asio::ip::make_address(host == "localhost" ? "127.0.0.1" : host, ec);
  if (ec) throw std::runtime_error(where + "the host must be an IP address or localhost, e.g. 127.0.0.1 or ::1");
  tcp::endpoint endpoint(address, port);
  tcp::acceptor acceptor(io);
  acceptor.open(endpoint.protocol(), ec);
  if (!ec) acceptor.set_option(tcp::acceptor::reuse_address(true), ec);
  if (!ec) acceptor.bind(endpoint, ec);
  if (!ec) acceptor.listen(tcp::acceptor::max_listen_connections, ec);
  if (ec) throw std::runtime_error(where + ec.message());
  return acceptor;
}

}  // namespace cats_mcp
