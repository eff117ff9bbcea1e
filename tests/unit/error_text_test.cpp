#include "cats/error_text.hpp"

#include "util/secrets.hpp"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

using namespace cats_mcp::cats;
using ::testing::HasSubstr;

namespace {
ClientOutcome answered(int status, std::string body, int attempts = 1) {
  ClientOutcome o;
  o.last.response.status = status;
  o.last.response.body = std::move(body);
  o.attempts = attempts;
  return o;
}
CatsRequest get() { return {"GET", "/contacts/5", {}, {}, {}, {}}; }
CatsRequest post() { return {"POST", "/contacts", {}, "{}", "application/json", {}}; }
}  // namespace

TEST(ErrorText, AnInProcessDocumentIsReadLikeABody) {
  auto outcome = answered(404, "");
  outcome.last.response.document = boost::json::parse(R"({"message":"Contact not found."})");
  auto text = *error_text(get(), outcome);
  EXPECT_THAT(text, HasSubstr("HTTP 404"));
  EXPECT_THAT(text, HasSubstr("Contact not found."));
}

TEST(ErrorText, ASentenceFromCatsIsNotGivenASecondPeriod) {
  auto text = *error_text(get(), answered(404, R"({"message":"Contact not found."})"));
  EXPECT_THAT(text, HasSubstr("Contact not found. No such record"));
  EXPECT_THAT(text, ::testing::Not(HasSubstr("..")));
  EXPECT_THAT(*error_text(get(), answered(404, R"({"message":"no such contact"})")), HasSubstr("no such contact. No such record"));
}

// check_duplicate=true: CATS answers 409 naming the existing record in data_item.id.
TEST(ErrorText, ADuplicateNamesTheExistingRecord) {
  auto outcome = answered(409, R"({"message":"Duplicate.","data_item":{"id":"77","type":"contact"}})");
  EXPECT_EQ(duplicate_of(outcome.last.response), 77);
  EXPECT_THAT(*error_text(post(), outcome), HasSubstr("duplicate of the existing record 77"));
  auto plain = answered(409, R"({"message":"Conflict."})");
  EXPECT_FALSE(duplicate_of(plain.last.response));
  EXPECT_THAT(*error_text(post(), plain), HasSubstr("CATS reports a conflict"));
  EXPECT_FALSE(duplicate_of(answered(400, R"({"data_item":{"id":5}})").last.response));  // only a 409 is a duplicate
  EXPECT_FALSE(duplicate_of(answered(409, R"({"data_item":{"id":-5}})").last.response));
}

TEST(ErrorText, SuccessIsNoError) { EXPECT_FALSE(error_text(get(), answered(200, "{}"))); }

TEST(ErrorText, Unauthorized401SaysTheKeyIsRejected) {
  auto text = *error_text(get(), answered(401, R"({"message":"Invalid credentials."})"));
  EXPECT_THAT(text, HasSubstr("HTTP 401"));
  EXPECT_THAT(text, HasSubstr("Invalid credentials."));
  EXPECT_THAT(text, HasSubstr("API key was rejected"));
}

TEST(ErrorText, NotFound404SaysNoSuchRecord) {
  auto text = *error_text(get(), answered(404, R"({"message":"Contact not found"})"));
  EXPECT_THAT(text, HasSubstr("HTTP 404 to GET /contacts/5: Contact not found."));
  EXPECT_THAT(text, HasSubstr("No such record"));
}

TEST(ErrorText, RateLimited429SaysWhenToRetryAndTheBudget) {
  auto o = answered(429, R"({"message":"Too many requests"})", 3);
  o.budget.limit = 500;
  o.budget.remaining = 0;
  o.retry_after = std::chrono::seconds(42);
  auto text = *error_text(get(), o);
  EXPECT_THAT(text, HasSubstr("0 of 500 requests left this hour"));
  EXPECT_THAT(text, HasSubstr("Retry after 42 seconds"));
}

TEST(ErrorText, HtmlServerErrorBecomesReadableText) {
  auto text = *error_text(get(), answered(502, "<html><body><h1>502 Bad Gateway</h1></body></html>", 3));
  EXPECT_THAT(text, HasSubstr("502 Bad Gateway"));
  EXPECT_THAT(text, HasSubstr("after 3 tries"));
  EXPECT_EQ(text.find('<'), std::string::npos);
}

TEST(ErrorText, PostTimeoutWarnsThatTheCreateMayHaveHappened) {
  ClientOutcome o;
  o.last.failure = TransportFailure::timed_out;
  o.last.detail = "Operation timed out";
  o.attempts = 1;
  EXPECT_THAT(*error_text(post(), o), HasSubstr("may have been applied, so it was not sent again"));
}

TEST(ErrorText, NeverContainsARegisteredSecret) {
  cats_mcp::register_secret("key-abcdef-987654");
  auto text = *error_text(get(), answered(400, R"({"message":"bad key key-abcdef-987654"})"));
  EXPECT_EQ(text.find("key-abcdef-987654"), std::string::npos);
}

TEST(ErrorText, AnAnswerTooLargeToTakeSaysWhetherAnythingChanged) {
  ClientOutcome o;
  o.last.failure = TransportFailure::too_large;
  o.last.detail = "the answer was larger than 33554432 bytes";
  o.attempts = 1;
  auto read = *error_text(get(), o);
  EXPECT_THAT(read, HasSubstr("too large"));
  EXPECT_THAT(read, HasSubstr("Nothing was changed"));
  auto write = *error_text(post(), o);
  EXPECT_THAT(write, HasSubstr("CATS may have processed the request, so it was not sent again"));
}
