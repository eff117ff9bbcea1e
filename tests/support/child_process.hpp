#pragma once
// Runs the real server binary for integration tests: pipes on stdin/stdout/stderr, line-
// oriented reads with a timeout, and a clean or forced stop.
#include <chrono>
#include <optional>
#include <string>
#include <utility>
#include <vector>

namespace cats_mcp::testing {

class ChildProcess {
 public:
  ChildProcess(const std::vector<std::string>& argv, const std::vector<std::pair<std::string, std::string>>& env);
  ~ChildProcess();
  ChildProcess(const ChildProcess&) = delete;
  ChildProcess& operator=(const ChildProcess&) = delete;

  void write(std::string_view bytes);
  void write_line(std::string_view line) { write(std::string(line) + "\n"); }
  // The next stdout line, or nullopt when none arrives in time (or stdout closed).
  std::optional<std::string> read_line(std::chrono::milliseconds timeout = std::chrono::seconds(10));
  void close_stdin();
  void signal(int sig);
  // Waits for exit; returns the exit status (or -signal), nullopt on timeout.
  std::optional<int> wait(std::chrono::milliseconds timeout = std::chrono::seconds(10));
  std::string stderr_text();  // everything written to stderr so far
  // Waits until stderr matches `pattern`; returns its first capture group (nullopt on timeout).
  std::optional<std::string> wait_for_stderr(const std::string& pattern,
                                             std::chrono::milliseconds timeout = std::chrono::seconds(5));
  int pid() const { return pid_; }

 private:
  void drain_stderr();
  int pid_ = -1;
  int in_ = -1, out_ = -1, err_ = -1;
  std::string out_buffer_, err_buffer_;
  std::optional<int> status_;
  std::string data_home_;  // a private XDG_DATA_HOME, so no test reads or writes the user's state
};

}  // namespace cats_mcp::testing
