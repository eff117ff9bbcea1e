// Sandbox emails, phones, tags, lists and custom-field values: the CATS rules of each.
#include "support/sandbox_fixture.hpp"

#include <gmock/gmock.h>

namespace json = boost::json;
namespace sandbox = cats_mcp::sandbox;
using cats_mcp::testing::SandboxTest;
using ::testing::HasSubstr;

using SandboxEmails = SandboxTest;
using SandboxPhones = SandboxTest;
using SandboxTags = SandboxTest;
using SandboxLists = SandboxTest;
using SandboxCustomFields = SandboxTest;

namespace {
std::vector<std::pair<std::string, bool>> emails_of(const json::value& page) {
  std::vector<std::pair<std::string, bool>> out;
  for (const auto& e : page.at("_embedded").at("emails").as_array())
    out.emplace_back(std::string(e.at("email").as_string()), e.at("is_primary").as_bool());
  return out;
}
}  // namespace

TEST_F(SandboxEmails, TheFirstEmailBecomesPrimary) {
  auto id = new_contact("New", "Person");
  auto r = post("/contacts/" + std::to_string(id) + "/emails", R"({"email":"a@x.example","is_primary":false})");
  EXPECT_EQ(r.status, 201);
  EXPECT_EQ(emails_of(get("/contacts/" + std::to_string(id) + "/emails").json),
            (std::vector<std::pair<std::string, bool>>{{"a@x.example", true}}));
}

TEST_F(SandboxEmails, ANewPrimaryDemotesTheOldOne) {
  EXPECT_EQ(post("/contacts/2/emails", R"({"email":"alan@home.example","is_primary":true})").status, 201);
  EXPECT_EQ(emails_of(get("/contacts/2/emails").json),
            (std::vector<std::pair<std::string, bool>>{{"alan.turing@globex.example", false}, {"alan@home.example", true}}));
  auto record = get("/contacts/2").json;
  EXPECT_EQ(record.at("emails").at("primary"), "alan@home.example");
  EXPECT_EQ(record.at("emails").at("secondary"), "alan.turing@globex.example");
}

TEST_F(SandboxEmails, DeletingThePrimaryPromotesAnother) {
  auto list = get("/contacts/1/emails").json.at("_embedded").at("emails").as_array();
  auto primary_id = list[0].at("id").as_int64();
  EXPECT_EQ(del("/contacts/1/emails/" + std::to_string(primary_id)).status, 204);
  EXPECT_EQ(emails_of(get("/contacts/1/emails").json), (std::vector<std::pair<std::string, bool>>{{"grace@hopper.example", true}}));
  EXPECT_EQ(get("/contacts/1").json.at("emails").at("primary"), "grace@hopper.example");
}

TEST_F(SandboxEmails, MakingAnEmailPrimaryByUpdateKeepsExactlyOnePrimary) {
  EXPECT_EQ(put("/contacts/1/emails/2", R"({"is_primary":true})").status, 204);
  EXPECT_EQ(emails_of(get("/contacts/1/emails").json),
            (std::vector<std::pair<std::string, bool>>{{"grace.hopper@acme.example", false}, {"grace@hopper.example", true}}));
  EXPECT_EQ(put("/contacts/1/emails/2", R"({"is_primary":false})").status, 204);
  EXPECT_EQ(emails_of(get("/contacts/1/emails").json),
            (std::vector<std::pair<std::string, bool>>{{"grace.hopper@acme.example", true}, {"grace@hopper.example", false}}));
}

TEST_F(SandboxEmails, AnInvalidAddressIsRefused) {
  EXPECT_THAT(post("/contacts/1/emails", R"({"email":"not an email"})").message(), HasSubstr("not a valid email address"));
  EXPECT_EQ(post("/contacts/1/emails", R"({})").status, 400);
}

TEST_F(SandboxEmails, AnEmailOfAnotherContactIsNotFound) {
  EXPECT_EQ(get("/contacts/2/emails/1").status, 404);
  EXPECT_EQ(del("/contacts/2/emails/1").status, 404);
  EXPECT_EQ(get("/contacts/1/emails/1").status, 200);
}

