#include "cats/curl_exchange.hpp"

#include "version.hpp"

#include <algorithm>

namespace cats_mcp::cats {
namespace {

// Counts `n` more bytes of the answer; false once they pass the cap. Returning a short count
// from a libcurl callback aborts the transfer at once, so no more than the cap is ever held.
bool within_cap(CurlExchange::Received& in, size_t n) {
  in.bytes += n;
  if (in.bytes <= in.cap) return true;
  in.too_large = true;
  return false;
}

size_t on_body(char* data, size_t size, size_t count, void* user) {
  auto* in = static_cast<CurlExchange::Received*>(user);
  if (!within_cap(*in, size * count)) return 0;
  in->response.body.append(data, size * count);
  return size * count;
}

size_t on_header(char* data, size_t size, size_t count, void* user) {
  auto* in = static_cast<CurlExchange::Received*>(user);
  if (!within_cap(*in, size * count)) return 0;  // endless headers are an endless answer too
  std::string_view line(data, size * count);
  if (line.starts_with("HTTP/")) {
    in->response.headers.clear();  // a new response (after 100-continue or a redirect)
    return size * count;
  }
  auto colon = line.find(':');
  if (colon == std::string_view::npos) return size * count;
  auto name = lower(line.substr(0, colon));
  auto value = line.substr(colon + 1);
  while (!value.empty() && (value.front() == ' ' || value.front() == '\t')) value.remove_prefix(1);
  while (!value.empty() && (value.back() == '\r' || value.back() == '\n' || value.back() == ' '))
    value.remove_suffix(1);
  in->response.headers.emplace_back(std::move(name), std::string(value));
  return size * count;
}

int on_progress(void* user, curl_off_t, curl_off_t, curl_off_t, curl_off_t ulnow) {
  auto* in = static_cast<CurlExchange::Received*>(user);
  if (in->upload_size > 0) in->upload_progress(size_t(ulnow), in->upload_size);
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

CurlExchange::CurlExchange(const std::string& base_url, CatsRequest request, SendOptions options)
    : request_(std::move(request)), options_(std::move(options)), url_(base_url + request_.target()) {
  easy_ = curl_easy_init();
  if (!easy_) return;
  received_.cap = options_.max_response_bytes;
  received_.upload_size = request_.body ? request_.body->size() : 0;
  received_.upload_progress = options_.upload_progress;
  static const std::string user_agent = std::string(kServerName) + "/" + kVersion;

  curl_easy_setopt(easy_, CURLOPT_URL, url_.c_str());
  curl_easy_setopt(easy_, CURLOPT_USERAGENT, user_agent.c_str());
  curl_easy_setopt(easy_, CURLOPT_NOSIGNAL, 1L);
  curl_easy_setopt(easy_, CURLOPT_ERRORBUFFER, error_);
  set_timeout(options_.timeout);
  // libcurl's receive buffer is 16 KiB per transfer by default: 160 MB with 10,000 in flight.
  // CATS's answers arrive in 8 KiB reads as well (a 100-contact page is a dozen of them).
  curl_easy_setopt(easy_, CURLOPT_BUFFERSIZE, 8192L);
  curl_easy_setopt(easy_, CURLOPT_WRITEFUNCTION, on_body);
  curl_easy_setopt(easy_, CURLOPT_WRITEDATA, &received_);
  curl_easy_setopt(easy_, CURLOPT_HEADERFUNCTION, on_header);
  curl_easy_setopt(easy_, CURLOPT_HEADERDATA, &received_);
  if (received_.upload_progress) {  // only large uploads report; nothing else needs the callback
    curl_easy_setopt(easy_, CURLOPT_NOPROGRESS, 0L);
    curl_easy_setopt(easy_, CURLOPT_XFERINFOFUNCTION, on_progress);
    curl_easy_setopt(easy_, CURLOPT_XFERINFODATA, &received_);
  }
  // No CURLOPT_ACCEPT_ENCODING: compression is neither asked for nor undone, so a small gzip
  // body cannot inflate past the cap (CATS's JSON answers are small enough as they are).
  // An answer that announces a length over the cap is refused before its body is read.
  curl_easy_setopt(easy_, CURLOPT_MAXFILESIZE_LARGE, curl_off_t(options_.max_response_bytes));
  // libcurl silently sends a request again on a new connection when a reused keep-alive
  // connection closes unanswered: harmless for a GET, a duplicate record for a create that
  // CATS had already read. A request that is not idempotent therefore never rides a reused
  // connection, so libcurl has no reason to resend it.
  if (!request_.idempotent()) curl_easy_setopt(easy_, CURLOPT_FRESH_CONNECT, 1L);
  curl_easy_setopt(easy_, CURLOPT_CUSTOMREQUEST, request_.method.c_str());
  if (request_.body) {
    curl_easy_setopt(easy_, CURLOPT_POSTFIELDS, request_.body->data());
    curl_easy_setopt(easy_, CURLOPT_POSTFIELDSIZE_LARGE, curl_off_t(request_.body->size()));
  } else if (request_.method == "GET") {
    curl_easy_setopt(easy_, CURLOPT_HTTPGET, 1L);
  } else if (request_.method != "DELETE") {
    // PUT/POST without a body still needs an explicit empty body and length.
    curl_easy_setopt(easy_, CURLOPT_POSTFIELDS, "");
    curl_easy_setopt(easy_, CURLOPT_POSTFIELDSIZE, 0L);
  }

  headers_ = curl_slist_append(headers_, "Accept: application/json");
  headers_ = curl_slist_append(headers_, "Expect:");  // no 100-continue round trip on uploads
  if (request_.body) headers_ = curl_slist_append(headers_, ("Content-Type: " + request_.content_type).c_str());
  for (const auto& [name, value] : request_.headers)
    headers_ = curl_slist_append(headers_, (name + ": " + value).c_str());
  curl_easy_setopt(easy_, CURLOPT_HTTPHEADER, headers_);
}

CurlExchange::~CurlExchange() {
  if (easy_) curl_easy_cleanup(easy_);
  curl_slist_free_all(headers_);
}

void CurlExchange::set_timeout(std::chrono::milliseconds timeout) {
  long ms = std::max<long>(1, long(timeout.count()));
  curl_easy_setopt(easy_, CURLOPT_TIMEOUT_MS, ms);
  curl_easy_setopt(easy_, CURLOPT_CONNECTTIMEOUT_MS, std::min<long>(10000, ms));
}

TransportResult CurlExchange::finish(CURLcode code) {
  TransportResult result;
  if (code == CURLE_OK) {
    long status = 0;
    curl_easy_getinfo(easy_, CURLINFO_RESPONSE_CODE, &status);
    result.response = std::move(received_.response);
    result.response.status = int(status);
    return result;
  }
  if (received_.too_large || code == CURLE_FILESIZE_EXCEEDED) {
    result.failure = TransportFailure::too_large;
    result.detail = "the answer was larger than " + std::to_string(options_.max_response_bytes) + " bytes";
    received_.response = {};  // release what was read so far
    return result;
  }
  long request_bytes = 0;  // bytes of the request actually written to a socket
  curl_easy_getinfo(easy_, CURLINFO_REQUEST_SIZE, &request_bytes);
  result.failure = classify(code, request_bytes == 0);
  result.detail = failure_detail(code, error_, request_bytes == 0);
  return result;
}

}  // namespace cats_mcp::cats
