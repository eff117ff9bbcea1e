#include "mcp/eras.hpp"

#include <algorithm>

namespace cats_mcp::mcp {

bool is_supported_version(std::string_view version) {
  return std::find(kSupportedVersions.begin(), kSupportedVersions.end(), version) != kSupportedVersions.end();
}

bool is_modern_version(std::string_view version) {
  return std::find(kModernVersions.begin(), kModernVersions.end(), version) != kModernVersions.end();
}

json::array modern_versions() {
  json::array versions;
  for (auto v : kModernVersions) versions.emplace_back(v);
  return versions;
}

bool claims_modern(const Message& m) {
  auto meta = m.params.if_contains("_meta");
  return meta && meta->is_object() && meta->get_object().contains(kProtocolVersionKey);
}

}  // namespace cats_mcp::mcp
