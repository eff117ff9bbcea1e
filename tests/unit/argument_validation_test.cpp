// Arguments are checked against the published schema before anything is sent; each problem
// names the argument and the rule.
#include "tools/catalog.hpp"
#include "tools/tool_runner.hpp"
#include "tools/tool_schema.hpp"

#include <boost/json.hpp>
#include <gtest/gtest.h>
#include <gmock/gmock.h>

namespace json = boost::json;
using namespace cats_mcp::tools;
using ::testing::HasSubstr;
using ::testing::Not;

namespace {
std::string problems(std::string_view tool, std::string_view args) {
  auto list = check_arguments(*find_tool(tool), json::parse(args).as_object());
  std::string out;
  for (auto& p : list) out += p + "\n";
  return out;
}
}  // namespace

TEST(ArgumentValidation, AcceptsAValidCall) {
  EXPECT_EQ(problems("cats_contacts_list_all_contacts", R"({"page":1,"per_page":100})"), "");
  EXPECT_EQ(problems("cats_contacts_get_a_contact", R"({"id":5.0})"), "");  // 5.0 is an integer in JSON Schema
}

TEST(ArgumentValidation, NamesAWrongType) {
  EXPECT_THAT(problems("cats_contacts_get_a_contact", R"({"id":"5"})"), HasSubstr("`id` must be integer, not string"));
  EXPECT_THAT(problems("cats_contacts_get_a_contact", R"({"id":5.5})"), HasSubstr("`id` must be integer"));
  EXPECT_THAT(problems("cats_contacts_create_a_contact_email", R"({"contact_id":1,"email":"a@b.c","is_primary":"yes"})"),
              HasSubstr("`is_primary` must be boolean"));
}

// Values are shown as a client wrote them, and a null is named once.
TEST(ArgumentValidation, ShowsValuesAsTheClientWroteThem) {
  auto null_id = problems("cats_contacts_get_a_contact", R"({"id":null})");
  EXPECT_THAT(null_id, HasSubstr("`id` must be integer, not null"));
  EXPECT_THAT(null_id, Not(HasSubstr("null null")));
  auto fraction = problems("cats_contacts_get_a_contact", R"({"id":1.5})");
  EXPECT_THAT(fraction, HasSubstr("not number 1.5"));
  EXPECT_THAT(fraction, Not(HasSubstr("E0")));
  auto huge = problems("cats_contacts_get_a_contact", R"({"id":99999999999999999999})");
  EXPECT_THAT(huge, HasSubstr("100000000000000000000"));
  EXPECT_THAT(huge, Not(HasSubstr("1E20")));
}

TEST(ArgumentValidation, NamesAMissingRequiredArgument) {
  EXPECT_THAT(problems("cats_contacts_get_a_contact", R"({})"), HasSubstr("missing required argument `id`"));
  EXPECT_THAT(problems("cats_contacts_search_contacts", R"({})"), HasSubstr("missing required argument `query`"));
}

// A model's first natural call: page and per_page left out mean 1 and 25; filter's query means none.
TEST(ArgumentValidation, OmittedPagingAndFilterQueryTakeTheirDefaults) {
  EXPECT_EQ(problems("cats_contacts_search_contacts", R"({"query":"Grace"})"), "");
  EXPECT_EQ(problems("cats_contacts_list_all_contacts", R"({"page":2})"), "");
  EXPECT_EQ(problems("cats_contacts_filter_contacts", R"({"field":"last_name","filter":"exactly","value":"Hopper"})"), "");
  auto filled = with_defaults(*find_tool("cats_contacts_filter_contacts"),
                                     json::parse(R"({"field":"last_name","filter":"exactly","value":"X","page":3})").as_object());
  ASSERT_TRUE(filled);
  EXPECT_EQ(filled->at("page"), 3);  // given: kept
  EXPECT_EQ(filled->at("per_page"), 25);
  EXPECT_EQ(filled->at("query"), "");
  EXPECT_FALSE(with_defaults(*find_tool("cats_contacts_list_all_contacts"),
                                    json::parse(R"({"page":1,"per_page":5})").as_object()));  // nothing copied
  // The published schemas keep the seed's required flags and say the defaults.
  auto schema = input_schema(*find_tool("cats_contacts_list_all_contacts"));
  EXPECT_EQ(schema.at("required"), json::parse(R"(["page","per_page"])"));
  EXPECT_EQ(schema.at("properties").at("per_page").at("default"), 25);
}

