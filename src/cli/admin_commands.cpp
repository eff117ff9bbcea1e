// Looking after the sandbox (serve, seed) and the stored connections (add, list, remove,
// rotate-master-key).
#include "cli/commands.hpp"

#include "connections/connection_store.hpp"
#include "sandbox/generator.hpp"

#include <boost/json.hpp>
#include <boost/url/parse.hpp>

#include <cstdio>
#include <iostream>

namespace cats_mcp::cli {
namespace json = boost::json;

int run_sandbox_serve(const Settings& settings, const std::string& listen, sandbox::ServeOptions options) {
  auto where = split_host_port(listen);
  if (!where) {
    std::fprintf(stderr, "cats-contacts-mcp: --listen takes HOST:PORT, e.g. 127.0.0.1:8089\n");
    return 2;
  }
  options.host = where->first;
  options.port = where->second;
  return sandbox::serve_sandbox(open_sandbox(sandbox_db_path(settings), {options.max_upload_bytes}), options);
}

namespace {
// Whether `url` can be a CATS API root: http(s), a host, nothing after the path. Credentials in
// the URL are refused too (the key travels in its own header, and a URL is printed by `list`).
bool is_api_root(const std::string& url) {
  auto parsed = boost::urls::parse_absolute_uri(url);
  if (!parsed) return false;
  auto scheme = parsed->scheme();
  return (scheme == "https" || scheme == "http") && !parsed->encoded_host().empty() && !parsed->has_userinfo() &&
         !parsed->has_query() && !parsed->has_fragment();
}
}  // namespace

int run_connections_add(const Settings& settings, const std::string& owner, const std::string& label,
                        const std::string& requested_base_url, bool sandbox_account) {
  if (sandbox_account && !requested_base_url.empty()) {
    std::fprintf(stderr, "cats-contacts-mcp: give --base-url URL or --sandbox, not both\n");
    return 2;
  }
  // Without --base-url a connection is to CATS itself.
  std::string base_url = sandbox_account || !requested_base_url.empty() ? requested_base_url : kDefaultBaseUrl;
  if (!sandbox_account && !is_api_root(base_url)) {
    std::fprintf(stderr, "cats-contacts-mcp: --base-url must be an http(s) URL without credentials, such as %s\n",
                 kDefaultBaseUrl);
    return 2;
  }
  std::string key;
  if (!sandbox_account) {
    std::getline(std::cin, key);  // the key comes on stdin, never on the command line
    while (!key.empty() && (key.back() == '\r' || key.back() == ' ')) key.pop_back();
    if (key.empty()) {
      std::fprintf(stderr, "cats-contacts-mcp: pass the CATS API key on stdin\n");
      return 2;
    }
  }
  connections::ConnectionStore store(state_db_path(settings));
  std::printf("%s\n", store.add(owner, label, sandbox_account ? "sandbox" : "cats", base_url, key).c_str());
  return 0;
}

int run_connections_list(const Settings& settings, const std::string& owner) {
  connections::ConnectionStore store(state_db_path(settings));
  for (const auto& c : store.list(owner.empty() ? std::nullopt : std::optional(owner)))
    std::printf("%s\n", json::serialize(json::object{{"pcid", c.pcid}, {"owner", c.owner}, {"label", c.label},
                                                      {"kind", c.kind}, {"base_url", c.base_url},
                                                      {"date_created", c.date_created}}).c_str());
  return 0;
}

int run_connections_remove(const Settings& settings, const std::string& pcid) {
  connections::ConnectionStore store(state_db_path(settings));
  if (store.remove(pcid)) return 0;
  std::fprintf(stderr, "cats-contacts-mcp: no connection %s\n", pcid.c_str());
  return 1;
}

int run_sandbox_seed(const Settings& settings, std::int64_t count, const std::string& account) {
  sandbox::Store store(sandbox_db_path(settings));
  auto total = sandbox::generate_contacts(store, account, count, {});
  std::printf("%s\n", json::serialize(json::object{{"added", count}, {"contacts", total}}).c_str());
  return 0;
}

int run_connections_rotate_master_key(const Settings& settings) {
  connections::ConnectionStore store(state_db_path(settings));
  auto done = store.rotate_master_key();
  std::printf("%s\n", json::serialize(json::object{{"master_key_id", store.master_key_id()},
                                                    {"rewrapped", done.rewrapped},
                                                    {"unopened", json::value_from(done.unopened)}}).c_str());
  if (done.unopened.empty()) return 0;
  std::fprintf(stderr,
               "cats-contacts-mcp: %zu connection(s) open under neither CATS_MCP_MASTER_KEY nor "
               "CATS_MCP_MASTER_KEY_PREVIOUS and were left as they are\n",
               done.unopened.size());
  return 1;
}

}  // namespace cats_mcp::cli
