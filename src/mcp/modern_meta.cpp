#include "mcp/modern_meta.hpp"

#include "mcp/eras.hpp"
#include "util/joined.hpp"

namespace cats_mcp::mcp {

namespace {
json::object invalid(const json::value& id, std::string_view why) {
  return make_error(id, kInvalidParams,
                    "Invalid params: " + std::string(why) + ". A " + std::string(kModernVersions.front()) +
                        " request carries params._meta with \"" + std::string(kProtocolVersionKey) +
                        "\" (a string) and \"" + std::string(kClientCapabilitiesKey) + "\" (an object)");
}
}  // namespace

std::variant<RequestMeta, json::object> check_request_meta(const Message& m) {
  auto meta_value = m.params.if_contains("_meta");
  if (!m.params_ok) return invalid(m.id, "\"params\" must be an object");
  if (!meta_value) return invalid(m.id, "params._meta is missing");
  if (!meta_value->is_object()) return invalid(m.id, "params._meta must be an object");
  const auto& meta = meta_value->get_object();

  auto version = meta.if_contains(kProtocolVersionKey);
  if (!version) return invalid(m.id, "params._meta has no \"" + std::string(kProtocolVersionKey) + "\"");
  if (!version->is_string()) return invalid(m.id, "\"" + std::string(kProtocolVersionKey) + "\" must be a string");
  auto capabilities = meta.if_contains(kClientCapabilitiesKey);
  if (!capabilities) return invalid(m.id, "params._meta has no \"" + std::string(kClientCapabilitiesKey) + "\"");
  if (!capabilities->is_object())
    return invalid(m.id, "\"" + std::string(kClientCapabilitiesKey) + "\" must be an object");
  if (auto info = meta.if_contains(kClientInfoKey); info && !info->is_object())
    return invalid(m.id, "\"" + std::string(kClientInfoKey) + "\" must be an object {name, version}");

  RequestMeta checked;
  if (auto level = meta.if_contains(kLogLevelKey)) {
    if (level->is_string()) checked.log_level = parse_log_level(level->get_string());
    if (!checked.log_level)
      return invalid(m.id, "\"" + std::string(kLogLevelKey) +
                               "\" must be one of debug, info, notice, warning, error, critical, alert, emergency");
  }
  if (!is_modern_version(version->get_string())) return unsupported_version_error(m.id, *version);

  checked.protocol_version = std::string(version->get_string());
  checked.client_capabilities = capabilities->get_object();
  if (auto token = meta.if_contains("progressToken");
      token && (token->is_string() || token->is_int64() || token->is_uint64()))
    checked.progress_token = *token;
  return checked;
}

json::object unsupported_version_error(const json::value& id, json::value requested) {
  std::string supported = joined(kModernVersions);
  std::string message = "Unsupported protocol version";
  if (requested.is_string()) message += " " + std::string(requested.get_string()).substr(0, 64);
  message += " (supported: " + supported + ")";
  return make_error(id, kUnsupportedProtocolVersion, message,
                    json::object{{"supported", modern_versions()}, {"requested", std::move(requested)}});
}

}  // namespace cats_mcp::mcp
