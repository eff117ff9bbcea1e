#pragma once
// What every sandbox resource handler works with: the request, the response, the error it
// throws to refuse a request ({"message": ...} with a status), and helpers to read bodies,
// paging and ids the way CATS does.
#include "cats/contact_rules.hpp"
#include "sandbox/store.hpp"

#include <boost/json.hpp>

#include <cstdint>
#include <functional>
#include <limits>
#include <optional>
#include <stdexcept>
#include <string>
#include <utility>
#include <vector>

namespace cats_mcp::sandbox {

namespace json = boost::json;

// The API root of the in-process sandbox, which no one can reach over the network.
inline constexpr std::string_view kInProcessApiRoot = "https://sandbox.invalid/v3";

struct Request {
  std::string method;
  std::string path;  // without /v3, e.g. "/contacts/5/emails"
  std::vector<std::pair<std::string, std::string>> query;    // decoded
  std::vector<std::pair<std::string, std::string>> headers;  // names lower-cased
  std::string body;
  // Where this API is reached: Location and `_links` are absolute under it, as CATS's are.
  std::string api_root{kInProcessApiRoot};

  std::optional<std::string_view> query_param(std::string_view name) const;
  std::optional<std::string_view> header(std::string_view lower_name) const;
};

struct Response {
  int status = 200;
  std::vector<std::pair<std::string, std::string>> headers;
  std::string body;  // raw bytes (downloads); empty when `document` is set
  // A JSON answer, kept as a document: the in-process transport hands it to the client as is,
  // and only `sandbox serve` turns it into text (serialise_document), as the wire needs.
  std::optional<json::value> document;
};

// Moves a JSON answer's document into its body text, for the wire.
void serialise_document(Response& response);

// Thrown by handlers; becomes {"message": message, ...details} with this status. The
// transaction in progress rolls back, so a refused request changes nothing.
struct ApiError : std::runtime_error {
  ApiError(int status, const std::string& message, json::object details = {})
      : std::runtime_error(message), status(status), details(std::move(details)) {}
  int status;
  json::object details;  // more members of the error body: a duplicate's data_item, as CATS sends
};

struct Limits {
  std::size_t max_upload_bytes = cats::kMaxAttachmentBytes;
};

// One `{name}` of a route's template with the id the request put in its place.
struct PathParam {
  std::string_view name;
  std::int64_t id;
};

struct Ctx {
  Store& store;
  Db& db;
  std::int64_t account;
  const Request& req;
  std::vector<PathParam> path;  // the template's {name}s, in order
  const Limits& limits;

  // The id where the route's template says {name}: handlers read ids by the names the CATS
  // documentation (and the tool catalog) gives them, not by position. A name the template
  // lacks is a handler's bug: std::logic_error, which the router answers with a 500.
  std::int64_t param(std::string_view name) const;
};

// ---- responses ----
// A response's JSON leaves the handler (the in-process transport hands the document to the
// client), so it must own its memory: built with the default allocator, or in an arena that
// travels with it. A monotonic_resource on the stack must never hold it; that was a
// use-after-free which jemalloc hid. Functions that build JSON into someone else's storage take
// that storage as a parameter (json::storage_ptr), so the rule shows in their signatures.

// A fresh arena for one response: shared, so it lives as long as the JSON built in it.
json::storage_ptr response_arena();
// Whether `storage` may hold JSON that leaves a handler: the default allocator or a shared one.
bool owns_its_memory(const json::storage_ptr& storage);

// Throws std::logic_error (a 500, never a dangling document) when `document` borrows its storage.
Response json_response(int status, json::value document);
Response no_content();
// 201 with Location: the new resource's path (relative, like CATS's own hrefs).
Response created(const std::string& location);

struct Paging {
  std::int64_t page = 1;
  std::int64_t per_page = 25;
  // Saturates: a page far past the end (page 9223372036854775807) is an empty page, not an overflow.
  std::int64_t offset() const {
    return page - 1 > std::numeric_limits<std::int64_t>::max() / per_page ? std::numeric_limits<std::int64_t>::max()
                                                                          : (page - 1) * per_page;
  }
};
// page >= 1 and per_page 1-100 from the query string (400 otherwise); defaults 1 and 25.
Paging read_paging(const Request& req);
// The HAL collection envelope: count, total, _links self/first/last and prev/next, _embedded.key.
// The envelope is built in the items' storage, which must own its memory (response_arena()).
Response collection(const Ctx& ctx, std::string_view key, json::array items, std::int64_t total, const Paging& paging);

// One page of rows as a collection: `select` is a query whose last two parameters are LIMIT and
// OFFSET, `count` counts the same rows; both take `params` first. `render` turns a row into an item.
Response list_page(const Ctx& ctx, std::string_view key, std::string_view select, std::string_view count,
                   std::initializer_list<std::int64_t> params, const std::function<json::object(Query&)>& render);

// HAL _links, built in `sp` (pass the storage of the object they go into; {} is the default allocator).
json::object links(std::initializer_list<std::pair<std::string_view, std::string>> relations, json::storage_ptr sp = {});

// ---- request bodies ----
// The JSON object body (415 for a non-JSON content type, 400 when it is not an object).
json::object body_object(const Request& req);
std::optional<std::string> optional_string(const json::object& body, std::string_view name, std::size_t max_length = 10000);
std::string required_string(const json::object& body, std::string_view name, std::size_t max_length = 10000);
std::optional<std::int64_t> optional_id(const json::object& body, std::string_view name);
std::int64_t required_id(const json::object& body, std::string_view name);
std::optional<bool> optional_bool(const json::object& body, std::string_view name);
// A query flag "true"/"false"/"1"/"0"; absent is false.
bool query_flag(const Request& req, std::string_view name);

// ---- lookups: public ids are per account, rows reference each other by pk ----
// The pk of the row of `table` with this public id in this account, if there is one. `table`
// is always one of our literal table names, never user input.
std::optional<std::int64_t> find_pk(Db& db, std::string_view table, std::int64_t account, std::int64_t id);
// The same, or ApiError(status, message) when the account has no such row.
std::int64_t require_pk(const Ctx& ctx, std::string_view table, std::int64_t id, int status, const std::string& message);
std::int64_t contact_pk(const Ctx& ctx, std::int64_t contact_id);  // 404 "Contact not found."
// After an UPDATE or DELETE of one named row: 404 with `message` when it touched none.
void require_changed(const Ctx& ctx, const std::string& message);
bool exists(Db& db, std::string_view table, std::int64_t account, std::int64_t id);

}  // namespace cats_mcp::sandbox
