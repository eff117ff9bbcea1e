#pragma once
// LISTEN on a PostgreSQL channel from a thread of its own: each notification (and each
// reconnection, after which some may have been missed) calls `on_change`. Lets every replica
// drop what it remembered as soon as another one changes the shared rows.
#include <functional>
#include <string>
#include <thread>

namespace cats_mcp::storage {

class PgListener {
 public:
  // Starts listening at once (the constructor returns once LISTEN is in place, so a change
  // made after it is never missed). Throws PostgresError when the first connection fails.
  PgListener(std::string conninfo, std::string channel, std::function<void()> on_change);
  ~PgListener();  // stops the thread
  PgListener(const PgListener&) = delete;
  PgListener& operator=(const PgListener&) = delete;

 private:
  void run();
  std::string conninfo_;
  std::string channel_;
  std::function<void()> on_change_;
  int wake_fd_ = -1;  // eventfd: the destructor's signal to stop
  void* connection_ = nullptr;  // PGconn*, owned by the thread once started
  std::thread thread_;
};

}  // namespace cats_mcp::storage
