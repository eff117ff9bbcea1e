#include "http/http_server.hpp"

#include "http/calls_in_flight.hpp"
#include "http/client_connection_limit.hpp"
#include "http/modern_post.hpp"
#include "http/request_admission.hpp"
#include "http/scope_policy.hpp"
#include "http/session_registry.hpp"
#include "mcp/internal_error.hpp"
#include "util/escaped_exceptions.hpp"
#include "util/listen.hpp"
#include "util/log.hpp"
#include "util/metrics.hpp"

#include <boost/asio.hpp>
#include <boost/asio/experimental/concurrent_channel.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>

#include <sys/socket.h>

#include <atomic>
#include <cerrno>
#include <thread>

namespace cats_mcp::http {
namespace asio = boost::asio;
namespace beast = boost::beast;
namespace bhttp = beast::http;
namespace json = boost::json;
using tcp = asio::ip::tcp;
using Request = bhttp::request<bhttp::string_body>;
using Response = bhttp::response<bhttp::string_body>;

bool is_loopback(const std::string& host) {
  boost::system::error_code ec;
  auto address = asio::ip::make_address(host, ec);
  return host == "localhost" || (!ec && address.is_loopback());
}

namespace {

// A call's messages, from the worker that runs it to the connection that writes them.
struct Streamed {
  bool final = false;  // the response (after any notifications)
  int code = 0;        // the response's JSON-RPC error code; 0 for a result or a notification
  std::string text;    // JSON; empty in a final message: the call was cancelled
};
using CallChannel = asio::experimental::concurrent_channel<void(boost::system::error_code, Streamed)>;

struct Server {
  mcp::ToolProvider& provider;
  mcp::ServerOptions server_options;
  HttpOptions options;
  asio::thread_pool workers;             // calls that may block a thread (they ask the client)
  asio::thread_pool in_process_workers;  // calls the sandbox answers in process: CPU work
  CallsInFlight calls;                   // every call running, for a drain past its deadline
  SessionRegistry sessions;
  mcp::ModernHandler modern;       // 2026-07-28 requests: stateless, shared by every connection
  ToolHeaderParams header_params;  // each tool's x-mcp-header arguments
  ScopePolicy scopes;              // what a token without cats.write may call and see
  std::atomic<std::size_t> connections{0};
  ClientConnectionLimit per_client;
  std::atomic<std::size_t> in_flight{0};
  std::atomic<bool> stopping{false};
  // Declared last, so destroyed first: destroying it destroys the coroutine frames of
  // connections still parked at stop (an idle keep-alive waiting for headers), and their
  // destructors give back their slots in `connections` and `per_client`, which must still exist.
  asio::io_context io;

  Server(mcp::ToolProvider& p, const mcp::ServerOptions& so, HttpOptions o)
      : provider(p), server_options(so), options(std::move(o)), workers(options.workers),
        in_process_workers(options.in_process_workers), sessions(options.max_sessions, options.session_idle,
                 // Without tokens every client is the one principal "local": a share would cap them all.
                 options.authenticates() ? options.max_sessions_per_principal : options.max_sessions),
        modern(p, so), header_params(tool_header_params(p)), scopes(p), per_client(options.max_connections_per_client), io(int(options.io_threads)) {}

  std::unique_ptr<mcp::Session> make_protocol() {
    // Over HTTP every notification belongs to a request and travels on its stream (PendingCall::notify).
    return std::make_unique<mcp::Session>(provider, server_options, [](const json::object&) {});
  }

  // A protocol state of its own for one request (a stateless call, or an initialize whose
  // shared session is held once its id is minted).
  std::shared_ptr<HttpSession> unheld_session(const std::string& principal) {
    auto session = std::make_shared<HttpSession>();
    session->principal = principal;
    session->protocol = make_protocol();
    return session;
  }

  // The legacy session `id` names for `principal`; nullptr when there is none. A shared
  // session's ticket is opened on every request, so a DELETE or a new log level through another
  // replica counts here at once; one this replica does not hold yet is continued from it.
  std::shared_ptr<HttpSession> find_session(const std::string& id, const std::string& principal,
                                            std::optional<SessionTicket>& ticket) {
    auto held = sessions.find(id, principal);
    if (!options.shared_sessions) return held;
    ticket = options.shared_sessions->open(id, principal);
    if (!ticket) {
      if (held) sessions.remove(id, principal);  // ended through another replica
      return nullptr;
    }
    if (held) {
      if (ticket->state.log_level) held->protocol->set_log_level(*ticket->state.log_level);
      return held;
    }
    auto continued = unheld_session(principal);
    continued->id = id;
    continued->protocol->resume(ticket->state);
    return sessions.adopt(std::move(continued));
  }

