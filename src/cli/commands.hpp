#pragma once
// The commands of cats-contacts-mcp; each returns the process's exit status.
#include "cli/settings.hpp"
#include "sandbox/http_server.hpp"

#include <cstdint>
#include <string>

namespace cats_mcp::cli {

// Serving MCP (serve_commands.cpp).
int run_stdio_server(const Settings& settings, std::size_t max_message_bytes);
int run_http_server(const Settings& settings, const HttpFlags& flags);
int run_call(const Settings& settings, const std::string& tool_name, const std::string& args_text);
int print_tools(tools::ToolsetProvider& provider, const mcp::ToolFilter& filter, bool as_json);

// Looking after the sandbox and the stored connections (admin_commands.cpp).
int run_sandbox_serve(const Settings& settings, const std::string& listen, sandbox::ServeOptions options);
int run_sandbox_seed(const Settings& settings, std::int64_t count, const std::string& account);
int run_connections_add(const Settings& settings, const std::string& owner, const std::string& label,
                        const std::string& base_url, bool sandbox_account);
int run_connections_list(const Settings& settings, const std::string& owner);
int run_connections_remove(const Settings& settings, const std::string& pcid);
// Exit 0 when every row is under the current master key; 1 when some row opens under no key given.
int run_connections_rotate_master_key(const Settings& settings);

}  // namespace cats_mcp::cli
