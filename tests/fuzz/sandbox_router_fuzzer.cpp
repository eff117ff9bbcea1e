// The sandbox router: any method, path, query, headers and body (request_encoding.hpp), routed
// against one demo account whose every change is rolled back after the input. Seeds cover
// each route, including search (GET /contacts/search) and filter (POST /contacts/search).
// Besides the sanitizers it checks the answers CATS clients rely on: a status in range,
// errors as {"message": ...}, a Location on 201, and no 500: on a healthy database an
// internal error is a handler bug.
#include "fuzz_check.hpp"
#include "fuzz_sandbox.hpp"
#include "request_encoding.hpp"

#include "util/log.hpp"

#include <cstddef>
#include <cstdint>

using namespace cats_mcp;

namespace {

void check_response(sandbox::Response& response) {
  FUZZ_CHECK(response.status >= 200 && response.status <= 599, "the status is a final HTTP status");
  FUZZ_CHECK(response.status != 500, "no request makes a handler fail on a healthy database");
  if (response.status >= 400) {
    FUZZ_CHECK(response.document && response.document->is_object(), "an error is a JSON object");
    auto message = response.document->as_object().if_contains("message");
    FUZZ_CHECK(message && message->is_string(), "an error carries CATS's {\"message\": ...}");
  }
  if (response.status == 201) {
    bool has_location = false;
    for (const auto& [name, value] : response.headers) has_location |= name == "Location" && !value.empty();
    FUZZ_CHECK(has_location, "a 201 names the new resource in Location");
  }
  sandbox::serialise_document(response);  // what `sandbox serve` puts on the wire
}

}  // namespace

extern "C" int LLVMFuzzerInitialize(int*, char***) {
  set_stderr_log_level(LogLevel::emergency);
  fuzz::FuzzSandbox::get();
  return 0;
}

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  auto request = fuzz::decode_request(std::string_view(reinterpret_cast<const char*>(data), size));
  auto& sandbox = fuzz::FuzzSandbox::get();
  auto undo = sandbox.rollback_scope();
  auto response = sandbox.router()->handle(fuzz::FuzzSandbox::account_key(), request);
  check_response(response);
  return 0;
}