  // DELETE: whether there was a session to end (a shared one stays ended on every replica);
  // nullopt when the state database could not say or record it.
  std::optional<bool> try_end_session(const std::string& id, const std::string& principal) {
    if (!options.shared_sessions) return sessions.remove(id, principal);
    try {
      auto ticket = options.shared_sessions->open(id, principal);
      if (!ticket) return false;
      options.shared_sessions->note_ended(*ticket);
    } catch (const std::exception& e) {
      log(LogLevel::error, "the state database did not record a session's end", {{"error", e.what()}});
      return std::nullopt;
    }
    sessions.remove(id, principal);
    return true;
  }
};

Response plain(const Request& req, bhttp::status status, std::string body, std::string_view type = "application/json") {
  Response res{status, req.version()};
  res.set(bhttp::field::content_type, type);
  res.keep_alive(req.keep_alive());
  res.body() = std::move(body);
  res.prepare_payload();
  return res;
}

Response rpc_error(const Request& req, bhttp::status status, int code, std::string_view message) {
  return plain(req, status, json::serialize(mcp::make_error(nullptr, code, message)));
}

Response too_many_sessions(const Request& req) {
  return rpc_error(req, bhttp::status::service_unavailable, mcp::kInternalError, "Too many sessions; try again later.");
}

// A shared session's note could not be read or written: the state database is unreachable.
// Refused rather than served on a guess (the session may have been ended elsewhere).
Response state_unreachable(const Request& req, const std::exception& e) {
  log(LogLevel::error, "the state database did not answer a session lookup", {{"error", e.what()}});
  return rpc_error(req, bhttp::status::service_unavailable, mcp::kInternalError,
                   "The server cannot reach its state database to check this session; try again shortly.");
}

bool accepts(const Request& req, std::string_view type) {
  auto accept = req[bhttp::field::accept];
  return accept.find(type) != std::string_view::npos || accept.find("*/*") != std::string_view::npos;
}

std::string sse_event(std::string_view data) { return "event: message\ndata: " + std::string(data) + "\n\n"; }
std::string sse_event(std::string_view data, std::uint64_t id) { return "id: " + std::to_string(id) + "\n" + sse_event(data); }

// Counts a tool call from its acceptance until its answer is written, so a drain waits for
// answers to reach their clients, not only for calls to finish.
struct InFlight {
  std::atomic<std::size_t>& n;
  explicit InFlight(std::atomic<std::size_t>& count) : n(count) { ++n; }
  ~InFlight() { --n; }
};

// LSP's RequestCancelled, which MCP clients know: the answer to a call cancelled by
// notifications/cancelled, by DELETE of its session or by its client resetting the connection.
constexpr int kRequestCancelled = -32800;

// How a call runs: its era's run() (on a thread) and start() (on the CATS loop), and what must
// live until the call ends (a legacy session the client may delete meanwhile; nothing for the
// modern era, whose handler is the server's).
struct CallRunner {
  std::function<std::optional<json::object>(mcp::PendingCall&)> run;
  std::function<void(mcp::PendingCall, mcp::Answered)> start;
  std::shared_ptr<void> keep_alive;
};

// A call's JSON-RPC response as text, and its error code (0 for a result).
struct CallAnswer {
  std::string text;
  int code = 0;
};

// Over HTTP a cancelled call still gets an answer: its POST is waiting for one, and an empty
// 202 to a request would leave a client nothing to match.
CallAnswer answer_of(const json::value& id, std::optional<json::object> response) {
  if (response) return {json::serialize(*response), mcp::error_code(*response)};
  return {json::serialize(mcp::make_error(id, kRequestCancelled, "Request cancelled")), kRequestCancelled};
}

using Deliver = std::function<void(CallAnswer)>;  // called once, from any thread

// Runs the call where its kind says and hands its answer to `deliver`. A call that waits on
// CATS is started and holds no thread; CPU work (the sandbox) runs on a thread per core; a call
// that may block (it asks the client) gets a worker of its own. Network waits and CPU work are
// never queued behind each other.
void dispatch_call(Server& server, mcp::CallKind kind, CallRunner runner, mcp::PendingCall call, Deliver deliver) {
  // Counted until its answer is delivered, so a drain past its deadline can cancel it.
  deliver = [ticket = server.calls.add(call.cancel), deliver = std::move(deliver)](CallAnswer answer) {
    deliver(std::move(answer));
  };
  if (kind == mcp::CallKind::waits) {
    auto id = call.id;
    try {
      runner.start(std::move(call), [id, deliver, keep = runner.keep_alive](std::optional<json::object> response) {
        deliver(answer_of(id, std::move(response)));
      });
    } catch (...) {
      deliver({json::serialize(mcp::internal_error(id, "tool call", std::current_exception())), mcp::kInternalError});
    }
    return;
  }
  auto& pool = kind == mcp::CallKind::in_process ? server.in_process_workers : server.workers;
  asio::post(pool, [runner = std::move(runner), call = std::move(call), deliver = std::move(deliver)]() mutable {
    auto response = mcp::answer_or_internal_error(call.id, "tool call", [&] { return runner.run(call); });
    deliver(answer_of(call.id, std::move(response)));
  });
}

// Runs a call and resumes the waiting connection, on its own strand, with the answer.
asio::awaitable<CallAnswer> await_call(Server& server, mcp::CallKind kind, CallRunner runner, mcp::PendingCall call) {
  auto initiate = [&server, kind](auto handler, CallRunner runner, mcp::PendingCall pending) {
    // Deliver is copyable; the coroutine's handler is not.
    auto resume = std::make_shared<decltype(handler)>(std::move(handler));
    dispatch_call(server, kind, std::move(runner), std::move(pending), [resume](CallAnswer answer) {
      auto io = asio::get_associated_executor(*resume);
      asio::post(io, [resume, answer = std::move(answer)]() mutable { std::move(*resume)(std::move(answer)); });
    });
  };
  return asio::async_initiate<const asio::use_awaitable_t<>, void(CallAnswer)>(initiate, asio::use_awaitable,
                                                                                 std::move(runner), std::move(call));
}

// Runs a call whose progress and log notifications stream to the client: each one, and then
// the response, arrive on `channel`.
void start_streaming_call(Server& server, mcp::CallKind kind, CallRunner runner, mcp::PendingCall call,
                          std::shared_ptr<CallChannel> channel) {
  call.notify = [channel](const json::object& m) {
    channel->try_send(boost::system::error_code{}, Streamed{false, 0, json::serialize(m)});
  };
  dispatch_call(server, kind, std::move(runner), std::move(call), [channel](CallAnswer answer) {
    // The final message must not be lost: wait for room rather than drop it.
    asio::co_spawn(channel->get_executor(),
                   [channel, answer = std::move(answer)]() mutable -> asio::awaitable<void> {
                     // A named message, never an aggregate temporary inside the co_await's
                     // full-expression: g++ 12 destroyed that temporary twice (a double free).
                     Streamed last{true, answer.code, std::move(answer.text)};
                     co_await channel->async_send(boost::system::error_code{}, std::move(last), asio::use_awaitable);
                   },
                   log_escaped("streamed answer"));
  });
}

// Watches the client's socket while its call runs, without reading from it, and cancels the
// call when the client has gone: a reset (or another socket error) always, since nobody can
// read the answer any more. End of input cancels only where `end_of_input_cancels`: in the
// modern era closing the stream is how a client cancels, while a legacy client may half-close
// (shutdown(SHUT_WR)) after its request and still read the answer, and its spec says a
// disconnect is no cancellation; after such an end of input a one-second probe still notices a
// reset. Bytes from the client (its next request, pipelined) end the watch. Costs nothing while
// the socket is quiet: one registered wait, no timer, no thread.
class ClientWatch {
 public:
  ClientWatch(tcp::socket& socket, std::shared_ptr<CancelToken> cancel, bool end_of_input_cancels)
      : state_(std::make_shared<State>(State{socket, std::move(cancel), end_of_input_cancels})) {
    wait(state_);
  }
  // On the connection's strand, like every handler here: after it, the watch touches nothing.
  ~ClientWatch() { state_->active = false; }
  ClientWatch(const ClientWatch&) = delete;
  ClientWatch& operator=(const ClientWatch&) = delete;

