// Host and Origin parsing is strict: the exact inputs a red-team pass used to slip a foreign
// name past the loopback defaults, and the shapes that must keep working.
#include "http/origin_policy.hpp"

#include <gtest/gtest.h>

#include <stdexcept>

using cats_mcp::http::OriginPolicy;
using cats_mcp::http::parse_host_port;
using cats_mcp::http::parse_origin;

TEST(OriginPolicy, HostsWithTrailingTextOrABadPortAreRefused) {
  OriginPolicy policy;
  for (const char* host : {"[::1]evil.com", "localhost:abc", "localhost:", "localhost:99999", "localhost:80:80",
                           "localhost.evil.com", "127.0.0.1.evil.com", "user@localhost", " localhost", "localhost ",
                           "[::1", "[evil.com]", "[]", "", "localhost/", "evil.example", "localhost:+80"})
    EXPECT_FALSE(policy.host_allowed(host)) << host;
}

TEST(OriginPolicy, LoopbackHostsOnAnyPortAreAllowed) {
  OriginPolicy policy;
  for (const char* host : {"localhost", "LOCALHOST", "localhost:8080", "127.0.0.1", "127.0.0.1:1", "[::1]", "[::1]:65535"})
    EXPECT_TRUE(policy.host_allowed(host)) << host;
}

TEST(OriginPolicy, AConfiguredHostWithAPortMatchesOnlyThatPort) {
  OriginPolicy policy;
  policy.allow_host("mcp.example.com:8443");
  policy.allow_host("Other.Example.com");
  EXPECT_TRUE(policy.host_allowed("mcp.example.com:8443"));
  EXPECT_FALSE(policy.host_allowed("mcp.example.com:80"));
  EXPECT_FALSE(policy.host_allowed("mcp.example.com"));
  EXPECT_TRUE(policy.host_allowed("other.example.com:9000"));
  EXPECT_FALSE(policy.host_allowed("other.example.com.evil.com"));
  EXPECT_THROW(policy.allow_host("bad host"), std::invalid_argument);
  EXPECT_THROW(policy.allow_host("https://mcp.example.com"), std::invalid_argument);
}

TEST(OriginPolicy, OriginsWithUserinfoPathOrABadPortAreRefused) {
  OriginPolicy policy;
  for (const char* origin : {"http://127.0.0.1:x@evil.com", "http://localhost@evil.com", "http://user@localhost",
                             "http://localhost/path", "http://localhost:3000/", "http://localhost?x", "http://localhost#x",
                             "http://[::1]evil.com", "null", "localhost", "://localhost", "http//localhost",
                             "ftp://localhost", "http://evil.example", "http://localhost.evil.com"})
    EXPECT_FALSE(policy.origin_allowed(origin)) << origin;
}

TEST(OriginPolicy, LoopbackAndConfiguredOriginsAreAllowed) {
  OriginPolicy policy;
  policy.allow_origin("https://app.example.com");
  for (const char* origin : {"", "http://localhost", "http://localhost:3000", "https://127.0.0.1:8443", "http://[::1]:80",
                             "HTTPS://APP.EXAMPLE.COM", "https://app.example.com"})
    EXPECT_TRUE(policy.origin_allowed(origin)) << origin;
  EXPECT_FALSE(policy.origin_allowed("http://app.example.com"));       // another scheme
  EXPECT_FALSE(policy.origin_allowed("https://app.example.com:8443"));  // another port
  EXPECT_THROW(policy.allow_origin("https://app.example.com/path"), std::invalid_argument);
}

TEST(OriginPolicy, AnyOriginStillRequiresAWellFormedOne) {
  OriginPolicy policy;
  policy.allow_origin("*");
  EXPECT_TRUE(policy.origin_allowed("https://anything.example"));
  EXPECT_FALSE(policy.origin_allowed("http://127.0.0.1:x@evil.com"));
}

TEST(OriginPolicy, ThePartsAreSplitExactly) {
  auto ipv6 = parse_host_port("[::1]:8080");
  ASSERT_TRUE(ipv6);
  EXPECT_EQ(ipv6->host, "[::1]");
  EXPECT_EQ(ipv6->port, 8080u);
  auto origin = parse_origin("https://App.Example.com:8443");
  ASSERT_TRUE(origin);
  EXPECT_EQ(origin->scheme, "https");
  EXPECT_EQ(origin->authority.host, "app.example.com");
  EXPECT_EQ(origin->authority.port, 8443u);
  EXPECT_FALSE(parse_host_port("[::1]:"));
  EXPECT_FALSE(parse_origin("https://"));
}
