#pragma once
// A listening TCP socket for the HTTP servers, with failures a person can act on: the address
// and the reason in one line, not Boost's source location.
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>

#include <string>

namespace cats_mcp {

// Binds and listens on host:port (an IP address; port 0 picks a free one). Throws
// std::runtime_error "cannot listen on HOST:PORT: <reason>" (e.g. "Address already in use").
boost::asio::ip::tcp::acceptor listen_on(boost::asio::io_context& io, const std::string& host, unsigned short port);

}  // namespace cats_mcp
