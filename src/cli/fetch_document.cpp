#include "cli/fetch_document.hpp"

#include "http/http_server.hpp"
#include "util/log.hpp"

#include <boost/url/parse.hpp>
#include <curl/curl.h>

#include <memory>

namespace cats_mcp::cli {
namespace {
constexpr std::size_t kMaxBytes = 1024 * 1024;

struct Body {
  std::string text;
  bool too_large = false;
};

std::size_t keep(char* data, std::size_t size, std::size_t count, void* user) {
  auto* body = static_cast<Body*>(user);
  if (body->text.size() + size * count > kMaxBytes) {
    body->too_large = true;
    return 0;  // stops the transfer
  }
  body->text.append(data, size * count);
  return size * count;
}
}  // namespace

void prepare_document_fetching() { curl_global_init(CURL_GLOBAL_DEFAULT); }

bool is_secure_or_loopback_url(const std::string& url) {
  auto parsed = boost::urls::parse_absolute_uri(url);
  if (!parsed || parsed->has_userinfo() || parsed->encoded_host().empty()) return false;
  if (parsed->scheme() == "https") return true;
  return parsed->scheme() == "http" && http::is_loopback(std::string(parsed->host_address()));
}

std::optional<std::string> fetch_document(const std::string& url) {
  if (!is_secure_or_loopback_url(url)) {
    log(LogLevel::warning, "not fetched: neither https nor loopback", {{"url", url}});
    return std::nullopt;
  }
  std::unique_ptr<CURL, decltype(&curl_easy_cleanup)> curl(curl_easy_init(), curl_easy_cleanup);
  if (!curl) return std::nullopt;
  Body body;
  curl_easy_setopt(curl.get(), CURLOPT_URL, url.c_str());
  curl_easy_setopt(curl.get(), CURLOPT_HTTPGET, 1L);
  curl_easy_setopt(curl.get(), CURLOPT_TIMEOUT_MS, 5000L);
  curl_easy_setopt(curl.get(), CURLOPT_NOSIGNAL, 1L);
  curl_easy_setopt(curl.get(), CURLOPT_FOLLOWLOCATION, 1L);
  curl_easy_setopt(curl.get(), CURLOPT_MAXREDIRS, 3L);
  curl_easy_setopt(curl.get(), CURLOPT_REDIR_PROTOCOLS_STR, "https");
  curl_easy_setopt(curl.get(), CURLOPT_PROTOCOLS_STR, "https,http");
  curl_easy_setopt(curl.get(), CURLOPT_USERAGENT, "cats-contacts-mcp");
  curl_easy_setopt(curl.get(), CURLOPT_SSL_VERIFYPEER, 1L);  // libcurl's defaults, said outright: these are keys
  curl_easy_setopt(curl.get(), CURLOPT_SSL_VERIFYHOST, 2L);
  curl_easy_setopt(curl.get(), CURLOPT_WRITEFUNCTION, keep);
  curl_easy_setopt(curl.get(), CURLOPT_WRITEDATA, &body);
  CURLcode result = curl_easy_perform(curl.get());
  long status = 0;
  curl_easy_getinfo(curl.get(), CURLINFO_RESPONSE_CODE, &status);
  if (result != CURLE_OK || status != 200) {
    log(LogLevel::warning, "could not fetch a document",
        {{"url", url}, {"status", status}, {"error", body.too_large ? "larger than 1 MB" : curl_easy_strerror(result)}});
    return std::nullopt;
  }
  return std::move(body.text);
}

}  // namespace cats_mcp::cli