 private:
  struct State {
    tcp::socket& socket;
    std::shared_ptr<CancelToken> cancel;
    bool end_of_input_cancels;
    bool active = true;
    std::optional<asio::steady_timer> probe_timer;
  };
  static void wait(const std::shared_ptr<State>& state) {
    state->socket.async_wait(tcp::socket::wait_read, [state](const boost::system::error_code& ec) {
      if (state->active && !ec) look(state);
    });
  }
  static void look(const std::shared_ptr<State>& state) {
    char byte;
    auto n = ::recv(state->socket.native_handle(), &byte, 1, MSG_PEEK | MSG_DONTWAIT);
    if (n > 0) return;  // the client is there, sending its next request
    if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK || errno == EINTR)) return wait(state);
    if (n < 0 || state->end_of_input_cancels) {
      state->cancel->cancel();
      return;
    }
    // A legacy half-close: the answer is still wanted; only a later reset would end the call.
    if (!state->probe_timer) state->probe_timer.emplace(state->socket.get_executor());
    state->probe_timer->expires_after(std::chrono::seconds(1));
    state->probe_timer->async_wait([state](const boost::system::error_code& ec) {
      if (state->active && !ec) look(state);
    });
  }

  std::shared_ptr<State> state_;
};

// Admission that needs an OAuth issuer's keys fetched first: decided on a worker, where waiting
// on the network blocks no connection, while this coroutine waits without holding a thread.
asio::awaitable<Admission> admit_off_io_thread(Server& server, const bhttp::request_header<>& head) {
  using AdmissionChannel = asio::experimental::concurrent_channel<void(boost::system::error_code, Admission)>;
  auto channel = std::make_shared<AdmissionChannel>(co_await asio::this_coro::executor, 1);
  asio::post(server.workers, [&server, head, channel] {
    Admission decided = admit(head, server.options, /*may_fetch=*/true);
    channel->try_send(boost::system::error_code{}, std::move(decided));
  });
  auto [ec, decided] = co_await channel->async_receive(asio::as_tuple(asio::use_awaitable));
  co_return decided;
}

// Receives the call's next message into `into`; false once the channel is closed.
asio::awaitable<bool> receive(std::shared_ptr<CallChannel> channel, Streamed& into) {
  auto received = co_await channel->async_receive(asio::as_tuple(asio::use_awaitable));
  if (std::get<0>(received)) co_return false;
  into = std::move(std::get<1>(received));
  co_return true;
}

