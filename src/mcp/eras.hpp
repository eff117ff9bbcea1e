#pragma once
// The two protocol eras a server speaks, and which one a message belongs to.
//
// Legacy (2025-11-25 and before): the initialize handshake fixes a version and the client's
// capabilities for a connection or session (mcp::Session). Modern (2026-07-28 and after): no
// handshake; every request names its version, capabilities and identity in params._meta and is
// served on its own (mcp::ModernHandler). The versions of each era are one list each, and every
// message that names them is built from it.
#include "mcp/jsonrpc.hpp"

#include <array>
#include <string_view>

namespace cats_mcp::mcp {

enum class Era { legacy, modern };

// Negotiated by initialize, newest first.
inline constexpr std::array<std::string_view, 3> kSupportedVersions = {"2025-11-25", "2025-06-18", "2025-03-26"};
// Served per request, newest first: server/discover's supportedVersions, -32022's data.supported.
inline constexpr std::array<std::string_view, 1> kModernVersions = {"2026-07-28"};

bool is_supported_version(std::string_view version);  // a legacy version
bool is_modern_version(std::string_view version);
// kModernVersions as a JSON array.
json::array modern_versions();

// The _meta key whose presence makes a request modern ("a claim"), whatever its value.
inline constexpr std::string_view kProtocolVersionKey = "io.modelcontextprotocol/protocolVersion";

// Whether `m` carries a claim: params._meta holds kProtocolVersionKey.
bool claims_modern(const Message& m);

}  // namespace cats_mcp::mcp
