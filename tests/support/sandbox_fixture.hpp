#pragma once
// A sandbox router over an in-memory database, and a one-line way to call it.
#include "sandbox/router.hpp"

#include <boost/json.hpp>
#include <gtest/gtest.h>

#include <memory>
#include <string>

namespace cats_mcp::testing {

struct SandboxReply {
  int status = 0;
  std::vector<std::pair<std::string, std::string>> headers;
  std::string raw;
  boost::json::value json;  // null when the body is not JSON

  std::string header(std::string_view name) const {
    for (const auto& [k, v] : headers)
      if (k == name) return v;
    return "";
  }
  std::string message() const {
    return json.is_object() && json.as_object().contains("message") ? std::string(json.at("message").as_string()) : "";
  }
};

class SandboxTest : public ::testing::Test {
 protected:
  SandboxTest() : store_(":memory:"), router_(store_, limits_) {}

  SandboxReply call(std::string method, std::string path_and_query, std::string body = {}, std::string key = "acct-a",
                    std::string content_type = "application/json") {
    sandbox::Request r;
    r.method = std::move(method);
    auto q = path_and_query.find('?');
    r.path = path_and_query.substr(0, q);
    if (q != std::string::npos) {
      std::string_view rest(path_and_query);
      rest.remove_prefix(q + 1);
      while (!rest.empty()) {
        auto amp = rest.find('&');
        auto pair = rest.substr(0, amp);
        auto eq = pair.find('=');
        r.query.emplace_back(decode(pair.substr(0, eq)), eq == std::string_view::npos ? "" : decode(pair.substr(eq + 1)));
        if (amp == std::string_view::npos) break;
        rest.remove_prefix(amp + 1);
      }
    }
    if (!body.empty()) r.headers.emplace_back("content-type", content_type);
    r.body = std::move(body);
    auto response = router_.handle(key, r);
    sandbox::serialise_document(response);  // as the wire carries it
    SandboxReply out{response.status, response.headers, response.body, nullptr};
    boost::system::error_code ec;
    auto doc = boost::json::parse(response.body, ec);
    if (!ec) out.json = doc;
    return out;
  }
  static std::string decode(std::string_view s) {  // %XX as a real transport decodes it
    std::string out;
    for (std::size_t i = 0; i < s.size(); ++i) {
      if (s[i] == '%' && i + 2 < s.size()) {
        out.push_back(char(std::stoi(std::string(s.substr(i + 1, 2)), nullptr, 16)));
        i += 2;
      } else {
        out.push_back(s[i]);
      }
    }
    return out;
  }

  SandboxReply get(std::string path, std::string key = "acct-a") { return call("GET", std::move(path), {}, std::move(key)); }
  SandboxReply post(std::string path, std::string body, std::string key = "acct-a") {
    return call("POST", std::move(path), std::move(body), std::move(key));
  }
  SandboxReply put(std::string path, std::string body) { return call("PUT", std::move(path), std::move(body)); }
  SandboxReply del(std::string path) { return call("DELETE", std::move(path)); }

  // Creates a contact for company 1 / owner 1 with extra JSON members; returns its id.
  std::int64_t new_contact(std::string first, std::string last, std::string extra = "") {
    auto r = post("/contacts", R"({"first_name":")" + first + R"(","last_name":")" + last +
                                   R"(","owner_id":1,"company_id":1)" + (extra.empty() ? "" : "," + extra) + "}");
    EXPECT_EQ(r.status, 201) << r.raw;
    auto location = r.header("Location");
    return std::stoll(location.substr(location.rfind('/') + 1));
  }

  std::int64_t count_rows(const std::string& sql) {
    auto q = store_.db().query(sql);
    q.step();
    return q.integer(0);
  }

  sandbox::Limits limits_{1024 * 1024};
  sandbox::Store store_;
  sandbox::Router router_;
};

}  // namespace cats_mcp::testing