// Waits for the call to end, dropping what it still sends.
asio::awaitable<void> drain(std::shared_ptr<CallChannel> channel) {
  Streamed message;
  while (co_await receive(channel, message))
    if (message.final) co_return;
}

asio::awaitable<void> write(beast::tcp_stream& stream, Response res) {
  metrics().count_http(res.result_int());
  co_await bhttp::async_write(stream, res, asio::as_tuple(asio::use_awaitable));
}

// How a tools/call's answer travels, by era.
struct CallStyle {
  bool modern = false;      // statuses by error code, no SSE event ids, a closed stream cancels
  bool wants_log = false;   // log notifications may come, so an SSE stream is worth opening
  // Legacy, in a session: the tool may ask the client something on its stream, and the answer
  // comes back as a POST to the session.
  bool may_ask = false;
  std::string session_id;   // legacy: echoed in Mcp-Session-Id
};

// Answers a tools/call: as JSON, or as an SSE stream when notifications should reach the client.
asio::awaitable<void> answer_call(Server& server, beast::tcp_stream& stream, const Request& req, CallRunner runner,
                                  mcp::PendingCall call, const CallStyle& style) {
  InFlight counted(server.in_flight);
  bool wants_stream =
      accepts(req, "text/event-stream") && (!call.progress_token.is_null() || style.wants_log || style.may_ask);
  call.client_reachable = wants_stream && style.may_ask;
  // The socket stays open until the answer arrives (also after a failed SSE write, below), so
  // the watch never looks at a closed or reused descriptor. A closed stream cancels a modern
  // call, and a call that may ask its client something: its question and its answer could only
  // travel on that stream.
  // A call answered in process takes microseconds and is not interruptible: nothing to watch.
  auto kind = mcp::call_kind(server.provider, call);
  std::optional<ClientWatch> watch;
  if (kind != mcp::CallKind::in_process) watch.emplace(stream.socket(), call.cancel, style.modern || style.may_ask);

  if (!wants_stream) {
    call.notify = [](const json::object&) {};  // a JSON response carries no notifications
    CallAnswer answer = co_await await_call(server, kind, std::move(runner), std::move(call));
    auto status = style.modern ? bhttp::status(modern_status(answer.code)) : bhttp::status::ok;
    auto res = plain(req, status, std::move(answer.text));
    if (!style.session_id.empty()) res.set("Mcp-Session-Id", style.session_id);
    co_await write(stream, std::move(res));
    co_return;
  }

  auto channel = std::make_shared<CallChannel>(stream.get_executor(), 256);
  auto cancel = call.cancel;  // a failed write cancels at once: after it the probe sees no error
  start_streaming_call(server, kind, std::move(runner), std::move(call), channel);
  Streamed message;
  bool unwritten = false;  // `message` was received and not yet written
  if (style.modern) {
    // Nothing is written before the first message: a call that ends before it sends any
    // notification is answered as plain JSON, so its status can still say what the error is
    // (400 for -32021, which the revision requires even in-band).
    if (!co_await receive(channel, message)) co_return;
    if (message.final) {
      co_await write(stream, plain(req, bhttp::status(modern_status(message.code)), std::move(message.text)));
      co_return;
    }
    unwritten = true;
  }
  bhttp::response<bhttp::empty_body> head{bhttp::status::ok, req.version()};
  head.set(bhttp::field::content_type, "text/event-stream");
  head.set(bhttp::field::cache_control, "no-cache");
  // A buffering proxy (nginx) would hold progress back until the answer: the spec asks for this.
  head.set("X-Accel-Buffering", "no");
  if (!style.session_id.empty()) head.set("Mcp-Session-Id", style.session_id);
  head.keep_alive(req.keep_alive());
  head.chunked(true);
  bhttp::response_serializer<bhttp::empty_body> serializer{head};
  metrics().count_http(200);
  auto [hec, hn] = co_await bhttp::async_write_header(stream, serializer, asio::as_tuple(asio::use_awaitable));
  if (hec) {  // the client left: cancel the call and wait for it to end
    cancel->cancel();
    if (!(unwritten && message.final)) co_await drain(channel);
    co_return;
  }
  // Legacy streams are resumable in principle, so their events carry ids (and a priming event
  // opens them); a modern stream belongs to one request and has neither.
  static std::atomic<std::uint64_t> event_ids{1};
  if (!style.modern) {
    std::string priming = "id: " + std::to_string(event_ids++) + "\ndata: \n\n";
    co_await asio::async_write(stream, bhttp::make_chunk(asio::buffer(priming)), asio::as_tuple(asio::use_awaitable));
  }
  for (;;) {
    if (!unwritten && !co_await receive(channel, message)) break;
    unwritten = false;
    if (!message.text.empty()) {
      auto event = style.modern ? sse_event(message.text) : sse_event(message.text, event_ids++);
      auto [wec, wn] = co_await asio::async_write(stream, bhttp::make_chunk(asio::buffer(event)), asio::as_tuple(asio::use_awaitable));
      if (wec) {  // the client left: cancel the call, wait for it to end, drop the result
        cancel->cancel();
        if (!message.final) co_await drain(channel);
        co_return;
      }
    }
    if (message.final) break;
  }
  co_await asio::async_write(stream, bhttp::make_chunk_last(), asio::as_tuple(asio::use_awaitable));
}

