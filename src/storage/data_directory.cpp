#include "storage/data_directory.hpp"

#include <cstdlib>
#include <filesystem>

namespace cats_mcp::storage {

std::string data_directory() {
  std::filesystem::path base;
  if (const char* xdg = std::getenv("XDG_DATA_HOME"); xdg && *xdg) base = xdg;
  else if (const char* home = std::getenv("HOME"); home && *home) base = std::filesystem::path(home) / ".local" / "share";
  else base = ".";
  auto dir = base / "cats-contacts-mcp";
  std::filesystem::create_directories(dir);
  return dir.string();
}

std::string data_file(const std::string& name) { return (std::filesystem::path(data_directory()) / name).string(); }

}  // namespace cats_mcp::storage
