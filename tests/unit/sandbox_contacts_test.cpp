// Sandbox contacts: create rules, duplicates, partial update, cascading delete, demo data.
#include "support/sandbox_fixture.hpp"

#include <gmock/gmock.h>

namespace json = boost::json;
namespace sandbox = cats_mcp::sandbox;
using cats_mcp::testing::SandboxTest;
using ::testing::HasSubstr;

using SandboxContacts = SandboxTest;

TEST_F(SandboxContacts, DemoDataHasStableIds) {
  EXPECT_EQ(get("/contacts/1").json.at("first_name"), "Grace");
  EXPECT_EQ(get("/contacts/3").json.at("last_name"), "Johnson");
  EXPECT_EQ(get("/users/2").status, 200);
  EXPECT_EQ(get("/companies/3").json.at("name"), "Initech GmbH");
  EXPECT_EQ(get("/tags?per_page=100").json.at("total"), 5);
  EXPECT_GE(get("/contacts/statuses").json.at("total").as_int64(), 3);
  auto fields = get("/contacts/custom_fields").json.at("_embedded").at("custom_fields").as_array();
  std::vector<std::string> types;
  for (const auto& f : fields) types.emplace_back(f.at("field").at("type").as_string());
  EXPECT_EQ(types, (std::vector<std::string>{"text", "dropdown", "checkbox", "date", "number", "multiselect"}));
  EXPECT_EQ(fields[1].at("field").at("selections"),
            json::parse(R"([{"id":1,"label":"North America"},{"id":2,"label":"Europe"},{"id":3,"label":"APAC"}])"));
  EXPECT_EQ(get("/contacts/1/activities").json.at("total"), 1);
  EXPECT_EQ(get("/contacts/1/tasks").json.at("total"), 1);
}

TEST_F(SandboxContacts, CreateAnswers201WithLocationAndTheRecordReadsBack) {
  auto r = post("/contacts", R"({"first_name":"Ada","last_name":"Lovelace","owner_id":2,"company_id":3,"title":"Analyst",
                                  "address":{"city":"London"},"social_media_urls":["https://x.example/ada"],"is_hot":true})");
  ASSERT_EQ(r.status, 201) << r.raw;
  EXPECT_EQ(r.header("Location"), std::string(sandbox::kInProcessApiRoot) + "/contacts/4");  // absolute, as CATS's
  auto c = get("/contacts/4").json;
  EXPECT_EQ(c.at("title"), "Analyst");
  EXPECT_EQ(c.at("owner_id"), 2);
  EXPECT_EQ(c.at("address").at("city"), "London");
  EXPECT_EQ(c.at("social_media_urls"), json::array({"https://x.example/ada"}));
  EXPECT_EQ(c.at("is_hot"), true);
  EXPECT_EQ(c.at("_links").at("self").at("href").as_string(), std::string(sandbox::kInProcessApiRoot) + "/contacts/4");
}

TEST_F(SandboxContacts, CreateRequiresNamesOwnerAndCompany) {
  EXPECT_THAT(post("/contacts", R"({"last_name":"X","owner_id":1,"company_id":1})").message(), HasSubstr("first_name is required"));
  EXPECT_THAT(post("/contacts", R"({"first_name":"X","owner_id":1,"company_id":1})").message(), HasSubstr("last_name is required"));
  EXPECT_THAT(post("/contacts", R"({"first_name":"X","last_name":"Y","company_id":1})").message(), HasSubstr("owner_id is required"));
  EXPECT_EQ(post("/contacts", R"({"first_name":"X","last_name":"Y","owner_id":1})").status, 400);
}

TEST_F(SandboxContacts, CreateRefusesOwnersAndCompaniesThatDoNotExist) {
  auto r = post("/contacts", R"({"first_name":"X","last_name":"Y","owner_id":99,"company_id":1})");
  EXPECT_EQ(r.status, 400);
  EXPECT_THAT(r.message(), HasSubstr("owner_id 99 does not exist"));
  EXPECT_THAT(post("/contacts", R"({"first_name":"X","last_name":"Y","owner_id":1,"company_id":42})").message(),
              HasSubstr("company_id 42 does not exist"));
  EXPECT_EQ(get("/contacts").json.at("total"), 3);  // nothing was created
}

TEST_F(SandboxContacts, ARefusedCreateLeavesNoPartBehind) {
  // The phone is invalid after the contact row and its email were written: all of it rolls back.
  auto r = post("/contacts", R"({"first_name":"X","last_name":"Y","owner_id":1,"company_id":1,
                                  "emails":[{"email":"x@y.example"}],"phones":[{"number":"555","type":"work"}]})");
  EXPECT_EQ(r.status, 400);
  EXPECT_EQ(count_rows("SELECT count(*) FROM emails WHERE email = 'x@y.example'"), 0);
  EXPECT_EQ(get("/contacts").json.at("total"), 3);
}

TEST_F(SandboxContacts, CheckDuplicateRefusesSameNameWithASharedEmail) {
  auto r = post("/contacts?check_duplicate=true",
                R"({"first_name":"grace","last_name":"HOPPER","owner_id":1,"company_id":1,"emails":[{"email":"Grace@Hopper.example"}]})");
  EXPECT_EQ(r.status, 409);
  EXPECT_THAT(r.message(), HasSubstr("contact 1"));
  EXPECT_EQ(r.json.at("data_item"), json::parse(R"({"id":1,"type":"contact"})"));  // as CATS names it
}