asio::awaitable<void> accepted(beast::tcp_stream& stream, const Request& req) {
  Response res{bhttp::status::accepted, req.version()};
  res.keep_alive(req.keep_alive());
  res.prepare_payload();
  co_await write(stream, std::move(res));
}

// A modern (2026-07-28) POST: checked and served on its own; any Mcp-Session-Id is ignored.
asio::awaitable<void> handle_modern_post(Server& server, beast::tcp_stream& stream, const Request& req, mcp::Message& message,
                                         const std::string& principal, bool may_write) {
  HeaderLookup header = [&req](std::string_view name) -> std::optional<std::string_view> {
    auto it = req.find(name);
    if (it == req.end()) return std::nullopt;
    return it->value();
  };
  ModernReply reply = answer_modern_post(server.modern, message, header, server.header_params, principal);
  if (reply.call) {
    reply.call->principal = principal;
    CallStyle style{.modern = true, .wants_log = reply.call->log_level.has_value(), .may_ask = false, .session_id = {}};
    CallRunner runner{[&server](mcp::PendingCall& call) { return server.modern.run(call); },
                      [&server](mcp::PendingCall call, mcp::Answered done) { server.modern.start(std::move(call), std::move(done)); },
                      nullptr};
    co_await answer_call(server, stream, req, std::move(runner), std::move(*reply.call), style);
  } else if (reply.response) {
    if (!may_write) server.scopes.trim_for_read_only(message, *reply.response);
    co_await write(stream, plain(req, bhttp::status(reply.status), json::serialize(*reply.response)));
  } else {
    co_await accepted(stream, req);
  }
}

asio::awaitable<void> handle_post(Server& server, beast::tcp_stream& stream, const Request& req, const Admission& admitted) {
  const std::string& principal = admitted.principal;
  auto started = std::chrono::steady_clock::now();
  json::object parse_error;
  auto message = mcp::parse_message(req.body(), parse_error);
  if (!message) {
    co_await write(stream, plain(req, bhttp::status::bad_request, json::serialize(parse_error)));
    co_return;
  }
  if (message->kind == mcp::Message::Kind::invalid) {
    co_await write(stream, plain(req, bhttp::status::bad_request,
                                 json::serialize(mcp::make_error(message->id, mcp::kInvalidRequest, "Invalid Request: " + message->problem))));
    co_return;
  }
  auto observe = [&] {
    metrics().observe_request(message->method,
                              std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count());
  };
  // An OAuth token without cats.write calls only the read-only tools (in either era).
  if (!admitted.may_write && !server.scopes.allows_read_only(*message)) {
    auto res = rpc_error(req, bhttp::status::forbidden, mcp::kInvalidRequest,
                         "Forbidden: this tool changes CATS data, and the access token lacks the cats.write scope");
    res.set(bhttp::field::www_authenticate, server.options.oauth->insufficient_scope_challenge(kWriteScope));
    co_await write(stream, std::move(res));
    co_return;
  }
  if (is_modern_post(*message, req["MCP-Protocol-Version"])) {
    co_await handle_modern_post(server, stream, req, *message, principal, admitted.may_write);
    if (message->kind == mcp::Message::Kind::request) observe();
    co_return;
  }
  if (auto version = req["MCP-Protocol-Version"]; !version.empty() && !mcp::is_supported_version(version)) {
    co_await write(stream, rpc_error(req, bhttp::status::bad_request, mcp::kInvalidRequest,
                                     "Unsupported MCP-Protocol-Version: " + std::string(version) +
                                         " (supported: " + mcp::supported_versions_text() + ")"));
    co_return;
  }

  std::shared_ptr<HttpSession> session;
  std::optional<SessionTicket> ticket;  // a shared session's
  std::string session_id(req["Mcp-Session-Id"]);
  const bool initializes = message->kind == mcp::Message::Kind::request && message->method == "initialize";
  if (!session_id.empty()) {
    std::optional<Response> refused;
    try {
      session = server.find_session(session_id, principal, ticket);
    } catch (const std::exception& e) {
      refused = state_unreachable(req, e);
    }
    if (refused) {
      co_await write(stream, std::move(*refused));
      co_return;
    }
    if (!session) {
      co_await write(stream, rpc_error(req, bhttp::status::not_found, mcp::kInvalidRequest,
                                       "Session not found: it ended or expired. Send initialize to start a new one."));
      co_return;
    }
  } else if (initializes && server.options.shared_sessions) {
    // Its id seals what initialize settles, so it is minted (and the session held) afterwards.
    session = server.unheld_session(principal);
  } else if (initializes) {
    session = server.sessions.create(principal, [&] { return server.make_protocol(); });
    if (!session) {
      co_await write(stream, too_many_sessions(req));
      co_return;
    }
    session_id = session->id;
  } else {
    // A stateless call gets a protocol state of its own: nothing it does (a log level, a
    // cancellation by request id) can reach another client's calls.
    session = server.unheld_session(principal);
  }
  mcp::Session& protocol = *session->protocol;

  std::optional<mcp::PendingCall> call;
  auto response = mcp::answer_or_internal_error(message->id, "request", [&] { return protocol.handle(*message, call); });
  if (response && response->contains("result")) {
    if (initializes && server.options.shared_sessions) {
      session->id = session_id = server.options.shared_sessions->mint(principal, protocol.state());
      if (!server.sessions.adopt(session)) {
        co_await write(stream, too_many_sessions(req));
        co_return;
      }
    } else if (ticket && message->method == "logging/setLevel") {
      try {
        server.options.shared_sessions->note_log_level(*ticket, *protocol.state().log_level);  // for every replica
      } catch (const std::exception& e) {
        log(LogLevel::error, "the state database did not record a session's log level", {{"error", e.what()}});
        response = mcp::make_error(message->id, mcp::kInternalError,
                                   "The log level was not shared with the other replicas (the state database is "
                                   "unreachable); try again shortly.");
      }
    }
  }
  if (message->kind != mcp::Message::Kind::request) {
    co_await accepted(stream, req);
    co_return;
  }
  if (call) {
    call->principal = principal;
    CallStyle style{.modern = false, .wants_log = protocol.wants_log(LogLevel::debug),
                    .may_ask = !session_id.empty() && call->tool->may_ask_client, .session_id = session_id};
    // The runner holds the session (and so `protocol`) until the call is done, even if the
    // client deletes the session or disconnects meanwhile.
    CallRunner runner{[&protocol](mcp::PendingCall& c) { return protocol.run(c); },
                      [&protocol](mcp::PendingCall c, mcp::Answered done) { protocol.start(std::move(c), std::move(done)); },
                      session};
    co_await answer_call(server, stream, req, std::move(runner), std::move(*call), style);
  } else if (response) {
    if (!admitted.may_write) server.scopes.trim_for_read_only(*message, *response);
    auto res = plain(req, bhttp::status::ok, json::serialize(*response));
    if (!session_id.empty()) res.set("Mcp-Session-Id", session_id);
    co_await write(stream, std::move(res));
  }
  observe();
}

