#pragma once
// Where the server keeps its files when no path is given: one directory per user, by the XDG
// base-directory rules, shared by the sandbox database, the state database and the master key.
#include <string>

namespace cats_mcp::storage {

// $XDG_DATA_HOME/cats-contacts-mcp, else ~/.local/share/cats-contacts-mcp, else
// ./cats-contacts-mcp. Created on first use. Never derived from another file's path: an
// override of one file (CATS_SANDBOX_DB) must not move the others.
std::string data_directory();

// A file in data_directory().
std::string data_file(const std::string& name);

}  // namespace cats_mcp::storage
