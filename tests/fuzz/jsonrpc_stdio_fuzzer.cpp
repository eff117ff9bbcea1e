// The JSON-RPC message path as a stdio client drives it: the input is everything a client
// writes on stdin (newline-framed messages, possibly over-long, unterminated or with CRLF),
// served by the real stdio transport, whose protocol session parses, dispatches and runs
// tools/call against the in-process sandbox. Each input is one fresh connection.
#include "fuzz_sandbox.hpp"

#include "mcp/stdio_transport.hpp"
#include "tools/toolset_provider.hpp"
#include "util/log.hpp"

#include <fcntl.h>
#include <sys/mman.h>
#include <unistd.h>

#include <cstddef>
#include <cstdint>
#include <memory>

using namespace cats_mcp;

namespace {

struct Server {
  tools::ToolRunner runner;
  tools::ToolsetProvider provider{tools::cats_contacts_toolset(), runner, "the fuzz sandbox"};
  mcp::ServerOptions server_options;
  mcp::StdioOptions stdio_options;
  int null_fd;

  Server()
      : runner(std::make_shared<cats::Client>(
            std::make_shared<sandbox::SandboxTransport>(fuzz::FuzzSandbox::get().router(), fuzz::FuzzSandbox::account_key()),
            cats::ClientOptions{})),
        null_fd(::open("/dev/null", O_WRONLY | O_CLOEXEC)) {
    server_options.backend_description = "the fuzz sandbox";
    server_options.tools_page_size = 10;  // small pages, so cursors get exercised
    // Small enough that inputs of fuzzing size reach the over-limit path and its discarding.
    stdio_options.max_message_bytes = 3000;
    stdio_options.workers = 1;
    stdio_options.drain_deadline = std::chrono::milliseconds(2000);
  }
  ~Server() { ::close(null_fd); }
};

Server& server() {
  static Server instance;
  return instance;
}

}  // namespace

extern "C" int LLVMFuzzerInitialize(int*, char***) {
  set_stderr_log_level(LogLevel::emergency);  // a log line per message would dominate the run time
  server();
  return 0;
}

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  // A memfd stands in for stdin: readable at once, and EOF after the input ends the session.
  int in = ::memfd_create("stdin", MFD_CLOEXEC);
  if (in < 0) return 0;
  if (size && ::write(in, data, size) != ssize_t(size)) {
    ::close(in);
    return 0;
  }
  ::lseek(in, 0, SEEK_SET);
  auto& s = server();
  // Sandbox calls run on this (the reader) thread, inside this scope: their writes are undone.
  auto undo = fuzz::FuzzSandbox::get().rollback_scope();
  mcp::serve_stdio(s.provider, s.server_options, s.stdio_options, in, s.null_fd);
  ::close(in);
  return 0;
}