// Serves a request that passed admission (request_admission.hpp) and whose body has been read.
asio::awaitable<void> handle(Server& server, beast::tcp_stream& stream, const Request& req, const Admission& admitted) {
  switch (admitted.route) {
    case Route::healthz:
      co_await write(stream, plain(req, bhttp::status::ok, R"({"status":"ok"})"));
      co_return;
    case Route::metrics:
      co_await write(stream, plain(req, bhttp::status::ok, metrics().render(), "text/plain; version=0.0.4"));
      co_return;
    case Route::resource_metadata:
      co_await write(stream, plain(req, bhttp::status::ok, json::serialize(server.options.oauth->metadata())));
      co_return;
    case Route::mcp:
      break;
  }
  if (req.method() == bhttp::verb::post) {
    co_await handle_post(server, stream, req, admitted);
    co_return;
  }
  // DELETE (admission lets nothing else through to the MCP endpoint) ends a legacy session.
  // Without one, or from a modern client (which has no sessions), there is nothing to delete.
  std::string id(req["Mcp-Session-Id"]);
  if (id.empty() || names_modern_version(req["MCP-Protocol-Version"])) {
    auto res = rpc_error(req, bhttp::status::method_not_allowed, mcp::kInvalidRequest,
                         "Method not allowed: send requests with POST; DELETE only ends a legacy session (Mcp-Session-Id)");
    res.set(bhttp::field::allow, "POST");
    co_await write(stream, std::move(res));
  } else if (std::optional<bool> ended = server.try_end_session(id, admitted.principal); !ended) {
    co_await write(stream, rpc_error(req, bhttp::status::service_unavailable, mcp::kInternalError,
                                     "The server cannot reach its state database to end this session; try again shortly."));
  } else if (*ended) {
    Response res{bhttp::status::no_content, req.version()};
    res.keep_alive(req.keep_alive());
    res.prepare_payload();
    co_await write(stream, std::move(res));
  } else {
    co_await write(stream, rpc_error(req, bhttp::status::not_found, mcp::kInvalidRequest, "Session not found"));
  }
}

// Refuses a request whose body will not be read: answer, stop sending, then discard (never
// keep) what the client is still sending for a moment, so the answer is not lost to a
// connection reset. Memory stays one small buffer however much the client sends.
asio::awaitable<void> refuse_and_close(beast::tcp_stream& stream, bhttp::status status, std::string_view body,
                                       const std::vector<std::pair<bhttp::field, std::string>>& extra = {}) {
  Request dummy;
  dummy.keep_alive(false);
  auto res = plain(dummy, status, std::string(body));
  for (const auto& [name, value] : extra) res.set(name, value);
  stream.expires_after(std::chrono::seconds(2));  // a client that does not read cannot hold us
  co_await write(stream, std::move(res));
  beast::error_code ignored;
  stream.socket().shutdown(tcp::socket::shutdown_send, ignored);
  stream.expires_after(std::chrono::seconds(2));
  std::vector<char> sink(16 * 1024);
  for (;;) {
    auto [ec, n] = co_await stream.async_read_some(asio::buffer(sink), asio::as_tuple(asio::use_awaitable));
    if (ec) break;
  }
}

