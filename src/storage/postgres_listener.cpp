#include "storage/postgres_listener.hpp"

#include "storage/postgres.hpp"
#include "util/log.hpp"

#include <libpq-fe.h>
#include <poll.h>
#include <sys/eventfd.h>
#include <unistd.h>

#include <chrono>

namespace cats_mcp::storage {
namespace {

// A connection that listens on `channel`, or nullptr (with the reason logged) when it cannot.
PGconn* listening(const std::string& conninfo, const std::string& channel, std::string* error) {
  PGconn* conn = PQconnectdb(conninfo.c_str());
  if (!conn || PQstatus(conn) != CONNECTION_OK) {
    if (error) *error = conn ? PQerrorMessage(conn) : "out of memory";
    PQfinish(conn);
    return nullptr;
  }
  PQsetNoticeProcessor(conn, [](void*, const char*) {}, nullptr);
  char* quoted = PQescapeIdentifier(conn, channel.data(), channel.size());
  PGresult* r = PQexec(conn, ("LISTEN " + std::string(quoted ? quoted : "")).c_str());
  PQfreemem(quoted);
  bool ok = r && PQresultStatus(r) == PGRES_COMMAND_OK;
  PQclear(r);
  if (!ok) {
    if (error) *error = PQerrorMessage(conn);
    PQfinish(conn);
    return nullptr;
  }
  return conn;
}

}  // namespace

PgListener::PgListener(std::string conninfo, std::string channel, OnChange on_change)
    : conninfo_(std::move(conninfo)), channel_(std::move(channel)), on_change_(std::move(on_change)) {
  std::string error;
  connection_ = listening(conninfo_, channel_, &error);
  if (!connection_) throw PostgresError("cannot listen for changes on PostgreSQL (" + redact_conninfo(conninfo_) + "): " + error);
  wake_fd_ = eventfd(0, EFD_CLOEXEC | EFD_NONBLOCK);
  thread_ = std::thread([this] { run(); });
}

PgListener::~PgListener() {
  std::uint64_t one = 1;
  [[maybe_unused]] auto written = ::write(wake_fd_, &one, sizeof one);
  if (thread_.joinable()) thread_.join();
  ::close(wake_fd_);
}

void PgListener::run() {
  auto* conn = static_cast<PGconn*>(connection_);
  for (;;) {
    if (!conn) {  // lost: reconnect, at most every half second, then assume we missed something
      pollfd wake{wake_fd_, POLLIN, 0};
      if (::poll(&wake, 1, 500) > 0) return;
      conn = listening(conninfo_, channel_, nullptr);
      if (!conn) continue;
      log(LogLevel::info, "listening for connection changes again");
      on_change_(std::nullopt);
    }
    pollfd fds[2] = {{PQsocket(conn), POLLIN, 0}, {wake_fd_, POLLIN, 0}};
    int ready = ::poll(fds, 2, -1);
    if (ready < 0) continue;  // EINTR
    if (fds[1].revents) break;
    if (!PQconsumeInput(conn)) {
      log(LogLevel::warning, "lost the connection that listens for connection changes; reconnecting");
      PQfinish(conn);
      conn = nullptr;
      on_change_(std::nullopt);  // nothing remembered can be trusted to be told of changes now
      continue;
    }
    while (PGnotify* n = PQnotifies(conn)) {
      std::string payload = n->extra ? n->extra : "";
      PQfreemem(n);
      on_change_(payload);
    }
  }
  PQfinish(conn);
}

}  // namespace cats_mcp::storage
