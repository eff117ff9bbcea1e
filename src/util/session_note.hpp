#pragma once
// What replicas share about a legacy HTTP session beyond its sealed id: that DELETE ended it,
// and the log level logging/setLevel chose since it began. The HTTP layer writes and reads
// notes; the state database (connections layer) keeps them.
#include <optional>
#include <string>

namespace cats_mcp {

struct SessionNote {
  bool ended = false;
  std::optional<std::string> log_level;
  bool operator==(const SessionNote&) const = default;
};

}  // namespace cats_mcp