asio::awaitable<void> refuse(beast::tcp_stream& stream, const Admission& refused) {
  std::vector<std::pair<bhttp::field, std::string>> extra;
  if (!refused.challenge.empty()) extra.emplace_back(bhttp::field::www_authenticate, refused.challenge);
  if (refused.allow_header) extra.emplace_back(bhttp::field::allow, std::string(allowed_methods(refused.route)));
  co_await refuse_and_close(stream, refused.status, refused.body, extra);
}

// Reads the body of an admitted request. Each arrival of bytes renews a short idle deadline
// (the header timeout),
// and the whole body has the longer body timeout: a client that trickles a byte now and then
// (slowloris) loses its connection, while a large upload that keeps moving is not cut off.
asio::awaitable<beast::error_code> read_body(Server& server, beast::tcp_stream& stream, beast::flat_buffer& buffer,
                                             bhttp::request_parser<bhttp::string_body>& parser) {
  auto give_up_at = std::chrono::steady_clock::now() + server.options.body_timeout;
  while (!parser.is_done()) {
    auto idle_until = std::chrono::steady_clock::now() + server.options.header_timeout;
    stream.expires_at(std::min(idle_until, give_up_at));
    auto [ec, n] = co_await bhttp::async_read_some(stream, buffer, parser, asio::as_tuple(asio::use_awaitable));
    if (ec) co_return ec;
  }
  co_return beast::error_code{};
}

// A parse error of Beast's (bad framing, both Content-Length and chunked, a bad chunk size),
// as opposed to the client going away or a deadline passing.
bool is_malformed(const beast::error_code& ec) {
  return ec && ec.category() == bhttp::make_error_code(bhttp::error::end_of_stream).category() &&
         ec != bhttp::error::end_of_stream && ec != bhttp::error::partial_message;
}

asio::awaitable<void> serve_connection(Server& server, tcp::socket socket, std::string client) {
  beast::tcp_stream stream(std::move(socket));
  struct Slot {
    Server& server;
    std::string client;
    ~Slot() {
      --server.connections;
      server.per_client.release(client);
    }
  } slot{server, std::move(client)};
  beast::flat_buffer buffer;
  for (;;) {
    bhttp::request_parser<bhttp::string_body> parser;
    parser.header_limit(std::uint32_t(server.options.max_header_bytes));
    parser.body_limit(server.options.max_body_bytes);
    stream.expires_after(server.options.header_timeout);  // slow headers end the connection
    auto [ec, n] = co_await bhttp::async_read_header(stream, buffer, parser, asio::as_tuple(asio::use_awaitable));
    if (ec == bhttp::error::header_limit) {
      co_await refuse_and_close(stream, bhttp::status::request_header_fields_too_large, R"({"error":"headers too large"})");
      break;
    }
    if (ec == bhttp::error::body_limit) {  // Content-Length already says too much
      co_await refuse_and_close(stream, bhttp::status::payload_too_large, R"({"error":"request body too large"})");
      break;
    }
    if (is_malformed(ec)) {  // malformed (e.g. both Content-Length and chunked): say so, then close
      co_await refuse_and_close(stream, bhttp::status::bad_request, R"({"error":"malformed request"})");
      break;
    }
    if (ec) break;
    // Everything the header can tell is checked before a single body byte is read.
    Admission admitted = admit(parser.get().base(), server.options);
    if (admitted.decide_off_io_thread) admitted = co_await admit_off_io_thread(server, parser.get().base());
    if (!admitted.admitted()) {
      co_await refuse(stream, admitted);
      break;
    }
    if (auto length = parser.content_length(); length && *length > server.options.max_body_bytes) {
      co_await refuse_and_close(stream, bhttp::status::payload_too_large, R"({"error":"request body too large"})");
      break;  // the body is not read: the connection closes
    }
    if (beast::iequals(parser.get()[bhttp::field::expect], "100-continue")) {
      // The client waits for this before sending a large body; a refused one never sends it.
      static constexpr std::string_view kContinue = "HTTP/1.1 100 Continue\r\n\r\n";
      auto [wec, wn] = co_await asio::async_write(stream, asio::buffer(kContinue), asio::as_tuple(asio::use_awaitable));
      if (wec) break;
    }
    ec = co_await read_body(server, stream, buffer, parser);
    if (ec == bhttp::error::body_limit) {  // a chunked body grew past the cap
      co_await refuse_and_close(stream, bhttp::status::payload_too_large, R"({"error":"request body too large"})");
      break;
    }
    if (is_malformed(ec)) {  // a malformed body (bad chunk framing)
      co_await refuse_and_close(stream, bhttp::status::bad_request, R"({"error":"malformed request"})");
      break;
    }
    if (ec) break;
    stream.expires_never();  // a tool call may take long; CATS has its own timeout
    Request req = parser.release();
    bool keep_alive = req.keep_alive();
    co_await handle(server, stream, req, admitted);
    if (!keep_alive || server.stopping) break;
  }
  beast::error_code ignored;
  stream.socket().shutdown(tcp::socket::shutdown_both, ignored);
}