TEST(ArgumentValidation, RefusesOutOfRangePagesAndIds) {
  EXPECT_THAT(problems("cats_contacts_list_all_contacts", R"({"page":0,"per_page":10})"), HasSubstr("`page` must be at least 1"));
  EXPECT_THAT(problems("cats_contacts_list_all_contacts", R"({"page":1,"per_page":500})"),
              HasSubstr("`per_page` must be at most 100 (got 500)"));
  EXPECT_THAT(problems("cats_contacts_get_a_contact", R"({"id":0})"), HasSubstr("`id` must be at least 1"));
}

TEST(ArgumentValidation, ListsTheChoicesOnAnEnumMiss) {
  EXPECT_THAT(problems("cats_contacts_create_a_contact_phone", R"({"contact_id":1,"number":"+15551234567","type":"cell"})"),
              HasSubstr("`type` must be one of \"mobile\", \"home\", \"work\", \"fax\", \"main\", \"other\" (got \"cell\")"));
  EXPECT_THAT(problems("cats_contacts_create_a_contact_activity", R"({"id":1,"type":"lunch"})"), HasSubstr("`type` must be one of"));
}

TEST(ArgumentValidation, RefusesUnknownArgumentsAndSaysWhatIsAccepted) {
  EXPECT_THAT(problems("cats_contacts_get_a_contact", R"({"id":1,"limit":5})"),
              HasSubstr("unknown argument `limit`; accepted: id, PCID"));
}

TEST(ArgumentValidation, ChecksItemsOfArrayArguments) {
  EXPECT_EQ(problems("cats_contacts_attach_contact_tags", R"({"contact_id":1,"tags":[5,{"id":6}]})"), "");
  EXPECT_THAT(problems("cats_contacts_attach_contact_tags", R"({"contact_id":1,"tags":[{"name":"x"}]})"),
              HasSubstr("missing required argument `tags[0].id`"));
  EXPECT_THAT(problems("cats_contacts_create_contact_list_items", R"({"id":1,"items":[{"contact_id":"7"}]})"),
              HasSubstr("`items[0].contact_id` must be integer"));
  EXPECT_THAT(problems("cats_contacts_create_a_contact",
                       R"({"check_duplicate":false,"first_name":"A","last_name":"B","owner_id":1,"company_id":1,"emails":[{"is_primary":true}]})"),
              HasSubstr("missing required argument `emails[0].email`"));
  EXPECT_THAT(problems("cats_contacts_create_a_contact",
                       R"({"check_duplicate":false,"first_name":"A","last_name":"B","owner_id":1,"company_id":1,"address":{"town":"x"}})"),
              HasSubstr("unknown argument `address.town`"));
}

TEST(ArgumentValidation, PhoneNumbersMustStartWithPlusAndCountryCode) {
  EXPECT_THAT(problems("cats_contacts_create_a_contact_phone", R"({"contact_id":1,"number":"6124063451","type":"work"})"),
              HasSubstr("`number` must match the pattern"));
  EXPECT_EQ(problems("cats_contacts_create_a_contact_phone", R"({"contact_id":1,"number":"+16124063451","type":"work"})"), "");
}

TEST(ArgumentValidation, ThumbnailFromAnAttachmentNeedsTheAttachmentId) {
  EXPECT_THAT(problems("cats_contacts_change_a_contact_thumbnail", R"({"id":1,"source":"attachment"})"),
              HasSubstr("missing argument `attachment_id` (required when `source` is \"attachment\")"));
  EXPECT_EQ(problems("cats_contacts_change_a_contact_thumbnail", R"({"id":1,"source":"gravatar"})"), "");
}

