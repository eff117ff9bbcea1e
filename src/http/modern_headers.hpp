#pragma once
// The headers a Streamable HTTP request of MCP 2026-07-28 carries beside its body (Mcp-Method,
// Mcp-Name, Mcp-Param-*), and how they are compared with it. Gateways and balancers route on
// these headers without reading bodies, so a header that disagrees with its body is refused
// (-32020) rather than trusted. http/modern_post.cpp applies them to every modern POST.
#include <boost/json.hpp>

#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace cats_mcp::http {

// The request's value of a header, by name (any case); nullopt when absent.
using HeaderLookup = std::function<std::optional<std::string_view>(std::string_view name)>;

// A header value as the spec compares it: spaces and tabs around it trimmed, and a value of
// the form =?base64?<RFC 4648 base64>?= decoded (strictly: padding required, UTF-8 text).
// A value with only one of the two markers is literal. nullopt when the value has a character
// outside visible ASCII, space and tab, or a malformed encoding; `error` then says why.
std::optional<std::string> header_value(std::string_view raw, std::string& error);

// Mcp-Method must equal the body's method, on every request. Empty when it does, otherwise the
// message of the -32020 answer.
std::string check_method_header(const HeaderLookup& header, std::string_view method);
// Mcp-Name must equal params.name for tools/call and prompts/get, params.uri for
// resources/read; other methods need none. Empty when it matches, otherwise the -32020 message.
std::string check_name_header(const HeaderLookup& header, std::string_view method, const boost::json::object& params);

// A tool parameter marked x-mcp-header: its argument also travels as Mcp-Param-<header>.
struct HeaderParam {
  std::string property;  // the argument's name in the input schema
  std::string header;    // the x-mcp-header value
};

// Each marked argument present in `arguments` (and not null) must have its header, equal to
// it (a string as is, an integer compared as a number, a boolean as true/false); a header
// whose argument is absent is refused too, since whoever routed on it saw something else.
// Empty when all agree, otherwise the message of the -32020 answer.
std::string check_param_headers(const HeaderLookup& header, const std::vector<HeaderParam>& params,
                                const boost::json::object& arguments);

}  // namespace cats_mcp::http
