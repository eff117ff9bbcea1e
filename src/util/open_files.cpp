#include "util/open_files.hpp"

#include <sys/resource.h>

#include <fstream>

namespace cats_mcp {

namespace {
// The most descriptors a process may ever have (an unlimited hard limit cannot be the soft one).
rlim_t kernel_ceiling() {
  std::ifstream in("/proc/sys/fs/nr_open");
  rlim_t n = 0;
  return in >> n && n > 0 ? n : 1048576;
}
}  // namespace

OpenFilesLimit raise_open_files_limit() {
  OpenFilesLimit result;
  rlimit limit{};
  if (getrlimit(RLIMIT_NOFILE, &limit) != 0) return result;
  result.before = limit.rlim_cur;
  result.hard = limit.rlim_max;
  rlim_t target = limit.rlim_max == RLIM_INFINITY ? kernel_ceiling() : limit.rlim_max;
  if (limit.rlim_cur < target) {
    rlimit raised{target, limit.rlim_max};
    if (setrlimit(RLIMIT_NOFILE, &raised) == 0) limit.rlim_cur = target;
  }
  result.soft = limit.rlim_cur;
  return result;
}

}  // namespace cats_mcp
