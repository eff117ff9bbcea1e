#pragma once
// The real binary serving Streamable HTTP for integration tests, plus raw-socket helpers for
// what an HTTP library would not send: duplicate headers, half-closes, resets, partial bodies.
#include "support/child_process.hpp"
#include "support/http_client.hpp"
#include "support/temp_dir.hpp"

#include <gtest/gtest.h>

#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cerrno>
#include <cstdlib>
#include <fstream>
#include <string>
#include <utility>
#include <vector>

namespace cats_mcp::testing {

inline constexpr const char* kTokenA = "token-of-alice-0123456789abcdef";
inline constexpr const char* kTokenB = "token-of-bob-fedcba9876543210xyz";

inline constexpr const char* kInitialize =
    R"({"jsonrpc":"2.0","id":1,"method":"initialize","params":{"protocolVersion":"2025-11-25","capabilities":{},"clientInfo":{"name":"t","version":"1"}}})";

// The binary the tests start; CATS_MCP_BINARY_UNDER_TEST points them at another build, e.g.
// one from before a fix, to see a new test fail there.
inline std::string binary_under_test() {
  if (const char* other = std::getenv("CATS_MCP_BINARY_UNDER_TEST"); other && *other) return other;
  return CATS_MCP_BINARY;
}

struct HttpServer {
  ChildProcess process;
  int port = 0;
  std::string url;
  HttpServer(std::vector<std::string> args, std::vector<std::pair<std::string, std::string>> env,
             const std::string& binary = binary_under_test())
      : process([&] {
          std::vector<std::string> argv{binary, "--http", "127.0.0.1:0"};
          argv.insert(argv.end(), args.begin(), args.end());
          return argv;
        }(), env) {
    if (auto p = process.wait_for_stderr(R"re("msg":"http listening".*"port":(\d+))re")) {
      port = std::stoi(*p);
      url = "http://127.0.0.1:" + std::to_string(port) + "/cats-contacts";
      return;
    }
    ADD_FAILURE() << "server did not start: " << process.stderr_text();
  }

  std::string base() const { return "http://127.0.0.1:" + std::to_string(port); }

  HttpReply post(const std::string& body, std::vector<std::pair<std::string, std::string>> headers = {}) {
    headers.emplace_back("Content-Type", "application/json");
    bool has_accept = false;
    for (auto& [k, v] : headers) has_accept = has_accept || k == "Accept";
    if (!has_accept) headers.emplace_back("Accept", "application/json, text/event-stream");
    return http_request("POST", url, headers, body);
  }
};

inline std::vector<std::pair<std::string, std::string>> sandbox_env(const TempDir& dir) {
  return {{"CATS_SANDBOX_DB", dir.file("h.db")}};
}

inline std::string write_tokens(const TempDir& dir) {
  auto path = dir.file("tokens");
  std::ofstream(path) << "# token principal\n" << kTokenA << " alice\n" << kTokenB << " bob\n";
  return path;
}

inline std::pair<std::string, std::string> bearer(const char* token) { return {"Authorization", std::string("Bearer ") + token}; }

// Opens a raw TCP connection to the server; -1 on failure.
inline int connect_raw(int port) {
  int fd = ::socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_port = htons(uint16_t(port));
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  if (::connect(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr) != 0) {
    ::close(fd);
    return -1;
  }
  return fd;
}

inline bool send_all(int fd, std::string_view bytes) {
  while (!bytes.empty()) {
    auto n = ::send(fd, bytes.data(), bytes.size(), MSG_NOSIGNAL);
    if (n <= 0) return false;
    bytes.remove_prefix(std::size_t(n));
  }
  return true;
}

// Everything the peer sends until it closes, or until nothing arrives for `quiet`.
inline std::string read_until_closed(int fd, std::chrono::milliseconds quiet = std::chrono::seconds(10)) {
  timeval tv{long(quiet.count() / 1000), long((quiet.count() % 1000) * 1000)};
  setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof tv);
  std::string out;
  char buf[4096];
  for (;;) {
    ssize_t n = ::recv(fd, buf, sizeof buf, 0);
    if (n <= 0) return out;
    out.append(buf, std::size_t(n));
  }
}

// Waits for the peer to close; true if it did within `limit`.
inline bool closed_by_peer_within(int fd, std::chrono::milliseconds limit) {
  timeval tv{long(limit.count() / 1000), long((limit.count() % 1000) * 1000)};
  setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof tv);
  char buf[4096];
  for (;;) {
    ssize_t n = ::recv(fd, buf, sizeof buf, 0);
    if (n == 0) return true;
    if (n < 0) return errno == ECONNRESET;
  }
}

// Sends `request` on a new connection and returns all the server answers before closing.
inline std::string raw_exchange(int port, std::string_view request) {
  int fd = connect_raw(port);
  if (fd < 0) return {};
  send_all(fd, request);
  auto reply = read_until_closed(fd);
  ::close(fd);
  return reply;
}

// "HTTP/1.1 401 Unauthorized\r\n..." -> 401; 0 when there is no status line.
inline int status_of(const std::string& reply) {
  if (!reply.starts_with("HTTP/1.1 ") || reply.size() < 12) return 0;
  return std::stoi(reply.substr(9, 3));
}

// The body after the (last) header block of a raw reply.
inline std::string body_of(const std::string& reply) {
  auto end = reply.rfind("\r\n\r\n");
  return end == std::string::npos ? std::string() : reply.substr(end + 4);
}

}  // namespace cats_mcp::testing
