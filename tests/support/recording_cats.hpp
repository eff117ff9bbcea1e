#pragma once
// A local stand-in for CATS for tests: a real HTTP/1.1 server on 127.0.0.1 that records
// every request it receives and answers through a handler (by default, plausible CATS v3
// answers: HAL records and collections, 201 + Location for creates, 204 for updates).
#include <boost/json.hpp>

#include <atomic>
#include <chrono>
#include <functional>
#include <future>
#include <map>
#include <memory>
#include <string>
#include <thread>
#include <utility>
#include <vector>

namespace cats_mcp::testing {

struct RecordedRequest {
  std::string method;
  std::string target;  // as received, without the /v3 prefix
  std::string path;    // target without the query
  std::vector<std::pair<std::string, std::string>> query;  // decoded, in order
  std::map<std::string, std::string> headers;              // names lower-cased
  std::string body;
  std::size_t nth_on_connection = 0;  // 0 for the first request its connection carried
};

struct StandinResponse {
  int status = 200;
  std::vector<std::pair<std::string, std::string>> headers;
  std::string body;
  // How the answer goes on the wire: anything but `answer` plays a broken or hostile CATS.
  enum class Wire {
    answer,                // a well-formed HTTP/1.1 response
    close_without_answer,  // the request is read, then the connection closes unanswered
    raw_then_close,        // `body` is written as is (no status line, not HTTP), then the connection closes
    endless_body,          // a 200 with `headers`, then body bytes until the client hangs up
  };
  Wire wire = Wire::answer;
};

using StandinHandler = std::function<StandinResponse(const RecordedRequest&)>;

// The default answers: GET of a collection path -> a one-item HAL page with next link; GET of a
// record -> {id, _links}; POST create -> 201 + Location .../123; POST /contacts/search ->
// collection; PUT/DELETE and tag/status POSTs -> 204. Every answer carries rate-limit headers.
StandinResponse default_cats_answer(const RecordedRequest& request);

// The default answers, but GET /contacts/1 takes 1.5 s: a CATS call that is still running
// while the test does something else (pings, cancellations).
StandinResponse slow_contact_one(const RecordedRequest& request);

class RecordingCats {
 public:
  explicit RecordingCats(StandinHandler handler = default_cats_answer);
  ~RecordingCats();
  RecordingCats(const RecordingCats&) = delete;
  RecordingCats& operator=(const RecordingCats&) = delete;

  std::string base_url() const;  // "http://127.0.0.1:<port>/v3"
  std::vector<RecordedRequest> requests() const;
  void clear();
  void set_handler(StandinHandler handler);
  std::size_t connection_count() const;  // TCP connections accepted so far

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

// A CATS stand-in whose answers wait (at most 10 s) until the test lets them go: calls that are
// surely still running while the test cancels, disconnects or calls something else.
struct HeldCats {
  std::promise<void> let_go;
  std::shared_future<void> released = let_go.get_future().share();
  std::atomic<int> held{0};
  RecordingCats cats{[this](const RecordedRequest& r) {
    ++held;
    released.wait_for(std::chrono::seconds(10));
    return default_cats_answer(r);
  }};
  bool wait_until_held(int n) {
    for (int i = 0; i < 500 && held < n; ++i) std::this_thread::sleep_for(std::chrono::milliseconds(20));
    return held >= n;
  }
  void release() { let_go.set_value(); }
};

}  // namespace cats_mcp::testing
