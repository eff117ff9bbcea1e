#pragma once
// LISTEN on a PostgreSQL channel from a thread of its own: each notification calls `on_change`
// with its payload; losing the connection, and each reconnection (some may have been missed
// meanwhile), call it with nullopt.
// Lets every replica drop what it remembered as soon as another one changes the shared rows.
#include <functional>
#include <optional>
#include <string>
#include <thread>

namespace cats_mcp::storage {

class PgListener {
 public:
  // Starts listening at once (the constructor returns once LISTEN is in place, so a change
  // made after it is never missed). Throws PostgresError when the first connection fails.
  using OnChange = std::function<void(const std::optional<std::string>& payload)>;
  PgListener(std::string conninfo, std::string channel, OnChange on_change);
  ~PgListener();  // stops the thread
  PgListener(const PgListener&) = delete;
  PgListener& operator=(const PgListener&) = delete;

 private:
  void run();
  std::string conninfo_;
  std::string channel_;
  OnChange on_change_;
  int wake_fd_ = -1;  // eventfd: the destructor's signal to stop
  void* connection_ = nullptr;  // PGconn*, owned by the thread once started
  std::thread thread_;
};

}  // namespace cats_mcp::storage