TEST_F(SandboxPhones, TypeMustBeOneOfTheSix) {
  auto r = post("/contacts/3/phones", R"({"number":"+4930123456","type":"cell"})");
  EXPECT_EQ(r.status, 400);
  EXPECT_THAT(r.message(), HasSubstr("mobile, home, work, fax, main, other"));
}

TEST_F(SandboxPhones, NumbersMustStartWithPlusAndACountryCode) {
  EXPECT_EQ(post("/contacts/3/phones", R"({"number":"030123456","type":"work"})").status, 400);
  EXPECT_EQ(post("/contacts/3/phones", R"({"number":"+0123","type":"work"})").status, 400);
  EXPECT_EQ(post("/contacts/3/phones", R"({"number":"+49 30 123456","type":"work"})").status, 201);
}

TEST_F(SandboxPhones, RecordSlotsFollowThePhoneTypes) {
  ASSERT_EQ(post("/contacts/3/phones", R"({"number":"+4930111","type":"home"})").status, 201);
  ASSERT_EQ(post("/contacts/3/phones", R"({"number":"+4917222","type":"mobile"})").status, 201);
  auto phones = get("/contacts/3").json.at("phones");
  EXPECT_EQ(phones, json::parse(R"({"work":null,"cell":"+4917222","other":"+4930111"})"));
}

TEST_F(SandboxPhones, UpdateAndDelete) {
  EXPECT_EQ(put("/contacts/1/phones/1", R"({"type":"main","extension":"99"})").status, 204);
  auto p = get("/contacts/1/phones/1").json;
  EXPECT_EQ(p.at("type"), "main");
  EXPECT_EQ(p.at("extension"), "99");
  EXPECT_EQ(p.at("number"), "+16125550101");
  EXPECT_EQ(put("/contacts/1/phones/1", R"({"number":"12"})").status, 400);
  EXPECT_EQ(del("/contacts/1/phones/1").status, 204);
  EXPECT_EQ(get("/contacts/1/phones/1").status, 404);
}

namespace {
std::vector<std::int64_t> tag_ids(const json::value& page) {
  std::vector<std::int64_t> out;
  for (const auto& t : page.at("_embedded").at("tags").as_array()) out.push_back(t.at("id").as_int64());
  return out;
}
}  // namespace

TEST_F(SandboxTags, PutAttachesAndKeepsTheExistingTags) {
  EXPECT_EQ(put("/contacts/1/tags", R"({"tags":[{"id":4},{"id":1}]})").status, 204);
  EXPECT_EQ(tag_ids(get("/contacts/1/tags").json), (std::vector<std::int64_t>{1, 3, 4}));
}

TEST_F(SandboxTags, PostReplacesTheWholeSet) {
  EXPECT_EQ(post("/contacts/1/tags", R"({"tags":[{"id":5}]})").status, 204);
  EXPECT_EQ(tag_ids(get("/contacts/1/tags").json), (std::vector<std::int64_t>{5}));
}

TEST_F(SandboxTags, AnEmptyArrayRemovesEveryTag) {
  EXPECT_EQ(post("/contacts/1/tags", R"({"tags":[]})").status, 204);
  EXPECT_TRUE(tag_ids(get("/contacts/1/tags").json).empty());
}

TEST_F(SandboxTags, DeleteDetachesOneTagAndTheTagStays) {
  EXPECT_EQ(del("/contacts/1/tags/3").status, 204);
  EXPECT_EQ(tag_ids(get("/contacts/1/tags").json), (std::vector<std::int64_t>{1}));
  EXPECT_EQ(get("/tags/3").status, 200);
  EXPECT_EQ(del("/contacts/1/tags/3").status, 404);
}

TEST_F(SandboxTags, UnknownTagIdsAreRefusedAndNothingChanges) {
  auto r = post("/contacts/1/tags", R"({"tags":[{"id":5},{"id":77}]})");
  EXPECT_EQ(r.status, 400);
  EXPECT_THAT(r.message(), HasSubstr("Tag 77 does not exist"));
  EXPECT_EQ(tag_ids(get("/contacts/1/tags").json), (std::vector<std::int64_t>{1, 3}));
}