TEST(ArgumentValidation, UploadWithoutContentSaysWhatToPass) {
  EXPECT_THAT(problems("cats_contacts_upload_a_contact_attachment", R"({"id":1,"filename":"cv.pdf"})"),
              HasSubstr("pass the file's bytes, base64-encoded, in `content_base64`"));
}

TEST(ArgumentValidation, ReplacingTagsNeedsAnExplicitSetSoAnOmissionNeverWipesThem) {
  EXPECT_THAT(problems("cats_contacts_replace_contact_tags", R"({"contact_id":1})"), HasSubstr("missing `tags`"));
  EXPECT_EQ(problems("cats_contacts_replace_contact_tags", R"({"contact_id":1,"tags":[]})"), "");
}

TEST(ArgumentValidation, RefusesAHugeStringWithoutCopyingIt) {
  json::object args{{"check_duplicate", false}, {"first_name", std::string(20 * 1024 * 1024, 'a')},
                    {"last_name", "B"}, {"owner_id", 1}, {"company_id", 1}};
  auto list = check_arguments(*find_tool("cats_contacts_create_a_contact"), args);
  ASSERT_EQ(list.size(), 1u);
  EXPECT_THAT(list[0], HasSubstr("`first_name` is too long: at most 1000 characters"));
}

TEST(ArgumentValidation, ReportsSeveralProblemsAtOnce) {
  auto text = problems("cats_contacts_list_all_contacts", R"({"page":-1,"per_page":0})");
  EXPECT_THAT(text, HasSubstr("`page`"));
  EXPECT_THAT(text, HasSubstr("`per_page`"));
}

TEST(ArgumentValidation, RefusesAnOverLongArrayByItsLengthBeforeLookingAtItsItems) {
  std::string tags;
  for (int i = 0; i < 5000; ++i) tags += std::string(i ? "," : "") + "\"not-an-id\"";
  auto found = problems("cats_contacts_attach_contact_tags", R"({"contact_id":1,"tags":[)" + tags + "]}");
  // One problem, the length: not five about items that were never worth walking.
  EXPECT_EQ(found, "`tags` has too many items: at most 1000 (got 5000)\n");
}

TEST(ArgumentValidation, RefusesIntegersBeyondSixtyFourBitsAsOutOfRange) {
  EXPECT_THAT(problems("cats_contacts_get_a_contact", R"({"id":1e300})"), HasSubstr("`id` is out of range"));
  EXPECT_THAT(problems("cats_contacts_get_a_contact", R"({"id":99999999999999999999})"), HasSubstr("`id` is out of range"));
  EXPECT_THAT(problems("cats_contacts_get_a_contact", R"({"id":18446744073709551615})"), HasSubstr("`id` is out of range"));
  EXPECT_EQ(problems("cats_contacts_list_all_contacts", R"({"page":9223372036854775807,"per_page":100})"), "");
}

// A multi-select value is a list of selection ids; a nested list would reach CATS as a body
// deeper than JSON parsers accept (the tool_arguments fuzzer found one 40 levels deep).
TEST(ArgumentValidation, CustomFieldValuesAreScalarsOrAFlatListOfSelections) {
  constexpr auto contact = R"({"check_duplicate":false,"first_name":"A","last_name":"B","owner_id":1,"company_id":1,)";
  EXPECT_EQ(problems("cats_contacts_create_a_contact", std::string(contact) + R"("custom_fields":[{"id":2,"value":[3,4]}]})"), "");
  EXPECT_EQ(problems("cats_contacts_create_a_contact", std::string(contact) + R"("custom_fields":[{"id":2,"value":"APAC"}]})"), "");
  EXPECT_THAT(problems("cats_contacts_create_a_contact", std::string(contact) + R"("custom_fields":[{"id":2,"value":[[3]]}]})"),
              HasSubstr("`custom_fields[0].value[0]` must be string, number or boolean, not array [3]"));
  EXPECT_THAT(problems("cats_contacts_create_a_contact", std::string(contact) + R"("custom_fields":[{"id":2,"value":{"a":1}}]})"),
              HasSubstr("`custom_fields[0].value` must be string, number, boolean, null or array, not object"));
}
