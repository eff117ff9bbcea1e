#include "http/shared_sessions.hpp"

#include "http/session_registry.hpp"
#include "util/unix_time.hpp"

namespace cats_mcp::http {
namespace json = boost::json;
namespace {
constexpr std::string_view kPurpose = "cats-contacts-mcp legacy session v1";
// Client capabilities ride in every request's header: a client that declares a great deal keeps
// only what the server acts on, so the id stays far below any proxy's header limit.
constexpr std::size_t kMaxCapabilitiesBytes = 2048;

json::object carried_capabilities(const json::object& declared) {
  if (json::serialize(declared).size() <= kMaxCapabilitiesBytes) return declared;
  json::object kept;
  for (auto name : {"elicitation", "sampling", "roots"})
    if (auto v = declared.if_contains(name)) kept[name] = *v;
  return kept;
}

const json::string* string_at(const json::object& o, std::string_view key) {
  auto v = o.if_contains(key);
  return v && v->is_string() ? &v->get_string() : nullptr;
}
}  // namespace

SharedSessions::SharedSessions(SealedToken key, std::shared_ptr<SessionNotes> notes, std::chrono::seconds lifetime)
    : key_(std::move(key)), notes_(std::move(notes)), lifetime_(lifetime) {}

std::string SharedSessions::mint(const std::string& principal, const mcp::SessionState& state) const {
  json::object ticket{{"sid", random_session_id()},
                      {"p", principal},
                      {"v", state.protocol_version},
                      {"c", carried_capabilities(state.client_capabilities)},
                      {"e", unix_seconds_now() + lifetime_.count()}};
  if (state.log_level) ticket["l"] = to_string(*state.log_level);
  return key_.seal(json::serialize(ticket), kPurpose);
}

std::optional<SessionTicket> SharedSessions::open(std::string_view id, const std::string& principal) const {
  auto plain = key_.open(id, kPurpose);
  if (!plain) return std::nullopt;
  // Sealed by a replica, so well formed; checked anyway, as anything read from outside is.
  boost::system::error_code ec;
  auto parsed = json::parse(*plain, ec);
  if (ec || !parsed.is_object()) return std::nullopt;
  const auto& o = parsed.get_object();
  auto sid = string_at(o, "sid");
  auto owner = string_at(o, "p");
  auto version = string_at(o, "v");
  auto expires = o.if_contains("e");
  auto capabilities = o.if_contains("c");
  if (!sid || !owner || !version || !expires || !expires->is_int64() || !capabilities || !capabilities->is_object())
    return std::nullopt;
  if (*owner != principal || expires->get_int64() < unix_seconds_now()) return std::nullopt;
  SessionTicket ticket{std::string(*sid), principal, {std::string(*version), capabilities->get_object(), std::nullopt},
                       expires->get_int64()};
  if (auto level = string_at(o, "l")) ticket.state.log_level = parse_log_level(*level);
  if (auto note = notes_->find(ticket.sid)) {
    if (note->ended) return std::nullopt;
    if (note->log_level) ticket.state.log_level = parse_log_level(*note->log_level);
  }
  return ticket;
}

void SharedSessions::note_ended(const SessionTicket& ticket) const {
  notes_->put(ticket.sid, {.ended = true, .log_level = std::nullopt}, ticket.expires_unix);
}

void SharedSessions::note_log_level(const SessionTicket& ticket, LogLevel level) const {
  notes_->put(ticket.sid, {.ended = false, .log_level = std::string(to_string(level))}, ticket.expires_unix);
}

}  // namespace cats_mcp::http
