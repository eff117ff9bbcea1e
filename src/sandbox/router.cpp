#include "sandbox/router.hpp"

#include "sandbox/absolute_links.hpp"

#include "util/log.hpp"

#include <cctype>

namespace cats_mcp::sandbox {

namespace {
// Splits "/contacts/5/emails" into its segments.
std::vector<std::string_view> segments(std::string_view path) {
  std::vector<std::string_view> out;
  while (!path.empty()) {
    if (path.front() == '/') {
      path.remove_prefix(1);
      continue;
    }
    auto slash = path.find('/');
    out.push_back(path.substr(0, slash));
    if (slash == std::string_view::npos) break;
    path.remove_prefix(slash);
  }
  return out;
}

std::optional<std::int64_t> positive_id(std::string_view s) {
  if (s.empty() || s.size() > 15) return std::nullopt;
  std::int64_t n = 0;
  for (char c : s) {
    if (!std::isdigit(static_cast<unsigned char>(c))) return std::nullopt;
    n = n * 10 + (c - '0');
  }
  return n > 0 ? std::optional(n) : std::nullopt;
}

// "{contact_id}" -> "contact_id"; a literal segment has no name.
std::optional<std::string_view> param_name(std::string_view part) {
  if (part.size() < 3 || part.front() != '{' || part.back() != '}') return std::nullopt;
  return part.substr(1, part.size() - 2);
}

// Matches a path against a pattern's segments, collecting the named ids; false when it does not fit.
bool match(const std::vector<std::string_view>& parts, const std::vector<std::string_view>& path,
           std::vector<PathParam>& params) {
  if (parts.size() != path.size()) return false;
  params.clear();
  for (std::size_t i = 0; i < parts.size(); ++i) {
    if (auto name = param_name(parts[i])) {
      auto id = positive_id(path[i]);
      if (!id) return false;
      params.push_back({*name, *id});
    } else if (parts[i] != path[i]) {
      return false;
    }
  }
  return true;
}

Response error(int status, std::string_view message, const json::object& details = {}) {
  json::object body{{"message", message}};
  for (const auto& member : details) body[member.key()] = member.value();
  return json_response(status, std::move(body));
}

Response database_error(const SqliteError& e) {
  switch (e.code & 0xff) {  // the primary result code
    case SQLITE_BUSY:
    case SQLITE_LOCKED:
      return error(503, "The sandbox database is busy (another process is writing to it); nothing was changed. Try again.");
    case SQLITE_FULL:
      return error(507, "The sandbox database's disk is full; nothing was changed.");
    case SQLITE_READONLY:
      return error(500, "The sandbox database is read-only; nothing was changed.");
    case SQLITE_CORRUPT:
    case SQLITE_NOTADB:
      return error(500, "The sandbox database is damaged; nothing was changed. Restore it or point --db at a new file.");
    default:
      return error(500, "The sandbox database failed; nothing was changed.");
  }
}
}  // namespace

std::vector<Route> all_routes() {
  std::vector<Route> all;
  for (auto table : {search_routes(), contact_routes(), contact_part_routes(), tag_routes(), list_routes(),
                     custom_field_routes(), activity_routes(), attachment_routes(), reference_routes()})
    all.insert(all.end(), table.begin(), table.end());
  return all;
}

Router::Router(Store& store, Limits limits) : store_(store), limits_(limits) {
  for (const auto& route : all_routes()) routes_.push_back({route, segments(route.pattern)});
}

Response Router::handle(std::string_view api_key, const Request& request) {
  std::lock_guard lock(store_.mutex());
  try {
    auto known = accounts_.find(api_key);
    if (known == accounts_.end()) {
      std::int64_t account = store_.find_account(api_key);
      if (!account) {
        account = store_.create_account(api_key, [&](std::int64_t created) { seed_demo_data(store_, created, limits_); });
        log(LogLevel::info, "sandbox account created with demo data");
      }
      known = accounts_.emplace(std::string(api_key), account).first;
    }
    auto response = dispatch(known->second, request);
    make_links_absolute(response, request.api_root);
    return response;
  } catch (const ApiError& e) {
    return error(e.status, e.what(), e.details);
  } catch (const SqliteError& e) {
    // The request's transaction rolled back, so whatever went wrong, nothing was changed: say so,
    // rather than leaving a create in doubt.
    log(LogLevel::error, "sandbox request failed", {{"path", request.path}, {"error", e.what()}});
    return database_error(e);
  } catch (const std::exception& e) {
    log(LogLevel::error, "sandbox request failed", {{"path", request.path}, {"error", e.what()}});
    return error(500, "Internal error.");
  }
}

Response Router::dispatch(std::int64_t account, const Request& request) {
  auto path = segments(request.path);
  std::vector<PathParam> params;
  bool path_known = false;
  for (const auto& [route, parts] : routes_) {
    if (!match(parts, path, params)) continue;
    path_known = true;
    if (route.method != request.method) continue;
    Ctx ctx{store_, store_.db(), account, request, params, limits_};
    // Every request is one transaction: all of it, or none of it. Writers lock up front, so two
    // processes on one database wait for each other instead of failing on a lock upgrade.
    Transaction tx(store_.db(), request.method == "GET" ? Access::read : Access::write);
    try {
      Response response = route.handler(ctx);
      tx.commit();
      return response;
    } catch (const ApiError& e) {
      return error(e.status, e.what(), e.details);  // the transaction rolls back: a refused request changes nothing
    }
  }
  if (path_known) return error(405, "Method not allowed.");
  return error(404, "Not found.");
}

}  // namespace cats_mcp::sandbox
