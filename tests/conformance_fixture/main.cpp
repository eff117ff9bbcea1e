// conformance_fixture_server: the fixture provider over stdio (default) or Streamable HTTP
// (--http HOST:PORT, paths /mcp and /cats-contacts), through the product's own protocol core
// and transports. Test-only: the conformance suite runs against it.
#include "fixture_provider.hpp"
#include "http/http_server.hpp"
#include "mcp/stdio_transport.hpp"
#include "util/log.hpp"

#include <cstdio>
#include <string>

using namespace cats_mcp;

int main(int argc, char** argv) {
  std::string listen;
  for (int i = 1; i < argc; ++i) {
    std::string arg = argv[i];
    if (arg == "--http" && i + 1 < argc) listen = argv[++i];
    else {
      std::fprintf(stderr, "usage: %s [--http HOST:PORT]\n", argv[0]);
      return 2;
    }
  }
  fixture::FixtureProvider provider;
  mcp::ServerOptions server_options;
  server_options.backend_description = "the conformance fixture";
  if (listen.empty()) return mcp::serve_stdio(provider, server_options, mcp::StdioOptions{});
  auto colon = listen.rfind(':');
  if (colon == std::string::npos) {
    std::fprintf(stderr, "--http takes HOST:PORT\n");
    return 2;
  }
  http::HttpOptions options;
  options.host = listen.substr(0, colon);
  options.port = static_cast<unsigned short>(std::stoi(listen.substr(colon + 1)));
  return http::serve_http(provider, server_options, std::move(options));
}
