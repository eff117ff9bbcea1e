#include "cats/curl_engine.hpp"

#include "util/log.hpp"
#include "util/metrics.hpp"

#include <boost/asio/executor_work_guard.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/posix/stream_descriptor.hpp>
#include <boost/asio/steady_timer.hpp>

#include <unistd.h>

#include <deque>
#include <thread>
#include <unordered_map>
#include <vector>

namespace cats_mcp::cats {
namespace asio = boost::asio;

namespace {
struct GlobalCurl {
  GlobalCurl() { curl_global_init(CURL_GLOBAL_DEFAULT); }
  ~GlobalCurl() { curl_global_cleanup(); }
};

TransportResult never_sent(TransportFailure failure, std::string detail) {
  TransportResult r;
  r.failure = failure;
  r.detail = std::move(detail);
  return r;
}
}  // namespace

// Everything below runs on the engine's one thread, except start() (which only posts) and the
// cancellation callbacks (which only post): libcurl's multi handles are never touched elsewhere.
//
// The loop drives several multi handles (shards), each with its own connection cache. libcurl
// looks for a reusable connection by walking every connection it keeps to the host, so with
// thousands of transfers in one multi each new transfer paid a walk over thousands of
// connections (measured: 4,096 in flight doubled the CPU per call). A transfer goes to the
// shard with the fewest running, so a quiet server still reuses one warm connection.
struct CurlEngine::Impl {
  static constexpr std::size_t kShards = 16;

  struct Shard {
    Shard(Impl& impl, asio::io_context& io) : impl(impl), timer(io) {}
    Impl& impl;
    CURLM* multi = nullptr;
    asio::steady_timer timer;  // the one timer libcurl asks this multi handle for
    std::size_t running = 0;
  };
  struct Transfer {
    std::uint64_t id = 0;
    std::unique_ptr<CurlExchange> exchange;
    Done done;
    std::uint64_t subscription = 0;                  // on the request's CancelToken
    std::chrono::steady_clock::time_point deadline;  // for the turn and the transfer together
    std::unique_ptr<asio::steady_timer> turn_timer;  // while it waits for a turn
    Shard* shard = nullptr;                          // while it runs
  };
  // A socket libcurl asked us to watch. The descriptor never owns the fd: libcurl opens and
  // closes its sockets, and release() (not close) ends our interest.
  struct Watch {
    Watch(asio::io_context& io, Shard& shard) : descriptor(io), shard(shard) {}
    asio::posix::stream_descriptor descriptor;
    Shard& shard;
    int wanted = 0;  // CURL_POLL_IN / OUT / INOUT
    bool reading = false, writing = false, gone = false;
  };

  Impl(CurlEngine& owner, std::size_t max_in_flight) : owner(owner), max_in_flight(std::max<std::size_t>(1, max_in_flight)) {
    static GlobalCurl global;
    for (std::size_t i = 0; i < kShards; ++i) {
      auto& shard = *shards.emplace_back(std::make_unique<Shard>(*this, io));
      shard.multi = curl_multi_init();
      curl_multi_setopt(shard.multi, CURLMOPT_SOCKETFUNCTION, &Impl::on_socket);
      curl_multi_setopt(shard.multi, CURLMOPT_SOCKETDATA, &shard);
      curl_multi_setopt(shard.multi, CURLMOPT_TIMERFUNCTION, &Impl::on_timer);
      curl_multi_setopt(shard.multi, CURLMOPT_TIMERDATA, &shard);
    }
    thread = std::thread([this] {
      // A handler that throws (it should not) is logged; the loop goes on serving the rest.
      for (;;) {
        try {
          io.run();
          return;
        } catch (const std::exception& e) {
          log(LogLevel::error, "CATS loop handler failed", {{"error", e.what()}});
        }
      }
    });
    thread_id = thread.get_id();
  }

  ~Impl() {
    work.reset();
    io.stop();
    if (thread.joinable()) thread.join();
    for (auto& [id, t] : transfers) {
      if (t->exchange->options().cancel) t->exchange->options().cancel->forget(t->subscription);
      if (t->shard) curl_multi_remove_handle(t->shard->multi, t->exchange->handle());
    }
    transfers.clear();
    for (auto& shard : shards) curl_multi_cleanup(shard->multi);  // may still report sockets to forget, and close them
    for (auto& [fd, watch] : watches) {
      watch->gone = true;
      watch->descriptor.release();
    }
    watches.clear();
  }

  // --- libcurl's callbacks (never call libcurl from these) ---

  static int on_socket(CURL*, curl_socket_t fd, int what, void* shard_ptr, void*) {
    auto& shard = *static_cast<Shard*>(shard_ptr);
    Impl& self = shard.impl;
    if (what == CURL_POLL_REMOVE) {
      self.unwatch(fd);
      return 0;
    }
    auto& watch = self.watches[fd];
    if (!watch) {
      watch = std::make_shared<Watch>(self.io, shard);
      boost::system::error_code ec;
      watch->descriptor.assign(fd, ec);
      if (ec) {  // cannot happen for a socket; fails the transfers on it rather than hang them
        log(LogLevel::error, "cannot watch a CATS socket", {{"error", ec.message()}});
        self.watches.erase(fd);
        return -1;
      }
    }
    watch->wanted = what;
    self.arm(fd, watch);
    return 0;
  }

