#pragma once
// The open-files limit of the process. A server with thousands of CATS requests and client
// connections in flight needs a descriptor for each; the soft limit a shell hands down (often
// 1024) is far below the hard limit the system allows, so servers raise it at start-up.
#include <cstdint>

namespace cats_mcp {

struct OpenFilesLimit {
  std::uint64_t before = 0;  // the soft limit inherited
  std::uint64_t soft = 0;    // the soft limit now
  std::uint64_t hard = 0;
};

// Raises the soft limit to the hard limit (where the hard limit is unlimited, to the kernel's
// nr_open ceiling) and says what it was and is.
OpenFilesLimit raise_open_files_limit();

}  // namespace cats_mcp