TEST_F(SandboxContacts, CheckDuplicateRefusesSameNameWhenNeitherHasAnEmail) {
  new_contact("Nobody", "Mailless");
  EXPECT_EQ(post("/contacts?check_duplicate=true", R"({"first_name":"Nobody","last_name":"Mailless","owner_id":1,"company_id":1})").status, 409);
}

TEST_F(SandboxContacts, CheckDuplicateAllowsSameNameWithOtherEmails) {
  EXPECT_EQ(post("/contacts?check_duplicate=true",
                 R"({"first_name":"Grace","last_name":"Hopper","owner_id":1,"company_id":1,"emails":[{"email":"other@x.example"}]})").status, 201);
}

TEST_F(SandboxContacts, WithoutCheckDuplicateADuplicateIsCreated) {
  EXPECT_EQ(post("/contacts", R"({"first_name":"Grace","last_name":"Hopper","owner_id":1,"company_id":1,
                                   "emails":[{"email":"grace.hopper@acme.example"}]})").status, 201);
}

// CATS requires first_name, last_name, owner_id and company_id on every PUT (cats-api-v3.md §6).
TEST_F(SandboxContacts, UpdateRequiresTheFourFieldsCatsRequires) {
  auto r = put("/contacts/1", R"({"title":"CTO"})");
  EXPECT_EQ(r.status, 400);
  EXPECT_THAT(r.message(), HasSubstr("first_name"));
  EXPECT_EQ(put("/contacts/1", R"({"first_name":"Grace","last_name":"Hopper","owner_id":1,"title":"CTO"})").status, 400);
  EXPECT_EQ(get("/contacts/1").json.at("title"), "VP Engineering");  // nothing changed
}

TEST_F(SandboxContacts, UpdateChangesOnlyTheFieldsGiven) {
  EXPECT_EQ(put("/contacts/1", R"({"first_name":"Grace","last_name":"Hopper","owner_id":1,"company_id":1,)"
                               R"("title":"CTO","address":{"city":"St Paul"}})").status, 204);
  auto c = get("/contacts/1").json;
  EXPECT_EQ(c.at("title"), "CTO");
  EXPECT_EQ(c.at("first_name"), "Grace");
  EXPECT_EQ(c.at("address").at("city"), "St Paul");
  EXPECT_EQ(c.at("address").at("street"), "1 Main St");
  EXPECT_EQ(c.at("emails").at("primary"), "grace.hopper@acme.example");
  EXPECT_EQ(c.at("notes"), "Met at the Q3 engineering leadership dinner.");
}

TEST_F(SandboxContacts, UpdateRefusesAnUnknownCompanyAndChangesNothing) {
  EXPECT_EQ(put("/contacts/1", R"({"first_name":"Grace","last_name":"Hopper","owner_id":1,"title":"CTO","company_id":77})").status, 400);
  EXPECT_EQ(get("/contacts/1").json.at("title"), "VP Engineering");
}

TEST_F(SandboxContacts, DeleteCascadesToEverythingTheContactHas) {
  // Contact 1 has emails, phones, tags, a list item, values, an activity and a task; add an attachment.
  ASSERT_EQ(call("POST", "/contacts/1/attachments?filename=cv.txt", "hello", "acct-a", "application/octet-stream").status, 201);
  EXPECT_EQ(del("/contacts/1").status, 204);
  EXPECT_EQ(get("/contacts/1").status, 404);
  for (const char* table : {"emails", "phones", "list_items", "activities", "attachments", "tasks"})
    EXPECT_EQ(count_rows(std::string("SELECT count(*) FROM ") + table + " WHERE contact_pk NOT IN (SELECT pk FROM contacts)"), 0) << table;
  EXPECT_EQ(count_rows("SELECT count(*) FROM contact_tags WHERE contact_pk NOT IN (SELECT pk FROM contacts)"), 0);
  EXPECT_EQ(count_rows("SELECT count(*) FROM field_values WHERE contact_pk NOT IN (SELECT pk FROM contacts)"), 0);
  EXPECT_EQ(count_rows("SELECT count(*) FROM contacts_fts WHERE rowid NOT IN (SELECT pk FROM contacts)"), 0);
  EXPECT_EQ(get("/contacts/lists/1/items").json.at("total"), 0);
}

TEST_F(SandboxContacts, UnknownIdsAre404WithAMessage) {
  auto r = get("/contacts/999");
  EXPECT_EQ(r.status, 404);
  EXPECT_EQ(r.message(), "Contact not found.");
  EXPECT_EQ(del("/contacts/999").status, 404);
  EXPECT_EQ(put("/contacts/999", "{}").status, 404);
  EXPECT_EQ(get("/nothing/here").status, 404);
}

TEST_F(SandboxContacts, WrongMethodIs405) { EXPECT_EQ(call("PATCH", "/contacts/1").status, 405); }

TEST_F(SandboxContacts, MalformedBodiesAre400And415) {
  EXPECT_EQ(post("/contacts", "{not json").status, 400);
  EXPECT_EQ(post("/contacts", "[1,2]").status, 400);
  EXPECT_EQ(call("POST", "/contacts", "a=b", "acct-a", "application/x-www-form-urlencoded").status, 415);
  EXPECT_EQ(post("/contacts", R"({"first_name":5,"last_name":"Y","owner_id":1,"company_id":1})").status, 400);
  EXPECT_EQ(post("/contacts", R"({"first_name":"X","last_name":"Y","owner_id":"1","company_id":1})").status, 400);
}