  static int on_timer(CURLM*, long ms, void* shard_ptr) {
    auto& shard = *static_cast<Shard*>(shard_ptr);
    if (ms < 0) {
      shard.timer.cancel();
      return 0;
    }
    // Even 0 waits for the loop: libcurl must not be called from inside its own callback.
    shard.timer.expires_after(std::chrono::milliseconds(ms));
    shard.timer.async_wait([&shard](const boost::system::error_code& ec) {
      if (!ec) shard.impl.act(shard, CURL_SOCKET_TIMEOUT, 0);
    });
    return 0;
  }

  // libcurl closes its sockets through us, so a socket is forgotten by the loop before its fd
  // can be reused by another.
  static int on_close_socket(void* self_ptr, curl_socket_t fd) {
    static_cast<Impl*>(self_ptr)->unwatch(fd);
    return ::close(fd);
  }

  // --- sockets and timers ---

  void unwatch(int fd) {
    auto it = watches.find(fd);
    if (it == watches.end()) return;
    it->second->gone = true;
    it->second->descriptor.release();  // aborts its waits; the fd stays libcurl's
    watches.erase(it);
  }

  void arm(int fd, const std::shared_ptr<Watch>& watch) {
    if (watch->wanted & CURL_POLL_IN) wait_for(fd, watch, Direction::in);
    if (watch->wanted & CURL_POLL_OUT) wait_for(fd, watch, Direction::out);
  }

  enum class Direction { in, out };
  // One readiness wait in one direction (at most one pending each); when it fires, libcurl
  // works on the socket and the watch is armed again for what it wants then.
  void wait_for(int fd, const std::shared_ptr<Watch>& watch, Direction direction) {
    bool& pending = direction == Direction::in ? watch->reading : watch->writing;
    if (pending) return;
    pending = true;
    auto type = direction == Direction::in ? asio::posix::stream_descriptor::wait_read : asio::posix::stream_descriptor::wait_write;
    watch->descriptor.async_wait(type, [this, fd, watch, direction](const boost::system::error_code& ec) {
      (direction == Direction::in ? watch->reading : watch->writing) = false;
      if (ec || watch->gone) return;
      act(watch->shard, fd, direction == Direction::in ? CURL_CSELECT_IN : CURL_CSELECT_OUT);
      if (!watch->gone) arm(fd, watch);
    });
  }

  // Lets libcurl work on `fd` (or its timers) in `shard`, then completes what it finished.
  void act(Shard& shard, curl_socket_t fd, int events) {
    int still_running = 0;
    CURLMcode rc = curl_multi_socket_action(shard.multi, fd, events, &still_running);
    if (rc != CURLM_OK) log(LogLevel::error, "curl multi failed", {{"error", curl_multi_strerror(rc)}});
    while (true) {
      int left = 0;
      CURLMsg* message = curl_multi_info_read(shard.multi, &left);
      if (!message) break;
      if (message->msg != CURLMSG_DONE) continue;
      // The message does not survive remove_handle: take what it says first.
      CURL* easy = message->easy_handle;
      CURLcode code = message->data.result;
      char* private_id = nullptr;
      curl_easy_getinfo(easy, CURLINFO_PRIVATE, &private_id);
      auto it = transfers.find(std::uint64_t(reinterpret_cast<std::uintptr_t>(private_id)));
      if (it == transfers.end()) continue;
      complete(it->second->id, it->second->exchange->finish(code));
    }
  }

  // --- transfers ---

  void admit(std::unique_ptr<Transfer> t) {
    auto id = t->id;
    CancelToken* cancel = t->exchange->options().cancel;
    transfers.emplace(id, std::move(t));
    if (cancel) {
      // The token may fire on any thread: it only asks the loop to abort.
      auto subscription = cancel->on_cancel([this, id] { asio::post(io, [this, id] { abort(id); }); });
      if (auto it = transfers.find(id); it != transfers.end()) it->second->subscription = subscription;
    }
    auto it = transfers.find(id);
    if (it == transfers.end()) return;
    if (active < max_in_flight && queue.empty()) {
      launch(*it->second);
      return;
    }
    // Its turn comes when a running transfer ends; until then it may be cancelled (above), or
    // its time may run out: then it leaves the queue, never sent.
    Transfer& waiting = *it->second;
    queue.push_back(id);
    ++owner.waiting_;
    metrics().add_cats_requests(0, 1);
    waiting.turn_timer = std::make_unique<asio::steady_timer>(io, waiting.deadline);
    waiting.turn_timer->async_wait([this, id](const boost::system::error_code& ec) {
      if (ec) return;
      complete(id, never_sent(TransportFailure::no_slot,
                              std::to_string(max_in_flight) +
                                  " CATS requests were already in flight (--max-cats-inflight) and this one's turn did not come in time"));
    });
  }

