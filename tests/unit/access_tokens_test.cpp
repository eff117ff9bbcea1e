// OAuth access tokens (http/access_tokens.hpp, http/jwk_set.hpp, http/protected_resource.hpp)
// with keys made here by OpenSSL, documents served by a map, and a clock the test sets: the
// claim checks to the second, the key rules, discovery order and the challenges' text.
// tests/e2e/oauth.test.mjs covers the same server over HTTP against a real test issuer.
#include "http/access_tokens.hpp"
#include "http/bearer_auth.hpp"
#include "http/jwk_set.hpp"
#include "http/protected_resource.hpp"
#include "support/test_jwk.hpp"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <map>

using namespace cats_mcp::http;
namespace json = boost::json;
using ::testing::HasSubstr;
using cats_mcp::testing::b64url;
using cats_mcp::testing::public_jwk;

namespace {
constexpr const char* kIssuer = "https://id.example.com/tenant";
constexpr const char* kAudience = "https://mcp.example.com/cats-contacts";
const auto kNow = std::chrono::system_clock::time_point(std::chrono::seconds(1'800'000'000));
const std::int64_t kNowSeconds = 1'800'000'000;

// A signing key of the test's issuer, with its public JWK.
struct TestKey {
  std::shared_ptr<EVP_PKEY> key;
  std::string alg;
  json::object jwk;
};

TestKey ed25519(const std::string& kid) {
  std::shared_ptr<EVP_PKEY> key(EVP_PKEY_Q_keygen(nullptr, nullptr, "ED25519"), EVP_PKEY_free);
  return {key, "EdDSA", public_jwk(key.get(), kid)};
}

TestKey rsa(const std::string& kid, int bits) {
  std::shared_ptr<EVP_PKEY> key(EVP_PKEY_Q_keygen(nullptr, nullptr, "RSA", std::size_t(bits)), EVP_PKEY_free);
  return {key, "RS256", public_jwk(key.get(), kid)};
}

std::string sign(const TestKey& key, json::object claims, json::object header = {}) {
  if (!header.contains("alg")) header["alg"] = key.alg;
  if (!header.contains("kid")) header["kid"] = key.jwk.at("kid");
  std::string input = b64url(json::serialize(header)) + "." + b64url(json::serialize(claims));
  std::unique_ptr<EVP_MD_CTX, decltype(&EVP_MD_CTX_free)> ctx(EVP_MD_CTX_new(), EVP_MD_CTX_free);
  EVP_DigestSignInit(ctx.get(), nullptr, key.alg == "EdDSA" ? nullptr : EVP_sha256(), nullptr, key.key.get());
  std::size_t length = 0;
  EVP_DigestSign(ctx.get(), nullptr, &length, reinterpret_cast<const unsigned char*>(input.data()), input.size());
  std::string signature(length, '\0');
  EVP_DigestSign(ctx.get(), reinterpret_cast<unsigned char*>(signature.data()), &length,
                 reinterpret_cast<const unsigned char*>(input.data()), input.size());
  signature.resize(length);
  return input + "." + b64url(signature);
}

json::object good_claims() {
  return {{"iss", kIssuer}, {"aud", kAudience}, {"sub", "user-1"}, {"exp", kNowSeconds + 300}, {"nbf", kNowSeconds - 5},
          {"scope", "cats.read cats.write"}};
}

// The issuer's documents, served from memory, counting fetches of the key set.
struct Issuer {
  std::vector<json::object> keys;
  int key_fetches = 0;
  std::vector<std::string> asked;
  FetchDocument fetch() {
    return [this](const std::string& url) -> std::optional<std::string> {
      asked.push_back(url);
      if (url == "https://id.example.com/.well-known/oauth-authorization-server/tenant")
        return json::serialize(json::object{{"issuer", kIssuer}, {"jwks_uri", "https://id.example.com/keys"}});
      if (url == "https://id.example.com/keys") {
        ++key_fetches;
        json::array list;
        for (const auto& k : keys) list.push_back(k);
        return json::serialize(json::object{{"keys", list}});
      }
      return std::nullopt;
    };
  }
};

struct Tokens : ::testing::Test {
  TestKey key = ed25519("k1");
  Issuer issuer;
  std::chrono::system_clock::time_point now = kNow;
  std::unique_ptr<AccessTokens> tokens;
  void SetUp() override {
    issuer.keys = {key.jwk};
    OAuthSettings settings;
    settings.issuers = {kIssuer};
    settings.audience = kAudience;
    tokens = std::make_unique<AccessTokens>(settings, issuer.fetch(), [this] { return now; });
  }
  std::string problem(const std::string& token) {
    auto checked = tokens->check(token);
    EXPECT_FALSE(checked.grant);
    return checked.problem;
  }
};
}  // namespace

TEST_F(Tokens, AGoodTokenGrantsItsSubjectWhatItsScopesSay) {
  auto checked = tokens->check(sign(key, good_claims()));
  ASSERT_TRUE(checked.grant) << checked.problem;
  EXPECT_EQ(checked.grant->principal, "user-1");
  EXPECT_TRUE(checked.grant->may_write);
  auto claims = good_claims();
  claims["scope"] = "openid cats.read";
  auto reader = tokens->check(sign(key, claims));
  EXPECT_TRUE(reader.grant->may_read);
  EXPECT_FALSE(reader.grant->may_write);
  claims.erase("scope");
  claims["scp"] = json::array{"cats.write"};  // as some providers write scopes
  EXPECT_TRUE(tokens->check(sign(key, claims)).grant->may_read);  // write implies read
  claims["aud"] = json::array{"https://other.example", kAudience};
  EXPECT_TRUE(tokens->check(sign(key, claims)).grant);
}

TEST_F(Tokens, ExpiryAndNotBeforeAllowAMinuteOfSkewAndNoMore) {
  auto claims = good_claims();
  claims["exp"] = kNowSeconds - 59;
  EXPECT_TRUE(tokens->check(sign(key, claims)).grant);
  claims["exp"] = kNowSeconds - 61;
  EXPECT_EQ(problem(sign(key, claims)), "has expired");
  claims = good_claims();
  claims["nbf"] = kNowSeconds + 59;
  EXPECT_TRUE(tokens->check(sign(key, claims)).grant);
  claims["nbf"] = kNowSeconds + 61;
  EXPECT_EQ(problem(sign(key, claims)), "is not valid yet (nbf)");
  claims = good_claims();
  claims.erase("exp");
  EXPECT_EQ(problem(sign(key, claims)), "has no expiry (exp)");
}

TEST_F(Tokens, IssuerAudienceAndPrincipalMustBeRight) {
  auto claims = good_claims();
  claims["iss"] = "https://id.example.com/other";
  EXPECT_EQ(problem(sign(key, claims)), "comes from an issuer this server does not trust");
  claims = good_claims();
  claims["aud"] = "https://mcp.example.com/cats-contacts/";  // not the same string
  EXPECT_EQ(problem(sign(key, claims)), "is for another audience (aud) than this server");
  claims = good_claims();
  claims.erase("sub");
  EXPECT_EQ(problem(sign(key, claims)), "has no sub claim to act as");
  claims["sub"] = "local";
  EXPECT_EQ(problem(sign(key, claims)), "names a reserved principal");
  claims["sub"] = "default";  // CATS_MCP_TOKEN's
  EXPECT_EQ(problem(sign(key, claims)), "names a reserved principal");
  claims = good_claims();
  claims["nbf"] = "soon";  // present, and not a time
  EXPECT_EQ(problem(sign(key, claims)), "is not valid yet (nbf)");
}

TEST_F(Tokens, OnlyRs256Es256AndEdDsaSignaturesAreAccepted) {
  auto token = sign(key, good_claims());
  EXPECT_EQ(problem(token.substr(0, token.rfind('.') + 1)), "has a signature that does not verify under the issuer's keys");
  EXPECT_THAT(problem(sign(key, good_claims(), {{"alg", "HS256"}})), HasSubstr("the only algorithms accepted"));
  EXPECT_THAT(problem(sign(key, good_claims(), {{"alg", "none"}})), HasSubstr("the only algorithms accepted"));
  // A key is used with its own algorithm only: an Ed25519 key does not check an "RS256" token.
  EXPECT_FALSE(tokens->check(sign(key, good_claims(), {{"alg", "RS256"}})).grant);
  EXPECT_THAT(problem(sign(key, good_claims(), {{"crit", json::array{"exp"}}})), HasSubstr("critical header"));
  EXPECT_EQ(problem("a.b"), "is not a signed JWT");
  EXPECT_EQ(problem("e30.e30.e30.e30"), "is not a signed JWT");
}

TEST_F(Tokens, ANewKeyIsFetchedOnceAndAMadeUpKidCannotMakeTheServerRefetch) {
  EXPECT_TRUE(tokens->check(sign(key, good_claims())).grant);
  EXPECT_EQ(issuer.key_fetches, 1);
  auto rotated = ed25519("k2");
  issuer.keys.push_back(rotated.jwk);
  EXPECT_TRUE(tokens->check(sign(rotated, good_claims())).grant);  // fetched again at once
  EXPECT_EQ(issuer.key_fetches, 2);
  auto stranger = ed25519("k3");
  EXPECT_FALSE(tokens->check(sign(stranger, good_claims())).grant);
  EXPECT_FALSE(tokens->check(sign(stranger, good_claims())).grant);
  EXPECT_EQ(issuer.key_fetches, 2) << "within the refetch interval, no more fetches";
}

TEST(JwkSet, SkipsKeysItMustNotTrust) {
  auto small = rsa("small", 1024);
  auto big = rsa("big", 2048);
  auto encryption = ed25519("enc");
  encryption.jwk["use"] = "enc";
  auto other_curve = ed25519("x448");
  other_curve.jwk["crv"] = "Ed448";
  json::object document{{"keys", json::array{small.jwk, big.jwk, encryption.jwk, other_curve.jwk, json::object{{"kty", "oct"}}}}};
  auto set = JwkSet::parse(document);
  EXPECT_EQ(set.size(), 1u);
  EXPECT_TRUE(set.has_key("big"));
}

TEST(AuthorizationServerMetadata, IsLookedForWhereMcpClientsLookForIt) {
  EXPECT_EQ(metadata_urls("https://id.example.com/tenant"),
            (std::vector<std::string>{"https://id.example.com/.well-known/oauth-authorization-server/tenant",
                                      "https://id.example.com/.well-known/openid-configuration/tenant",
                                      "https://id.example.com/tenant/.well-known/openid-configuration"}));
  EXPECT_EQ(metadata_urls("https://id.example.com/"),
            (std::vector<std::string>{"https://id.example.com/.well-known/oauth-authorization-server",
                                      "https://id.example.com/.well-known/openid-configuration"}));
}

TEST(ProtectedResource, MetadataAndChallengesNameTheResource) {
  OAuthSettings settings;
  settings.issuers = {kIssuer};
  OAuthResourceServer server("https://mcp.example.com/cats-contacts/", std::make_shared<AccessTokens>(settings, nullptr));
  EXPECT_EQ(server.resource, "https://mcp.example.com/cats-contacts");
  EXPECT_EQ(server.metadata_path, "/.well-known/oauth-protected-resource/cats-contacts");
  auto metadata = server.metadata();
  EXPECT_EQ(metadata.at("resource"), "https://mcp.example.com/cats-contacts");
  EXPECT_EQ(metadata.at("authorization_servers"), (json::array{kIssuer}));
  EXPECT_EQ(server.unauthorized_challenge(),
            "Bearer resource_metadata=\"https://mcp.example.com/.well-known/oauth-protected-resource/cats-contacts\", "
            "scope=\"cats.read cats.write\"");
  EXPECT_THAT(server.unauthorized_challenge("has \"quotes\""),
              HasSubstr("error=\"invalid_token\", error_description=\"The access token has \\\"quotes\\\"\""));
  EXPECT_THAT(server.insufficient_scope_challenge("cats.write"),
              HasSubstr("Bearer error=\"insufficient_scope\", scope=\"cats.write\", resource_metadata="));
  for (const char* bad : {"mcp.example.com/cats-contacts", "ftp://mcp.example.com/", "https://mcp.example.com/#x",
                          "https://user@mcp.example.com/"})
    EXPECT_THROW(OAuthResourceServer(bad, nullptr), std::invalid_argument) << bad;
}

TEST(BearerToken, TakesTheSchemeInAnyCase) {
  EXPECT_EQ(bearer_token("Bearer abc"), "abc");
  EXPECT_EQ(bearer_token("bEARER abc"), "abc");
  EXPECT_FALSE(bearer_token("Basic abc"));
  EXPECT_FALSE(bearer_token("Bearer "));
}

TEST_F(Tokens, AnIoThreadNeverWaitsForTheIssuerAndAnIssuerThatCannotBeReachedIsNotTheTokensFault) {
  auto token = sign(key, good_claims());
  auto first = tokens->check(token, /*may_fetch=*/false);  // nothing fetched yet
  EXPECT_TRUE(first.needs_fetch);
  EXPECT_FALSE(first.grant);
  EXPECT_EQ(issuer.key_fetches, 0);
  EXPECT_TRUE(tokens->check(token, /*may_fetch=*/true).grant);
  EXPECT_TRUE(tokens->check(token, /*may_fetch=*/false).grant);  // the keys are kept
  auto rotated = ed25519("k2");
  issuer.keys.push_back(rotated.jwk);
  EXPECT_TRUE(tokens->check(sign(rotated, good_claims()), false).needs_fetch);  // an unknown kid: fetch elsewhere

  OAuthSettings settings;
  settings.issuers = {kIssuer};
  settings.audience = kAudience;
  AccessTokens unreachable(settings, [](const std::string&) { return std::optional<std::string>(); });  // answers nothing
  auto checked = unreachable.check(token);
  EXPECT_TRUE(checked.unavailable);
  EXPECT_FALSE(checked.grant);
}

TEST(JwkSet, RefusesRsaKeysWithATinyOrEvenExponent) {
  auto good = rsa("good", 2048);
  auto one = good.jwk;
  one["e"] = b64url(std::string(1, '\x01'));
  auto even = good.jwk;
  even["e"] = b64url(std::string("\x01\x00\x00", 3));
  EXPECT_EQ(JwkSet::parse(json::object{{"keys", json::array{good.jwk, one, even}}}).size(), 1u);
}
