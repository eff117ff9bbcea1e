#include "cats/curl_transport.hpp"

#include "version.hpp"

#include <curl/curl.h>

#include <cstring>

namespace cats_mcp::cats {
namespace {

struct GlobalCurl {
  GlobalCurl() { curl_global_init(CURL_GLOBAL_DEFAULT); }
  ~GlobalCurl() { curl_global_cleanup(); }
};

struct Exchange {
  CatsResponse* response;
  const SendOptions* options;
  size_t upload_size;
  size_t received = 0;     // header and body bytes so far, counted against the cap
  bool too_large = false;  // the cap was passed: the transfer was aborted
};

// Counts `n` more bytes of the answer; false once they pass the cap. Returning a short count
// from a libcurl callback aborts the transfer at once, so no more than the cap is ever held.
bool within_cap(Exchange& ex, size_t n) {
  ex.received += n;
  if (ex.received <= ex.options->max_response_bytes) return true;
  ex.too_large = true;
  return false;
}

size_t on_body(char* data, size_t size, size_t count, void* user) {
  auto* ex = static_cast<Exchange*>(user);
  if (!within_cap(*ex, size * count)) return 0;
  ex->response->body.append(data, size * count);
  return size * count;
}

size_t on_header(char* data, size_t size, size_t count, void* user) {
  auto* ex = static_cast<Exchange*>(user);
  if (!within_cap(*ex, size * count)) return 0;  // endless headers are an endless answer too
  std::string_view line(data, size * count);
  if (line.starts_with("HTTP/")) {
    ex->response->headers.clear();  // a new response (after 100-continue or a redirect)
    return size * count;
  }
  auto colon = line.find(':');
  if (colon == std::string_view::npos) return size * count;
  auto name = lower(line.substr(0, colon));
  auto value = line.substr(colon + 1);
  while (!value.empty() && (value.front() == ' ' || value.front() == '\t')) value.remove_prefix(1);
  while (!value.empty() && (value.back() == '\r' || value.back() == '\n' || value.back() == ' '))
    value.remove_suffix(1);
  ex->response->headers.emplace_back(std::move(name), std::string(value));
  return size * count;
}

int on_progress(void* user, curl_off_t, curl_off_t, curl_off_t, curl_off_t ulnow) {
  auto* ex = static_cast<Exchange*>(user);
  if (ex->options->cancel && ex->options->cancel->cancelled()) return 1;  // aborts the transfer
  if (ex->options->upload_progress && ex->upload_size > 0)
    ex->options->upload_progress(size_t(ulnow), ex->upload_size);
  return 0;
}

// Only a failure that proves the request never left counts as connect_failed, the one failure
// after which even a create may be sent again: an error of the connect phase, with not one byte
// of the request written. Anything else (a dropped connection, an answer that is not HTTP) may
// come after CATS has read, and applied, the request.
TransportFailure classify(CURLcode code, bool nothing_sent) {
  switch (code) {
    case CURLE_COULDNT_RESOLVE_HOST:
    case CURLE_COULDNT_RESOLVE_PROXY:
    case CURLE_COULDNT_CONNECT:
    case CURLE_SSL_CONNECT_ERROR:
    case CURLE_PEER_FAILED_VERIFICATION:
    case CURLE_URL_MALFORMAT:
    case CURLE_UNSUPPORTED_PROTOCOL:  // before sending: a base URL that is not http(s)
      return nothing_sent ? TransportFailure::connect_failed : TransportFailure::network;
    case CURLE_OPERATION_TIMEDOUT:
      return TransportFailure::timed_out;
    case CURLE_ABORTED_BY_CALLBACK:
      return TransportFailure::cancelled;
    default:
      return TransportFailure::network;
  }
}

std::string failure_detail(CURLcode code, const char* error_buffer, bool nothing_sent) {
  std::string curl_says = error_buffer[0] ? error_buffer : curl_easy_strerror(code);
  // After the request went out, these two mean the reply was not HTTP at all ("Received HTTP/0.9").
  if (!nothing_sent && (code == CURLE_UNSUPPORTED_PROTOCOL || code == CURLE_WEIRD_SERVER_REPLY))
    return "CATS answered something that is not HTTP: " + curl_says;
  return curl_says;
}

}  // namespace

CurlTransport::CurlTransport(std::string base_url) : base_url_(std::move(base_url)) {
  static GlobalCurl global;
  while (!base_url_.empty() && base_url_.back() == '/') base_url_.pop_back();
}

CurlTransport::~CurlTransport() {
  for (void* h : idle_handles_) curl_easy_cleanup(static_cast<CURL*>(h));
}

void* CurlTransport::acquire() {
  {
    std::lock_guard lock(pool_mutex_);
    if (!idle_handles_.empty()) {
      void* h = idle_handles_.back();
      idle_handles_.pop_back();
      return h;
    }
  }
  return curl_easy_init();
}

void CurlTransport::release(void* handle) {
  std::lock_guard lock(pool_mutex_);
  idle_handles_.push_back(handle);
}

TransportResult CurlTransport::send(const CatsRequest& request, const SendOptions& options) {
  TransportResult result;
  CURL* curl = static_cast<CURL*>(acquire());
  if (!curl) {
    result.failure = TransportFailure::connect_failed;
    result.detail = "could not create an HTTP handle";
    return result;
  }
  curl_easy_reset(curl);  // keeps the connection cache; clears the previous request's options

  std::string url = base_url_ + request.target();
  Exchange ex{&result.response, &options, request.body ? request.body->size() : 0};
  char error_buffer[CURL_ERROR_SIZE] = {0};
  static const std::string user_agent = std::string(kServerName) + "/" + kVersion;

  curl_easy_setopt(curl, CURLOPT_URL, url.c_str());
  curl_easy_setopt(curl, CURLOPT_USERAGENT, user_agent.c_str());
  curl_easy_setopt(curl, CURLOPT_NOSIGNAL, 1L);
  curl_easy_setopt(curl, CURLOPT_ERRORBUFFER, error_buffer);
  curl_easy_setopt(curl, CURLOPT_TIMEOUT_MS, long(options.timeout.count()));
  curl_easy_setopt(curl, CURLOPT_CONNECTTIMEOUT_MS, long(std::min<long>(10000, options.timeout.count())));
  curl_easy_setopt(curl, CURLOPT_WRITEFUNCTION, on_body);
  curl_easy_setopt(curl, CURLOPT_WRITEDATA, &ex);
  curl_easy_setopt(curl, CURLOPT_HEADERFUNCTION, on_header);
  curl_easy_setopt(curl, CURLOPT_HEADERDATA, &ex);
  curl_easy_setopt(curl, CURLOPT_NOPROGRESS, 0L);
  curl_easy_setopt(curl, CURLOPT_XFERINFOFUNCTION, on_progress);
  curl_easy_setopt(curl, CURLOPT_XFERINFODATA, &ex);
  // No CURLOPT_ACCEPT_ENCODING: compression is neither asked for nor undone, so a small gzip
  // body cannot inflate past the cap (CATS's JSON answers are small enough as they are).
  // An answer that announces a length over the cap is refused before its body is read.
  curl_easy_setopt(curl, CURLOPT_MAXFILESIZE_LARGE, curl_off_t(options.max_response_bytes));
  // libcurl silently sends a request again on a new connection when a reused keep-alive
  // connection closes unanswered: harmless for a GET, a duplicate record for a create that
  // CATS had already read. A request that is not idempotent therefore never rides a reused
  // connection, so libcurl has no reason to resend it.
  if (!request.idempotent()) curl_easy_setopt(curl, CURLOPT_FRESH_CONNECT, 1L);
  curl_easy_setopt(curl, CURLOPT_CUSTOMREQUEST, request.method.c_str());
  if (request.body) {
    curl_easy_setopt(curl, CURLOPT_POSTFIELDS, request.body->data());
    curl_easy_setopt(curl, CURLOPT_POSTFIELDSIZE_LARGE, curl_off_t(request.body->size()));
  } else if (request.method == "GET") {
    curl_easy_setopt(curl, CURLOPT_HTTPGET, 1L);
  } else if (request.method != "DELETE") {
    // PUT/POST without a body still needs an explicit empty body and length.
    curl_easy_setopt(curl, CURLOPT_POSTFIELDS, "");
    curl_easy_setopt(curl, CURLOPT_POSTFIELDSIZE, 0L);
  }

  curl_slist* headers = nullptr;
  headers = curl_slist_append(headers, "Accept: application/json");
  headers = curl_slist_append(headers, "Expect:");  // no 100-continue round trip on uploads
  if (request.body) headers = curl_slist_append(headers, ("Content-Type: " + request.content_type).c_str());
  for (const auto& [name, value] : request.headers)
    headers = curl_slist_append(headers, (name + ": " + value).c_str());
  curl_easy_setopt(curl, CURLOPT_HTTPHEADER, headers);

  CURLcode code = curl_easy_perform(curl);
  curl_slist_free_all(headers);
  // The handle still points at our stack buffers; clear them before pooling it.
  curl_easy_setopt(curl, CURLOPT_ERRORBUFFER, nullptr);

  if (code == CURLE_OK) {
    long status = 0;
    curl_easy_getinfo(curl, CURLINFO_RESPONSE_CODE, &status);
    result.response.status = int(status);
    release(curl);
    return result;
  }
  if (ex.too_large || code == CURLE_FILESIZE_EXCEEDED) {
    result.failure = TransportFailure::too_large;
    result.detail = "the answer was larger than " + std::to_string(options.max_response_bytes) + " bytes";
    result.response = {};  // release what was read so far
  } else {
    long request_bytes = 0;  // bytes of the request actually written to a socket
    curl_easy_getinfo(curl, CURLINFO_REQUEST_SIZE, &request_bytes);
    result.failure = classify(code, request_bytes == 0);
    result.detail = failure_detail(code, error_buffer, request_bytes == 0);
  }
  // A connection that failed mid-exchange may be poisoned; do not pool that handle.
  curl_easy_cleanup(curl);
  return result;
}

}  // namespace cats_mcp::cats
