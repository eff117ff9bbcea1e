#include "mcp/stdio_transport.hpp"

#include "mcp/dual_era_connection.hpp"
#include "mcp/internal_error.hpp"
#include "util/log.hpp"

#include <poll.h>
#include <signal.h>
#include <unistd.h>

#include <cerrno>
#include <condition_variable>
#include <deque>
#include <fcntl.h>
#include <thread>
#include <vector>

namespace cats_mcp::mcp {
namespace {

int g_signal_pipe[2] = {-1, -1};

void on_signal(int) {
  char byte = 1;
  [[maybe_unused]] auto n = ::write(g_signal_pipe[1], &byte, 1);  // async-signal-safe
}

class Writer {
 public:
  explicit Writer(int fd) : fd_(fd) {}
  void write_line(const json::object& message) {
    std::string text = json::serialize(message);
    text.push_back('\n');
    std::lock_guard lock(mutex_);
    if (broken_) return;
    const char* p = text.data();
    std::size_t left = text.size();
    while (left > 0) {
      ssize_t n = ::write(fd_, p, left);
      if (n < 0 && errno == EINTR) continue;
      if (n <= 0) {
        broken_ = true;  // the client went away; keep draining quietly
        log(LogLevel::warning, "stdout closed; responses are dropped");
        return;
      }
      p += n;
      left -= std::size_t(n);
    }
  }

 private:
  int fd_;
  std::mutex mutex_;
  bool broken_ = false;
};

class WorkerPool {
 public:
  WorkerPool(unsigned n, DualEraConnection& connection, Writer& writer) : connection_(connection), writer_(writer) {
    for (unsigned i = 0; i < n; ++i) threads_.emplace_back([this] { work(); });
  }
  void submit(PendingCall call) {
    {
      std::lock_guard lock(mutex_);
      queue_.push_back(std::move(call));
      ++in_flight_;
    }
    cv_.notify_one();
  }
  // Counts a call started elsewhere (it waits on an event loop, not on these threads) until it
  // ends, so wait_idle() waits for it too.
  void started() {
    std::lock_guard lock(mutex_);
    ++in_flight_;
  }
  // Notifies under the lock: a call started elsewhere ends on a thread nobody joins, and once
  // wait_idle() has seen zero the pool (and this condition variable) may be gone.
  void finished() {
    std::lock_guard lock(mutex_);
    --in_flight_;
    idle_cv_.notify_all();
  }
  // Waits until every call has finished or the deadline passes.
  bool wait_idle(std::chrono::milliseconds deadline) {
    std::unique_lock lock(mutex_);
    return idle_cv_.wait_for(lock, deadline, [this] { return in_flight_ == 0; });
  }
  void stop() {
    {
      std::lock_guard lock(mutex_);
      stopping_ = true;
    }
    cv_.notify_all();
    for (auto& t : threads_) t.join();
  }

 private:
  void work() {
    for (;;) {
      PendingCall call;
      {
        std::unique_lock lock(mutex_);
        cv_.wait(lock, [this] { return stopping_ || !queue_.empty(); });
        if (queue_.empty()) return;
        call = std::move(queue_.front());
        queue_.pop_front();
      }
      if (auto response = answer_or_internal_error(call.id, "tool call", [&] { return connection_.run(call); }))
        writer_.write_line(*response);
      finished();
    }
  }

