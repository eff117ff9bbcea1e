#pragma once
// The sandbox's CATS v3 router: (method, path, query, headers, body) in, (status, headers,
// body) out, with CATS's status codes, HAL envelopes and {"message": ...} errors. One
// implementation serves both the in-process backend and `sandbox serve`.
#include "sandbox/api.hpp"

#include <map>
#include <string>
#include <vector>

namespace cats_mcp::sandbox {

struct Route {
  std::string_view method;
  // "/contacts/{contact_id}/emails/{id}": each {name} matches a positive integer id, which the
  // handler reads as ctx.param("contact_id"). The names are CATS's (and the tool catalog's).
  std::string_view pattern;
  Response (*handler)(Ctx&);
};

// The route tables, one per resource file.
std::vector<Route> contact_routes();
std::vector<Route> contact_part_routes();  // emails, phones
std::vector<Route> tag_routes();
std::vector<Route> list_routes();
std::vector<Route> custom_field_routes();
std::vector<Route> activity_routes();      // activities, tasks, statuses
std::vector<Route> attachment_routes();    // attachments, thumbnail
std::vector<Route> search_routes();
std::vector<Route> reference_routes();     // users, companies
// All of them, in the order the router tries them.
std::vector<Route> all_routes();

// Fills a new account with the demo data (users, companies, tags, statuses, custom fields,
// contacts with emails, phones, an activity and a task, a list).
void seed_demo_data(Store& store, std::int64_t account, const Limits& limits);

class Router {
 public:
  explicit Router(Store& store, Limits limits = {});

  // Serves one request for the account of `api_key` (created with demo data on first use).
  Response handle(std::string_view api_key, const Request& request);

 private:
  Response dispatch(std::int64_t account, const Request& request);

  struct CompiledRoute {
    Route route;
    std::vector<std::string_view> segments;  // "{name}" for an id
  };

  Store& store_;
  Limits limits_;
  std::vector<CompiledRoute> routes_;
  std::map<std::string, std::int64_t, std::less<>> accounts_;  // API key -> account, once looked up
};

}  // namespace cats_mcp::sandbox
