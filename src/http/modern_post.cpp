#include "http/modern_post.hpp"

#include "mcp/eras.hpp"

namespace cats_mcp::http {
namespace json = boost::json;

namespace {
ModernReply reply(json::object response, unsigned status) { return {std::move(response), status, std::nullopt}; }

ModernReply header_mismatch(const mcp::Message& m, std::string message) {
  return reply(mcp::make_error(m.id, mcp::kHeaderMismatch, message), 400);
}

// MCP-Protocol-Version must repeat the version in params._meta: a balancer routes on the header.
std::string check_version_header(const HeaderLookup& header, std::string_view meta_version) {
  auto raw = header("MCP-Protocol-Version");
  if (!raw) return "Header mismatch: MCP-Protocol-Version is missing: it must repeat params._meta's protocol version";
  std::string error;
  auto sent = header_value(*raw, error);
  if (!sent) return "Header mismatch: MCP-Protocol-Version " + error;
  if (*sent != meta_version)
    return "Header mismatch: MCP-Protocol-Version is \"" + sent->substr(0, 64) + "\" but params._meta names \"" +
           std::string(meta_version.substr(0, 64)) + "\"";
  return {};
}

std::string meta_version(const mcp::Message& m) {
  auto meta = m.params.if_contains("_meta");
  auto version = meta && meta->is_object() ? meta->get_object().if_contains(mcp::kProtocolVersionKey) : nullptr;
  return version && version->is_string() ? std::string(version->get_string()) : std::string();
}
}  // namespace

bool is_modern_post(const mcp::Message& m, std::string_view protocol_version_header) {
  if (m.kind == mcp::Message::Kind::response || m.kind == mcp::Message::Kind::invalid) return false;
  return mcp::claims_modern(m) || names_modern_version(protocol_version_header);
}

bool names_modern_version(std::string_view header) {
  // Versions are dates: a later one is modern too, and gets the modern era's errors.
  return mcp::is_modern_version(header) || (header.size() == 10 && header >= mcp::kModernVersions.back());
}

ToolHeaderParams tool_header_params(mcp::ToolProvider& provider) {
  std::vector<std::string_view> names;
  for (const auto& tool : provider.tools()) names.push_back(tool.name);
  ToolHeaderParams all;
  for (const auto& definition : provider.definitions(names)) {
    auto name = definition.if_contains("name");
    auto schema = definition.if_contains("inputSchema");
    if (!name || !name->is_string() || !schema || !schema->is_object()) continue;
    auto properties = schema->get_object().if_contains("properties");
    if (!properties || !properties->is_object()) continue;
    std::vector<HeaderParam> marked;
    for (const auto& [property, property_schema] : properties->get_object()) {
      if (!property_schema.is_object()) continue;
      if (auto header = property_schema.get_object().if_contains("x-mcp-header"); header && header->is_string())
        marked.push_back({std::string(property), std::string(header->get_string())});
    }
    if (!marked.empty()) all.emplace(std::string(name->get_string()), std::move(marked));
  }
  return all;
}

ModernReply answer_modern_post(const mcp::ModernHandler& handler, mcp::Message& m, const HeaderLookup& header,
                               const ToolHeaderParams& header_params, const std::string& principal) {
  // A notification (notifications/cancelled) needs no answer: over HTTP closing a request's
  // stream is what cancels it.
  if (m.kind != mcp::Message::Kind::request) return {};

  // The legacy handshake under a modern version header: the header is what is wrong.
  if (m.method == "initialize" && !mcp::claims_modern(m))
    return header_mismatch(m, "Header mismatch: MCP-Protocol-Version names a version without the initialize "
                              "handshake; send initialize with a legacy version (or none), or server/discover");

  auto checked = mcp::check_request_meta(m);
  auto* refused = std::get_if<json::object>(&checked);
  if (refused && mcp::error_code(*refused) != mcp::kUnsupportedProtocolVersion) return reply(std::move(*refused), 400);

  if (auto problem = check_version_header(header, meta_version(m)); !problem.empty()) return header_mismatch(m, problem);
  if (auto problem = check_method_header(header, m.method); !problem.empty()) return header_mismatch(m, problem);
  if (refused) return reply(std::move(*refused), 400);  // -32022, once the headers agree with it

  ModernReply answer;
  if (!handler.serves(m.method)) {  // -32601, before anything that depends on the method
    answer.response = handler.serve(m, std::get<mcp::RequestMeta>(checked), answer.call);
    answer.status = modern_status(mcp::error_code(*answer.response));
    return answer;
  }
  if (auto problem = check_name_header(header, m.method, m.params); !problem.empty()) return header_mismatch(m, problem);
  if (m.method == "tools/call") {
    auto name = m.params.if_contains("name");
    auto arguments = m.params.if_contains("arguments");
    auto marked = name && name->is_string() ? header_params.find(std::string(name->get_string())) : header_params.end();
    if (marked != header_params.end()) {
      static const json::object none;
      const json::object& args = arguments && arguments->is_object() ? arguments->get_object() : none;
      if (auto problem = check_param_headers(header, marked->second, args); !problem.empty())
        return header_mismatch(m, problem);
    }
  }

  auto response = handler.serve(m, std::get<mcp::RequestMeta>(checked), answer.call, principal);
  if (response) {
    answer.status = modern_status(mcp::error_code(*response));
    answer.response = std::move(response);
  }
  return answer;
}

unsigned modern_status(int code) {
  switch (code) {
    case mcp::kHeaderMismatch:
    case mcp::kMissingRequiredClientCapability:
    case mcp::kUnsupportedProtocolVersion:
      return 400;
    case mcp::kMethodNotFound:
      return 404;
    default:
      return 200;
  }
}

}  // namespace cats_mcp::http
