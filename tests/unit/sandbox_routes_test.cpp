// The sandbox plays CATS for every catalog tool under the same path template, names included:
// its handlers read ids by the names the catalog (and CATS's documentation) gives them, so a
// template that drifts on either side shows up here rather than as a 404 in a tool call.
#include "sandbox/router.hpp"
#include "tools/catalog.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <map>
#include <stdexcept>
#include <string>

using namespace cats_mcp;

namespace {
// "/contacts/{contact_id}/emails/{id}" -> "/contacts/{}/emails/{}": what the router matches on.
std::string shape_of(std::string_view pattern) {
  std::string out;
  bool in_name = false;
  for (char c : pattern) {
    if (c == '{') out += "{}";
    if (c == '{' || c == '}') in_name = c == '{';
    else if (!in_name) out += c;
  }
  return out;
}
}  // namespace

TEST(SandboxRoutes, EveryCatalogToolHasARouteWithExactlyItsTemplate) {
  auto routes = sandbox::all_routes();
  for (const auto& tool : tools::catalog()) {
    bool found = std::any_of(routes.begin(), routes.end(), [&](const sandbox::Route& r) {
      return r.method == tool.method && r.pattern == tool.path;
    });
    EXPECT_TRUE(found) << tool.name << ": the sandbox has no route " << tool.method << " " << tool.path;
  }
}

// Two templates of one shape and method (/contacts/{id} and /contacts/{contact_id}) would
// leave the second unreachable: the router takes the first that matches.
TEST(SandboxRoutes, NoTwoRoutesShareAMethodAndAShape) {
  std::map<std::string, std::string> seen;
  for (const auto& route : sandbox::all_routes()) {
    auto key = std::string(route.method) + " " + shape_of(route.pattern);
    auto [it, added] = seen.emplace(key, std::string(route.pattern));
    EXPECT_TRUE(added) << route.method << " " << route.pattern << " shadows " << it->second;
  }
}

TEST(SandboxRoutes, AHandlerReadsAnIdByItsNameAndAMissingNameIsAnError) {
  sandbox::Store store(":memory:");
  sandbox::Request request;
  sandbox::Limits limits;
  sandbox::Ctx ctx{store, store.db(), 1, request, {{"contact_id", 7}, {"id", 9}}, limits};
  EXPECT_EQ(ctx.param("contact_id"), 7);
  EXPECT_EQ(ctx.param("id"), 9);
  EXPECT_THROW(ctx.param("tag_id"), std::logic_error);  // the router answers it with a 500
}
