#include "cats/transport.hpp"

#include <stdexcept>

namespace cats_mcp::cats {

// A blocking transport has no loop: asking it to start is a programming error, caught here.
void Transport::start(CatsRequest, SendOptions, TransportDone) {
  throw std::logic_error("this CATS transport blocks: use send()");
}

boost::asio::any_io_executor Transport::executor() { throw std::logic_error("this CATS transport has no event loop"); }

}  // namespace cats_mcp::cats
