#include "mcp/jsonrpc.hpp"

#include "util/json_numbers.hpp"

namespace cats_mcp::mcp {

namespace {
constexpr std::size_t kMaxDepth = 64;  // deeper documents are refused as parse errors

bool valid_id(const json::value& id) { return id.is_string() || id.is_int64() || id.is_uint64(); }
}  // namespace

std::optional<Message> parse_message(std::string_view text, json::object& parse_error) {
  json::parse_options options;
  options.max_depth = kMaxDepth;
  options.allow_invalid_utf8 = false;
  boost::system::error_code ec;
  json::value doc = json::parse(text, ec, json::storage_ptr(), options);
  if (ec) {
    parse_error = make_error(nullptr, kParseError, "Parse error: " + ec.message());
    return std::nullopt;
  }
  // 1e400 parses as infinity: refused, or an echo of it (Infinity) would be no JSON at all.
  if (!all_numbers_finite(doc)) {
    parse_error = make_error(nullptr, kParseError, "Parse error: a number is too large to represent (e.g. 1e400)");
    return std::nullopt;
  }

  Message m;
  if (doc.is_array()) {
    m.problem = "batches are not supported; send one JSON-RPC message per line";
    return m;
  }
  if (!doc.is_object()) {
    m.problem = "a JSON-RPC message must be an object";
    return m;
  }
  auto& obj = doc.get_object();
  auto id = obj.if_contains("id");
  if (id && valid_id(*id)) m.id = *id;

  auto version = obj.if_contains("jsonrpc");
  if (!version || !version->is_string() || version->get_string() != "2.0") {
    m.problem = "\"jsonrpc\" must be \"2.0\"";
    return m;
  }
  if (id && !valid_id(*id)) {
    m.problem = "\"id\" must be a string or an integer";
    return m;
  }
  auto method = obj.if_contains("method");
  if (!method) {
    if (id && (obj.contains("result") || obj.contains("error"))) {
      m.kind = Message::Kind::response;
      if (auto result = obj.if_contains("result"); result && result->is_object()) m.result = std::move(result->get_object());
      else m.failed = true;
      return m;
    }
    m.problem = "missing \"method\"";
    return m;
  }
  if (!method->is_string()) {
    m.problem = "\"method\" must be a string";
    return m;
  }
  m.method = std::string(method->get_string());
  if (auto params = obj.if_contains("params")) {
    if (params->is_object()) m.params = std::move(params->get_object());
    else m.params_ok = false;
  }
  m.kind = id ? Message::Kind::request : Message::Kind::notification;
  return m;
}

json::object make_result(const json::value& id, json::value result) {
  return {{"jsonrpc", "2.0"}, {"id", id}, {"result", std::move(result)}};
}

json::object make_error(const json::value& id, int code, std::string_view message, json::value data) {
  json::object error{{"code", code}, {"message", message}};
  if (!data.is_null()) error["data"] = std::move(data);
  return {{"jsonrpc", "2.0"}, {"id", id}, {"error", std::move(error)}};
}

int error_code(const json::object& response) {
  auto error = response.if_contains("error");
  if (!error || !error->is_object()) return 0;
  auto code = error->get_object().if_contains("code");
  return code && code->is_int64() ? int(code->get_int64()) : 0;
}

json::object make_notification(std::string_view method, json::object params) {
  return {{"jsonrpc", "2.0"}, {"method", method}, {"params", std::move(params)}};
}

std::string id_key(const json::value& id) {
  if (id.is_string()) return "s:" + std::string(id.get_string());
  return "i:" + json::serialize(id);
}

}  // namespace cats_mcp::mcp