// A client over its connection share gets a short 503 and the connection closes: it learns
// why, and the answer costs the server one small write with a deadline.
asio::awaitable<void> refuse_busy(Server& server, tcp::socket socket) {
  struct Slot {
    std::atomic<std::size_t>& n;
    ~Slot() { --n; }
  } slot{server.connections};
  beast::tcp_stream stream(std::move(socket));
  // Drained like any refusal, so the 503 is not lost to a reset while the client still sends.
  std::vector<std::pair<bhttp::field, std::string>> retry_after;
  retry_after.emplace_back(bhttp::field::retry_after, "1");
  co_await refuse_and_close(stream, bhttp::status::service_unavailable, R"({"error":"too many connections from client"})",
                            retry_after);
}

// A moment for connections and CATS requests to end and give descriptors back.
asio::awaitable<void> pause_accepting(asio::any_io_executor executor) {
  asio::steady_timer pause(executor, std::chrono::milliseconds(50));
  co_await pause.async_wait(asio::as_tuple(asio::use_awaitable));
}

asio::awaitable<void> accept_loop(Server& server, tcp::acceptor& acceptor) {
  for (;;) {
    // Each connection gets its own strand: with several I/O threads, the stream's timeout handler
    // (which closes the socket) must never run beside the coroutine that owns the stream.
    auto [ec, socket] = co_await acceptor.async_accept(asio::make_strand(server.io), asio::as_tuple(asio::use_awaitable));
    if (ec == asio::error::operation_aborted || server.stopping) co_return;  // closed by the drain
    if (ec) {
      // Out of descriptors (EMFILE) or kernel memory: the connections and CATS requests in
      // flight hold them. Accepting resumes as they end; the listener never stops for good.
      log(LogLevel::warning, "cannot accept a connection now", {{"error", ec.message()}});
      co_await pause_accepting(acceptor.get_executor());
      continue;
    }
    if (++server.connections > server.options.max_connections) {
      --server.connections;
      beast::error_code ignored;
      socket.close(ignored);  // over the global connection cap: refused at once
      continue;
    }
    boost::system::error_code peer_ec;
    auto peer = socket.remote_endpoint(peer_ec);
    if (peer_ec) {  // already gone
      --server.connections;
      continue;
    }
    std::string client = peer.address().to_string();
    auto strand = socket.get_executor();  // taken before the socket moves into its coroutine
    if (!server.per_client.try_acquire(client)) {
      asio::co_spawn(strand, refuse_busy(server, std::move(socket)), log_escaped("refused connection"));
      continue;
    }
    asio::co_spawn(strand, serve_connection(server, std::move(socket), std::move(client)), log_escaped("connection"));
  }
}

}  // namespace

int serve_http(mcp::ToolProvider& provider, const mcp::ServerOptions& server_options, HttpOptions options) {
  if (!is_loopback(options.host) && !options.authenticates()) {
    log(LogLevel::critical, "refusing to serve a non-loopback address without authentication: "
                            "set --tokens-file, CATS_MCP_TOKEN or --oauth-issuer");
    return 2;
  }
  Server server(provider, server_options, std::move(options));
  tcp::acceptor acceptor = listen_on(server.io, server.options.host, server.options.port);
  asio::co_spawn(server.io, accept_loop(server, acceptor), log_escaped("accept loop"));

  asio::signal_set signals(server.io, SIGINT, SIGTERM);
  asio::steady_timer drain_timer(server.io);
  auto deadline = std::chrono::steady_clock::now();
  std::function<void()> check_drained = [&] {
    if (server.in_flight == 0 || std::chrono::steady_clock::now() >= deadline) {
      if (server.in_flight != 0) {
        log(LogLevel::warning, "drain deadline reached with calls still running");
        server.calls.cancel_all();  // so the workers can be joined: no answer can come any more
      }
      server.io.stop();
      return;
    }
    drain_timer.expires_after(std::chrono::milliseconds(20));
    drain_timer.async_wait([&](const boost::system::error_code&) { check_drained(); });
  };
  signals.async_wait([&](const boost::system::error_code& ec, int) {
    if (ec) return;
    log(LogLevel::info, "stopping: no new connections; finishing in-flight calls", {{"in_flight", server.in_flight.load()}});
    server.stopping = true;
    beast::error_code ignored;
    acceptor.close(ignored);
    deadline = std::chrono::steady_clock::now() + server.options.drain_deadline;
    check_drained();
  });
  log(LogLevel::info, "http listening",
      {{"host", server.options.host}, {"port", acceptor.local_endpoint().port()},
       {"auth", server.options.authenticates()}, {"oauth", bool(server.options.oauth)}, {"backend", server_options.backend_description}});

  std::vector<std::thread> threads;
  for (unsigned i = 1; i < std::max(1u, server.options.io_threads); ++i) threads.emplace_back([&] { server.io.run(); });
  server.io.run();
  for (auto& t : threads) t.join();
  server.workers.join();
  server.in_process_workers.join();
  // A call cancelled at the deadline may still be leaving the CATS loop; it refers to the server.
  if (!server.calls.wait_until_none(std::chrono::seconds(5))) log(LogLevel::warning, "calls still running at exit");
  log(LogLevel::info, "stopped");
  return 0;
}

}  // namespace cats_mcp::http