TEST_F(SandboxLists, ItemIdsAreTheirOwnNotTheContactId) {
  auto list = post("/contacts/lists", R"({"name":"Hot","notes":"n"})");
  ASSERT_EQ(list.status, 201);
  EXPECT_EQ(list.header("Location"), std::string(sandbox::kInProcessApiRoot) + "/contacts/lists/2");
  auto added = post("/contacts/lists/2/items", R"({"items":[{"contact_id":3},{"contact_id":2}]})");
  ASSERT_EQ(added.status, 201);
  auto items = get("/contacts/lists/2/items").json.at("_embedded").at("items").as_array();
  ASSERT_EQ(items.size(), 2u);
  EXPECT_EQ(items[0].at("contact_id"), 3);
  EXPECT_EQ(items[0].at("id"), 2);  // list item 1 is the demo list's
  EXPECT_EQ(added.header("Location"), std::string(sandbox::kInProcessApiRoot) + "/contacts/lists/2/items/2");
}

TEST_F(SandboxLists, AddingAContactTwiceDoesNotMakeASecondItem) {
  EXPECT_EQ(post("/contacts/lists/1/items", R"({"items":[{"contact_id":1}]})").status, 201);
  EXPECT_EQ(get("/contacts/lists/1/items").json.at("total"), 1);
}

TEST_F(SandboxLists, TheSingleItemEmbedsTheContact) {
  auto item = get("/contacts/lists/1/items/1").json;
  EXPECT_EQ(item.at("contact_id"), 1);
  EXPECT_EQ(item.at("_embedded").at("contact").at("first_name"), "Grace");
}

TEST_F(SandboxLists, ItemsAreDeletedByItemIdAndListsByTheirId) {
  EXPECT_EQ(del("/contacts/lists/1/items/1").status, 204);
  EXPECT_EQ(get("/contacts/lists/1/items").json.at("total"), 0);
  EXPECT_EQ(get("/contacts/1").status, 200);  // the contact stays
  EXPECT_EQ(del("/contacts/lists/1").status, 204);
  EXPECT_EQ(get("/contacts/lists/1").status, 404);
}

TEST_F(SandboxLists, UnknownContactsAndEmptyItemsAreRefused) {
  EXPECT_EQ(post("/contacts/lists/1/items", R"({"items":[{"contact_id":404}]})").status, 400);
  EXPECT_EQ(post("/contacts/lists/1/items", R"({"items":[]})").status, 400);
  EXPECT_EQ(post("/contacts/lists", R"({"notes":"no name"})").status, 400);
}

// Dropdowns and multi-selects describe their choices as CATS does: selections [{id, label}].
TEST_F(SandboxCustomFields, DropdownValuesMustBeASelection) {
  auto r = put("/contacts/3/custom_fields/2", R"({"value":"Antarctica"})");
  EXPECT_EQ(r.status, 400);
  EXPECT_THAT(r.message(), HasSubstr("1 (North America), 2 (Europe), 3 (APAC)"));
  EXPECT_EQ(put("/contacts/3/custom_fields/2", R"({"value":"APAC"})").status, 204);
  EXPECT_EQ(get("/contacts/3/custom_fields/2").json.at("value"), "APAC");
  EXPECT_EQ(put("/contacts/3/custom_fields/2", R"({"value":2})").status, 204);  // by id
  EXPECT_EQ(get("/contacts/3/custom_fields/2").json.at("value"), "Europe");
  EXPECT_EQ(put("/contacts/3/custom_fields/2", R"({"value":9})").status, 400);
}

TEST_F(SandboxCustomFields, MultiSelectValuesAreSelectionIds) {
  EXPECT_EQ(put("/contacts/3/custom_fields/6", R"({"value":[4,"6"]})").status, 204);
  EXPECT_EQ(get("/contacts/3/custom_fields/6").json.at("value"), json::parse("[4,6]"));
  EXPECT_EQ(put("/contacts/3/custom_fields/6", R"({"value":"5, Leadership"})").status, 204);  // text, as the tool sends
  EXPECT_EQ(get("/contacts/3/custom_fields/6").json.at("value"), json::parse("[5,6]"));
  auto wrong = put("/contacts/3/custom_fields/6", R"({"value":[4,1]})");  // 1 is the Region dropdown's
  EXPECT_EQ(wrong.status, 400);
  EXPECT_THAT(wrong.message(), HasSubstr("no selection 1"));
  EXPECT_EQ(get("/contacts/3/custom_fields/6").json.at("value"), json::parse("[5,6]"));  // unchanged
}