  DualEraConnection& connection_;
  Writer& writer_;
  std::mutex mutex_;
  std::condition_variable cv_, idle_cv_;
  std::deque<PendingCall> queue_;
  std::size_t in_flight_ = 0;
  bool stopping_ = false;
  std::vector<std::thread> threads_;
};

void install_signal_handlers() {
  if (g_signal_pipe[0] < 0 && ::pipe2(g_signal_pipe, O_CLOEXEC | O_NONBLOCK) != 0) return;
  struct sigaction sa {};
  sa.sa_handler = on_signal;
  sigemptyset(&sa.sa_mask);
  sa.sa_flags = SA_RESTART;
  sigaction(SIGTERM, &sa, nullptr);
  sigaction(SIGINT, &sa, nullptr);
  signal(SIGPIPE, SIG_IGN);
}

}  // namespace

int serve_stdio(ToolProvider& provider, const ServerOptions& server_options, const StdioOptions& options,
                int in_fd, int out_fd) {
  install_signal_handlers();
  Writer writer(out_fd);
  // Both eras: the connection is pinned to the era of its first request other than server/discover.
  DualEraConnection connection(provider, server_options, [&writer](const json::object& m) { writer.write_line(m); });
  WorkerPool pool(std::max(1u, options.workers), connection, writer);
  log(LogLevel::info, "serving MCP over stdio", {{"backend", server_options.backend_description}});

  auto handle_line = [&](std::string_view line) {
    if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
    if (line.find_first_not_of(" \t") == std::string_view::npos) return;  // blank lines are not messages
    json::object parse_error;
    auto message = parse_message(line, parse_error);
    if (!message) {
      writer.write_line(parse_error);
      return;
    }
    // Returns the answer to write now, if any, and runs or hands off an accepted tool call.
    auto dispatch = [&]() -> std::optional<json::object> {
      std::optional<PendingCall> call;
      auto response = connection.handle(*message, call);
      if (!call) return response;
      // A call answered in process (CPU work, microseconds to milliseconds, not interruptible
      // anyway) runs here on the reader thread and saves a thread hand-off. A call that waits
      // on CATS is started and answered from the CATS event loop, holding no thread: any
      // number wait at once while pings and cancellations are read. A call that may block (on
      // the client's answer to a question it asks) goes to the workers.
      switch (call_kind(provider, *call)) {
        case CallKind::in_process:
          return connection.run(*call);
        case CallKind::blocks:
          pool.submit(std::move(*call));
          return std::nullopt;
        case CallKind::waits:
          break;
      }
      pool.started();
      try {
        connection.start(std::move(*call), [&writer, &pool](std::optional<json::object> response) {
          if (response) writer.write_line(*response);
          pool.finished();
        });
      } catch (...) {
        pool.finished();
        throw;
      }
      return std::nullopt;
    };
    auto response = answer_or_internal_error(message->id, "request", dispatch);
    // A notification gets no answer, not even an error (JSON-RPC 2.0).
    if (response && message->kind != Message::Kind::notification) writer.write_line(*response);
  };

  std::string buffer;
  bool discarding = false;  // inside an over-long message: drop bytes until its newline
  std::vector<char> chunk(1 << 16);
  const char* reason = "eof";
  for (;;) {
    pollfd fds[2] = {{in_fd, POLLIN, 0}, {g_signal_pipe[0], POLLIN, 0}};
    int ready = ::poll(fds, 2, -1);
    if (ready < 0) {
      if (errno == EINTR) continue;
      reason = "poll failed";
      break;
    }
    if (fds[1].revents & POLLIN) {
      reason = "signal";
      break;
    }
    if (!(fds[0].revents & (POLLIN | POLLHUP | POLLERR))) continue;
    ssize_t n = ::read(in_fd, chunk.data(), chunk.size());
    if (n < 0 && (errno == EINTR || errno == EAGAIN)) continue;
    if (n <= 0) break;

    std::string_view data(chunk.data(), std::size_t(n));
    while (!data.empty()) {
      auto newline = data.find('\n');
      std::string_view piece = data.substr(0, newline);
      if (discarding) {
        if (newline != std::string_view::npos) discarding = false;
      } else if (buffer.size() + piece.size() > options.max_message_bytes) {
        buffer.clear();
        buffer.shrink_to_fit();
        discarding = newline == std::string_view::npos;
        log(LogLevel::warning, "message over the size limit dropped", {{"limit", options.max_message_bytes}});
        writer.write_line(make_error(nullptr, kInvalidRequest,
                                     "Invalid Request: message larger than " +
                                         std::to_string(options.max_message_bytes) + " bytes"));
      } else if (newline == std::string_view::npos) {
        buffer.append(piece);
      } else if (buffer.empty()) {
        handle_line(piece);  // the common case: a whole message inside one read, no copy
      } else {
        buffer.append(piece);
        handle_line(buffer);
        buffer.clear();
      }
      if (newline == std::string_view::npos) break;
      data.remove_prefix(newline + 1);
    }
  }
  if (!buffer.empty() && !discarding) handle_line(buffer);  // a last message without its newline

  log(LogLevel::info, "stopping", {{"reason", reason}});
  if (!pool.wait_idle(options.drain_deadline)) {
    log(LogLevel::warning, "in-flight calls cancelled at the shutdown deadline");
    connection.cancel_all();
    pool.wait_idle(std::chrono::milliseconds(5000));
  }
  pool.stop();
  return 0;
}

}  // namespace cats_mcp::mcp