  Shard& least_busy_shard() {
    Shard* best = shards.front().get();
    for (auto& shard : shards)
      if (shard->running < best->running) best = shard.get();
    return *best;
  }

  void launch(Transfer& t) {
    auto left = std::chrono::duration_cast<std::chrono::milliseconds>(t.deadline - std::chrono::steady_clock::now());
    t.exchange->set_timeout(std::max(std::chrono::milliseconds(1), left));
    CURL* easy = t.exchange->handle();
    curl_easy_setopt(easy, CURLOPT_PRIVATE, reinterpret_cast<char*>(std::uintptr_t(t.id)));
    curl_easy_setopt(easy, CURLOPT_CLOSESOCKETFUNCTION, &Impl::on_close_socket);
    curl_easy_setopt(easy, CURLOPT_CLOSESOCKETDATA, this);
    Shard& shard = least_busy_shard();
    if (CURLMcode rc = curl_multi_add_handle(shard.multi, easy); rc != CURLM_OK) {
      complete(t.id, never_sent(TransportFailure::connect_failed,
                                std::string("could not start the request: ") + curl_multi_strerror(rc)));
      return;
    }
    t.shard = &shard;
    ++shard.running;
    ++active;
    ++owner.running_;
    metrics().add_cats_requests(1, 0);
  }

  void abort(std::uint64_t id) {
    auto it = transfers.find(id);
    if (it == transfers.end()) return;  // finished meanwhile
    bool was_running = it->second->shard != nullptr;
    complete(id, never_sent(TransportFailure::cancelled,
                            was_running ? "cancelled while waiting for CATS" : "cancelled before it was sent"));
  }

  // Ends a transfer exactly once: it leaves its multi handle (which may close its connection),
  // its subscription and slot are given back, the next waiting request gets its turn, and
  // `done` runs in a handler of its own (never inside libcurl).
  void complete(std::uint64_t id, TransportResult result) {
    auto it = transfers.find(id);
    if (it == transfers.end()) return;
    std::unique_ptr<Transfer> t = std::move(it->second);
    transfers.erase(it);
    if (auto* cancel = t->exchange->options().cancel) cancel->forget(t->subscription);
    if (t->shard) {
      curl_multi_remove_handle(t->shard->multi, t->exchange->handle());
      --t->shard->running;
      --active;
      --owner.running_;
      metrics().add_cats_requests(-1, 0);
    } else if (t->turn_timer) {
      t->turn_timer->cancel();
      std::erase(queue, id);
      --owner.waiting_;
      metrics().add_cats_requests(0, -1);
    }
    asio::post(io, [done = std::move(t->done), result = std::move(result)]() mutable { done(std::move(result)); });
    // The exchange (and its easy handle) goes now; the next in line starts.
    t.reset();
    while (active < max_in_flight && !queue.empty()) {
      auto next = transfers.find(queue.front());
      queue.pop_front();
      if (next == transfers.end()) continue;
      --owner.waiting_;
      metrics().add_cats_requests(0, -1);
      next->second->turn_timer.reset();
      launch(*next->second);
    }
  }

  CurlEngine& owner;
  std::size_t max_in_flight;
  asio::io_context io{1};
  asio::executor_work_guard<asio::io_context::executor_type> work{io.get_executor()};
  std::vector<std::unique_ptr<Shard>> shards;
  std::unordered_map<std::uint64_t, std::unique_ptr<Transfer>> transfers;
  std::deque<std::uint64_t> queue;
  std::size_t active = 0;
  std::unordered_map<int, std::shared_ptr<Watch>> watches;
  std::atomic<std::uint64_t> next_id{0};
  std::thread thread;
  std::thread::id thread_id;
};

CurlEngine::CurlEngine(std::size_t max_in_flight) : impl_(std::make_unique<Impl>(*this, max_in_flight)) {}

CurlEngine::~CurlEngine() { stop(); }

void CurlEngine::stop() {
  std::unique_ptr<Impl> impl;
  {
    std::lock_guard lock(stop_mutex_);
    impl = std::move(impl_);
  }
  impl.reset();  // joins the loop's thread, then drops what is still pending
}

void CurlEngine::start(std::unique_ptr<CurlExchange> exchange, Done done) {
  if (!impl_) {  // stopped: the process is ending
    done(never_sent(TransportFailure::cancelled, "the server is stopping"));
    return;
  }
  if (!exchange->handle()) {
    asio::post(impl_->io, [done = std::move(done)] {
      done(never_sent(TransportFailure::connect_failed, "could not create an HTTP handle"));
    });
    return;
  }
  auto t = std::make_unique<Impl::Transfer>();
  t->id = ++impl_->next_id;
  t->deadline = std::chrono::steady_clock::now() + exchange->options().timeout;
  t->exchange = std::move(exchange);
  t->done = std::move(done);
  asio::post(impl_->io, [impl = impl_.get(), t = std::move(t)]() mutable { impl->admit(std::move(t)); });
}

boost::asio::any_io_executor CurlEngine::executor() { return impl_->io.get_executor(); }

bool CurlEngine::on_engine_thread() const { return std::this_thread::get_id() == impl_->thread_id; }

}  // namespace cats_mcp::cats
