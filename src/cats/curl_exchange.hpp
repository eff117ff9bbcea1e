#pragma once
// One CatsRequest as a libcurl easy handle: the options that make it a safe CATS request (the
// caps, the timeouts, a POST that never rides a reused connection), the buffers those options
// point at, and what the finished transfer says. It owns everything libcurl reads while the
// transfer runs, so it must live until the transfer has left its multi handle.
#include "cats/transport.hpp"

#include <curl/curl.h>

#include <memory>
#include <string>

namespace cats_mcp::cats {

class CurlExchange {
 public:
  // Takes the request and options (the body is read from here while it uploads).
  CurlExchange(const std::string& base_url, CatsRequest request, SendOptions options);
  ~CurlExchange();
  CurlExchange(const CurlExchange&) = delete;
  CurlExchange& operator=(const CurlExchange&) = delete;

  // Null when libcurl could not make a handle.
  CURL* handle() const { return easy_; }
  const CatsRequest& request() const { return request_; }
  const SendOptions& options() const { return options_; }
  // The whole transfer's limit, set again when the request waited for its turn.
  void set_timeout(std::chrono::milliseconds timeout);
  // What the finished transfer (libcurl's code for it) means for the caller: the answer, or
  // how it failed. Called once.
  TransportResult finish(CURLcode code);

  // Where the transfer's counters and the answer so far live (libcurl's callbacks write here).
  struct Received {
    CatsResponse response;
    std::size_t bytes = 0;   // header and body bytes, counted against the cap
    bool too_large = false;  // the cap was passed: the transfer was aborted
    std::size_t cap = 0;
    std::size_t upload_size = 0;
    std::function<void(size_t, size_t)> upload_progress;
  };

 private:
  CatsRequest request_;
  SendOptions options_;
  std::string url_;
  CURL* easy_ = nullptr;
  curl_slist* headers_ = nullptr;
  char error_[CURL_ERROR_SIZE] = {0};
  Received received_;
};

}  // namespace cats_mcp::cats