TEST_F(SandboxCustomFields, CheckboxTakesBooleansOrTheirText) {
  EXPECT_EQ(put("/contacts/3/custom_fields/3", R"({"value":"true"})").status, 204);
  EXPECT_EQ(get("/contacts/3/custom_fields/3").json.at("value"), true);
  EXPECT_EQ(put("/contacts/3/custom_fields/3", R"({"value":"maybe"})").status, 400);
}

TEST_F(SandboxCustomFields, DatesMustBeRealCalendarDates) {
  EXPECT_EQ(put("/contacts/3/custom_fields/4", R"({"value":"2026-02-30"})").status, 400);
  EXPECT_EQ(put("/contacts/3/custom_fields/4", R"({"value":"26/11/2026"})").status, 400);
  EXPECT_EQ(put("/contacts/3/custom_fields/4", R"({"value":"2026-11-26"})").status, 204);
}

TEST_F(SandboxCustomFields, NumbersTakeNumbersOrNumericText) {
  EXPECT_EQ(put("/contacts/3/custom_fields/5", R"({"value":"1200.5"})").status, 204);
  EXPECT_EQ(get("/contacts/3/custom_fields/5").json.at("value"), 1200.5);
  EXPECT_EQ(put("/contacts/3/custom_fields/5", R"({"value":"lots"})").status, 400);
}

TEST_F(SandboxCustomFields, NumbersRefuseInfinityAndNaNWhichJsonCannotHold) {
  // Stored, they would be acknowledged and then read back as null: a write silently lost.
  for (const char* text : {"inf", "-inf", "nan", "infinity", "1e999"}) {
    EXPECT_EQ(put("/contacts/3/custom_fields/5", std::string(R"({"value":")") + text + R"("})").status, 400) << text;
    EXPECT_EQ(post("/contacts", std::string(R"({"first_name":"A","last_name":"B","owner_id":1,"company_id":1,)") +
                                    R"("custom_fields":[{"id":5,"value":")" + text + R"("}]})").status, 400) << text;
  }
  EXPECT_TRUE(get("/contacts/3/custom_fields/5").json.at("value").is_null());
}

TEST_F(SandboxCustomFields, TextTakesTextAndNullClears) {
  EXPECT_EQ(put("/contacts/3/custom_fields/1", R"({"value":42})").status, 400);
  EXPECT_EQ(put("/contacts/3/custom_fields/1", R"({"value":"Builder of teams"})").status, 204);
  EXPECT_EQ(put("/contacts/3/custom_fields/1", R"({"value":null})").status, 204);
  EXPECT_TRUE(get("/contacts/3/custom_fields/1").json.at("value").is_null());
  EXPECT_EQ(put("/contacts/3/custom_fields/1", R"({})").status, 400);
}

TEST_F(SandboxCustomFields, ValuesListEveryDefinitionAndTheRecordEmbedsSetOnes) {
  auto values = get("/contacts/1/custom_fields").json;
  EXPECT_EQ(values.at("total"), 6);
  auto embedded = get("/contacts/1").json.at("_embedded").at("custom_fields").as_array();
  ASSERT_EQ(embedded.size(), 2u);
  EXPECT_EQ(embedded[1].at("value"), 250000);
  EXPECT_EQ(put("/contacts/1/custom_fields/99", R"({"value":"x"})").status, 404);
}

TEST_F(SandboxCustomFields, CreateChecksValuesToo) {
  EXPECT_EQ(post("/contacts", R"({"first_name":"A","last_name":"B","owner_id":1,"company_id":1,
                                  "custom_fields":[{"id":2,"value":"Mars"}]})").status, 400);
}
