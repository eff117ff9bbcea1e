#include "mcp/dual_era_connection.hpp"

#include "mcp/modern_meta.hpp"

namespace cats_mcp::mcp {

DualEraConnection::DualEraConnection(ToolProvider& provider, ServerOptions options, Sender send)
    : legacy_(provider, options, send), modern_(provider, std::move(options)), send_(std::move(send)) {}

std::optional<Era> DualEraConnection::era() const {
  switch (pin_.load()) {
    case legacy: return Era::legacy;
    case modern: return Era::modern;
    default: return std::nullopt;
  }
}

std::optional<json::object> DualEraConnection::handle(Message& m, std::optional<PendingCall>& call) {
  using Kind = Message::Kind;
  const int pin = pin_.load();
  if (m.kind == Kind::invalid) return modern_.handle(m, call);  // era-neutral answer
  if (m.kind == Kind::response) return legacy_.handle(m, call);  // only legacy calls ask the client
  if (m.kind == Kind::notification) {
    if (pin == legacy) return legacy_.handle(m, call);
    if (pin == modern && m.method == "notifications/cancelled")
      if (auto id = m.params.if_contains("requestId")) modern_calls_.cancel(*id);
    return std::nullopt;  // before pinning no call can be running
  }
  if (m.method == "server/discover") return modern_.handle(m, call);  // any time, pinning nothing
  const bool claim = claims_modern(m);
  if (pin == legacy) return legacy_.handle(m, call);
  if (pin == modern) return claim ? handle_modern(m, call, true) : refuse_claimless(m);
  if (claim) return handle_modern(m, call, false);
  pin_ = legacy;
  log(LogLevel::info, "connection pinned to the legacy era", {{"method", m.method.substr(0, 64)}});
  return legacy_.handle(m, call);
}

std::optional<json::object> DualEraConnection::handle_modern(Message& m, std::optional<PendingCall>& call, bool pinned) {
  auto checked = check_request_meta(m);
  if (auto* refused = std::get_if<json::object>(&checked)) return std::move(*refused);  // pins nothing
  if (!pinned) {
    pin_ = modern;
    log(LogLevel::info, "connection pinned to the modern era", {{"method", m.method.substr(0, 64)}});
  }
  auto response = modern_.serve(m, std::get<RequestMeta>(checked), call);
  if (call) {
    call->notify = send_;  // stdout, the one stream every request shares
    modern_calls_.add(call->id, call->cancel);
  }
  return response;
}

std::optional<json::object> DualEraConnection::refuse_claimless(const Message& m) const {
  if (m.method == "initialize") {
    json::value requested = nullptr;
    if (auto v = m.params.if_contains("protocolVersion")) requested = *v;
    return unsupported_version_error(m.id, std::move(requested));
  }
  return std::get<json::object>(check_request_meta(m));  // no claim: always the -32602 answer
}

std::optional<json::object> DualEraConnection::run(PendingCall& call) {
  if (call.era == Era::legacy) return legacy_.run(call);
  RunningCalls::Finished finished{modern_calls_, call.id};
  return modern_.run(call);
}

void DualEraConnection::start(PendingCall call, Answered done) {
  if (call.era == Era::legacy) return legacy_.start(std::move(call), std::move(done));
  auto id = call.id;
  try {
    modern_.start(std::move(call), [this, id, done = std::move(done)](std::optional<json::object> response) {
      modern_calls_.remove(id);
      done(std::move(response));
    });
  } catch (...) {
    modern_calls_.remove(id);
    throw;
  }
}

void DualEraConnection::cancel_all() {
  legacy_.cancel_all();
  modern_calls_.cancel_all();
}

}  // namespace cats_mcp::mcp
