#pragma once
// A fresh PostgreSQL database for one test, on the server scripts/with_postgres.sh started
// (CATS_MCP_TEST_POSTGRES, a libpq URI with superuser rights), dropped when the test ends.
// Without that server a test skips, unless CATS_REQUIRE_POSTGRES=1 (scripts/test.sh, CI): then
// it fails, so the PostgreSQL half of the suite can never pass by not running.
#include "storage/postgres.hpp"

#include <boost/url/parse.hpp>
#include <boost/url/url.hpp>
#include <gtest/gtest.h>

#include <atomic>
#include <cstdlib>
#include <optional>
#include <random>
#include <string>

namespace cats_mcp::testing {

inline std::optional<std::string> postgres_test_server() {
  const char* uri = std::getenv("CATS_MCP_TEST_POSTGRES");
  if (uri && *uri) return std::string(uri);
  return std::nullopt;
}

inline bool postgres_required() {
  const char* required = std::getenv("CATS_REQUIRE_POSTGRES");
  return required && std::string(required) == "1";
}

class PostgresTestDb {
 public:
  PostgresTestDb() {
    auto server = postgres_test_server();
    if (!server) return;
    std::random_device random;
    name_ = "cats_test_" + std::to_string(random()) + std::to_string(random());
    storage::PgConnection(*server).exec("CREATE DATABASE " + name_);
    boost::urls::url url(*boost::urls::parse_uri(*server));
    url.set_path("/" + name_);
    uri_ = std::string(url.buffer());
  }
  ~PostgresTestDb() {
    if (name_.empty()) return;
    try {
      storage::PgConnection(*postgres_test_server()).exec("DROP DATABASE IF EXISTS " + name_ + " WITH (FORCE)");
    } catch (...) {
    }
  }
  PostgresTestDb(const PostgresTestDb&) = delete;
  PostgresTestDb& operator=(const PostgresTestDb&) = delete;

  bool available() const { return !uri_.empty(); }
  const std::string& uri() const { return uri_; }

 private:
  std::string name_;
  std::string uri_;
};

// In a test body: skips (or, when PostgreSQL is required, fails) without a test server.
#define CATS_NEED_POSTGRES(db)                                                                 \
  do {                                                                                          \
    if (!(db).available()) {                                                                    \
      if (::cats_mcp::testing::postgres_required())                                             \
        FAIL() << "CATS_REQUIRE_POSTGRES=1 but CATS_MCP_TEST_POSTGRES names no server";         \
      GTEST_SKIP() << "no PostgreSQL test server (run under scripts/with_postgres.sh)";         \
    }                                                                                           \
  } while (0)

}  // namespace cats_mcp::testing
