// Sandbox statuses, activities, attachments, thumbnails, search and filters, paging, accounts.
#include "support/sandbox_fixture.hpp"
#include "util/sha256.hpp"

#include <gmock/gmock.h>

#include <regex>

namespace json = boost::json;
namespace sandbox = cats_mcp::sandbox;
using cats_mcp::testing::SandboxTest;
using ::testing::HasSubstr;

using SandboxStatus = SandboxTest;
using SandboxActivities = SandboxTest;
using SandboxAttachments = SandboxTest;
using SandboxSearch = SandboxTest;
using SandboxPaging = SandboxTest;
using SandboxAccounts = SandboxTest;

TEST_F(SandboxStatus, ChangeMovesTheRecordAndItsEmbeddedStatus) {
  EXPECT_EQ(post("/contacts/3/status", R"({"status_id":4})").status, 204);
  auto c = get("/contacts/3").json;
  EXPECT_EQ(c.at("status_id"), 4);
  EXPECT_EQ(c.at("_embedded").at("status").at("title"), "Not Interested");
}

TEST_F(SandboxStatus, AnUnknownStatusIsRefused) {
  EXPECT_THAT(post("/contacts/3/status", R"({"status_id":99})").message(), HasSubstr("status_id 99 does not exist"));
  EXPECT_TRUE(get("/contacts/3").json.at("status_id").is_null());
}

TEST_F(SandboxStatus, TriggersWhenGivenMustNameEveryTriggerOfTheStatus) {
  auto r = post("/contacts/3/status", R"({"status_id":2,"triggers":[{"id":1,"fire":true}]})");
  EXPECT_EQ(r.status, 400);
  EXPECT_THAT(r.message(), HasSubstr("every trigger of status 2: 1, 2"));
  EXPECT_EQ(post("/contacts/3/status", R"({"status_id":2,"triggers":[{"id":3,"fire":true},{"id":1,"fire":true}]})").status, 400);
  EXPECT_EQ(post("/contacts/3/status", R"({"status_id":2,"triggers":[{"id":1,"fire":true},{"id":2,"fire":false}]})").status, 204);
}

TEST_F(SandboxStatus, CreateActivityLogsTheChangeWithTheTriggersThatFired) {
  EXPECT_EQ(post("/contacts/3/status?create_activity=true", R"({"status_id":2})").status, 204);
  auto acts = get("/contacts/3/activities").json;
  ASSERT_EQ(acts.at("total"), 1);
  std::string notes(acts.at("_embedded").at("activities").at(0).at("notes").as_string());
  EXPECT_THAT(notes, HasSubstr("Status changed to Contacted."));
  EXPECT_THAT(notes, HasSubstr("Email the contact's owner"));       // optional, on by default
  EXPECT_THAT(notes, ::testing::Not(HasSubstr("weekly digest")));  // optional, off by default
}

TEST_F(SandboxStatus, WithoutCreateActivityNothingIsLogged) {
  EXPECT_EQ(post("/contacts/3/status?create_activity=false", R"({"status_id":3})").status, 204);
  EXPECT_EQ(get("/contacts/3/activities").json.at("total"), 0);
}

TEST_F(SandboxActivities, TypeMustBeOneOfTheSeven) {
  EXPECT_THAT(post("/contacts/2/activities", R"({"type":"lunch"})").message(), HasSubstr("call_talked"));
}

TEST_F(SandboxActivities, DateDefaultsToNowAsRfc3339WithAnOffset) {
  auto r = post("/contacts/2/activities", R"({"type":"email","notes":"Sent the deck","regarding_id":12})");
  ASSERT_EQ(r.status, 201);
  auto a = get(r.header("Location").substr(sandbox::kInProcessApiRoot.size())).json;
  EXPECT_TRUE(std::regex_match(std::string(a.at("date").as_string()), std::regex(R"(\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\+00:00)")));
  EXPECT_EQ(a.at("regarding_id"), 12);
  EXPECT_EQ(a.at("data_item"), json::parse(R"({"id":2,"type":"contact"})"));
}

TEST_F(SandboxActivities, AGivenDateIsKeptAndAMalformedOneRefused) {
  auto r = post("/contacts/2/activities", R"({"type":"meeting","date":"2026-11-20T10:00:00-05:00"})");
  EXPECT_EQ(get(r.header("Location").substr(sandbox::kInProcessApiRoot.size())).json.at("date"), "2026-11-20T10:00:00-05:00");
  EXPECT_EQ(post("/contacts/2/activities", R"({"type":"meeting","date":"last tuesday"})").status, 400);
}

TEST_F(SandboxAttachments, UploadStoresTheRawBodyAndReportsMetadata) {
  std::string bytes("%PDF\0\xff", 6);
  auto r = call("POST", "/contacts/2/attachments?filename=cv.pdf", bytes, "acct-a", "application/octet-stream");
  ASSERT_EQ(r.status, 201) << r.raw;
  EXPECT_EQ(r.header("Location"), std::string(sandbox::kInProcessApiRoot) + "/attachments/1");
  auto meta = get("/attachments/1").json;
  EXPECT_EQ(meta.at("filename"), "cv.pdf");
  EXPECT_EQ(meta.at("size"), "6 B");
  EXPECT_EQ(meta.at("content_type"), "application/pdf");
  EXPECT_EQ(meta.at("version"), "1");
  EXPECT_EQ(get("/attachments/1/download").raw, bytes);
  EXPECT_EQ(get("/contacts/2/attachments").json.at("total"), 1);
}

TEST_F(SandboxAttachments, SizeIsReportedInKilobytes) {
  call("POST", "/contacts/2/attachments?filename=a.bin", std::string(250 * 1024, 'x'), "acct-a", "application/octet-stream");
  EXPECT_EQ(get("/attachments/1").json.at("size"), "250 KB");
}

TEST_F(SandboxAttachments, FilenamesMustBePlainNames) {
  for (std::string bad : {"../etc/passwd", "a/b.txt", "a\\b.txt", "..", "x%01y"}) {
    std::string name = bad == "x%01y" ? std::string("x\x01y") : bad;
    EXPECT_EQ(call("POST", "/contacts/2/attachments?filename=" + name, "data", "acct-a", "application/octet-stream").status, 400) << bad;
  }
  EXPECT_EQ(call("POST", "/contacts/2/attachments", "data", "acct-a", "application/octet-stream").status, 400);
  EXPECT_EQ(get("/contacts/2/attachments").json.at("total"), 0);
}

TEST_F(SandboxAttachments, MultipartIsRefusedWith415) {
  auto r = call("POST", "/contacts/2/attachments?filename=a.txt", "--b\r\n", "acct-a", "multipart/form-data; boundary=b");
  EXPECT_EQ(r.status, 415);
  EXPECT_EQ(r.message(), "Unsupported Content-Type.");
}

TEST_F(SandboxAttachments, FilesOverTheLimitAreRefusedWith413) {
  auto r = call("POST", "/contacts/2/attachments?filename=big.bin", std::string(limits_.max_upload_bytes + 1, 'x'), "acct-a",
                "application/octet-stream");
  EXPECT_EQ(r.status, 413);
}

TEST_F(SandboxAttachments, ThumbnailFromAnAttachmentMustBeThisContactsAttachment) {
  call("POST", "/contacts/2/attachments?filename=me.png", "png", "acct-a", "application/octet-stream");
  EXPECT_EQ(put("/contacts/1/thumbnail", R"({"source":"attachment","attachment_id":1})").status, 400);
  EXPECT_EQ(put("/contacts/2/thumbnail", R"({"source":"attachment"})").status, 400);
  EXPECT_EQ(put("/contacts/2/thumbnail", R"({"source":"attachment","attachment_id":1})").status, 204);
  auto t = get("/contacts/2/thumbnail").json;
  EXPECT_EQ(t.at("source"), "attachment");
  EXPECT_EQ(t.at("attachment_id"), 1);
  EXPECT_EQ(t.at("url"), "/attachments/1/download");
}

TEST_F(SandboxAttachments, GravatarThumbnailHashesThePrimaryEmail) {
  EXPECT_EQ(put("/contacts/2/thumbnail", R"({"source":"gravatar"})").status, 204);
  auto url = std::string(get("/contacts/2/thumbnail").json.at("url").as_string());
  EXPECT_EQ(url, "https://www.gravatar.com/avatar/" + cats_mcp::sha256_hex("alan.turing@globex.example") + "?d=identicon");
  EXPECT_EQ(put("/contacts/2/thumbnail", R"({"source":"disabled"})").status, 204);
  EXPECT_TRUE(get("/contacts/2/thumbnail").json.at("url").is_null());
  EXPECT_EQ(put("/contacts/2/thumbnail", R"({"source":"webcam"})").status, 400);
}

namespace {
std::vector<std::int64_t> ids_of(const json::value& page) {
  std::vector<std::int64_t> out;
  for (const auto& c : page.at("_embedded").at("contacts").as_array()) out.push_back(c.at("id").as_int64());
  return out;
}
using Ids = std::vector<std::int64_t>;
}  // namespace

TEST_F(SandboxSearch, FreeTextCoversNamesTitleEmailsPhonesNotesAndCompany) {
  EXPECT_EQ(ids_of(get("/contacts/search?query=hopper").json), Ids{1});
  EXPECT_EQ(ids_of(get("/contacts/search?query=Research").json), Ids{2});       // title
  EXPECT_EQ(ids_of(get("/contacts/search?query=initech.example").json), Ids{3});  // email
  EXPECT_EQ(ids_of(get("/contacts/search?query=16125550199").json), Ids{1});  // phone
  EXPECT_EQ(ids_of(get("/contacts/search?query=prefers").json), Ids{3});     // notes
  EXPECT_EQ(ids_of(get("/contacts/search?query=globex").json), Ids{2});      // company name
  EXPECT_EQ(ids_of(get("/contacts/search?query=gra%20hop").json), Ids{1});   // every word, as a prefix
  EXPECT_TRUE(ids_of(get("/contacts/search?query=nobody").json).empty());
}

TEST_F(SandboxSearch, TheIndexFollowsUpdates) {
  put("/contacts/3", R"({"first_name":"Katherine","last_name":"Johnson","owner_id":1,"company_id":3,"title":"Astronaut Liaison"})");
  EXPECT_EQ(ids_of(get("/contacts/search?query=astronaut").json), Ids{3});
  post("/contacts/2/emails", R"({"email":"enigma@bletchley.example"})");
  EXPECT_EQ(ids_of(get("/contacts/search?query=bletchley").json), Ids{2});
}

TEST_F(SandboxSearch, ContainsSplitsTheValueIntoWordsMatchedWithOr) {
  auto r = post("/contacts/search", R"({"field":"address.city","filter":"contains","value":"London Berlin"})");
  EXPECT_EQ(ids_of(r.json), (Ids{2, 3}));
}

TEST_F(SandboxSearch, AFilterNotAllowedOnAFieldIs400) {
  auto r = post("/contacts/search", R"({"field":"first_name","filter":"greater_than","value":"A"})");
  EXPECT_EQ(r.status, 400);
  EXPECT_EQ(r.message(), "That filter cannot be used on this field");
  EXPECT_EQ(post("/contacts/search", R"({"field":"shoe_size","filter":"exactly","value":"9"})").status, 400);
}

TEST_F(SandboxSearch, ExactlyBetweenAndComparisons) {
  EXPECT_EQ(ids_of(post("/contacts/search", R"({"field":"last_name","filter":"exactly","value":"turing"})").json), Ids{2});
  EXPECT_EQ(ids_of(post("/contacts/search", R"({"field":"id","filter":"between","value":[2,3]})").json), (Ids{2, 3}));
  EXPECT_EQ(ids_of(post("/contacts/search", R"({"field":"id","filter":"greater_than","value":2})").json), Ids{3});
  EXPECT_EQ(ids_of(post("/contacts/search", R"({"field":"is_hot","filter":"exactly","value":true})").json), Ids{1});
  EXPECT_EQ(post("/contacts/search", R"({"field":"id","filter":"between","value":5})").status, 400);
}

TEST_F(SandboxSearch, IsEmptyTakesABoolean) {
  EXPECT_EQ(ids_of(post("/contacts/search", R"({"field":"address.street","filter":"is_empty","value":true})").json), (Ids{2, 3}));
  EXPECT_EQ(ids_of(post("/contacts/search", R"({"field":"address.street","filter":"is_empty","value":false})").json), Ids{1});
}

TEST_F(SandboxSearch, AndOrCombineFilters) {
  auto both = post("/contacts/search", R"({"and":[{"field":"owner_id","filter":"exactly","value":1},
                                                   {"field":"country_code","filter":"exactly","value":"DE"}]})");
  EXPECT_EQ(ids_of(both.json), Ids{3});
  auto either = post("/contacts/search", R"({"OR":[{"field":"first_name","filter":"exactly","value":"Grace"},
                                                    {"field":"first_name","filter":"exactly","value":"Alan"}]})");
  EXPECT_EQ(ids_of(either.json), (Ids{1, 2}));
}

TEST_F(SandboxSearch, FiltersAndEmailsPrimary) {
  EXPECT_EQ(ids_of(post("/contacts/search", R"({"field":"emails.primary","filter":"contains","value":"globex"})").json), Ids{2});
}

TEST_F(SandboxPaging, PageAndPerPageAreChecked) {
  EXPECT_EQ(get("/contacts?per_page=101").status, 400);
  EXPECT_EQ(get("/contacts?per_page=0").status, 400);
  EXPECT_EQ(get("/contacts?page=0").status, 400);
  EXPECT_EQ(get("/contacts?page=abc").status, 400);
}

TEST_F(SandboxPaging, CollectionsCarryCountTotalAndLinks) {
  auto p = get("/contacts?page=2&per_page=1").json;
  EXPECT_EQ(p.at("count"), 1);
  EXPECT_EQ(p.at("total"), 3);
  EXPECT_EQ(p.at("_embedded").at("contacts").at(0).at("id"), 2);
  const auto& links = p.at("_links");
  EXPECT_EQ(links.at("self").at("href").as_string(), std::string(sandbox::kInProcessApiRoot) + "/contacts?page=2&per_page=1");
  EXPECT_EQ(links.at("first").at("href").as_string(), std::string(sandbox::kInProcessApiRoot) + "/contacts?page=1&per_page=1");
  EXPECT_EQ(links.at("last").at("href").as_string(), std::string(sandbox::kInProcessApiRoot) + "/contacts?page=3&per_page=1");
  EXPECT_EQ(links.at("prev").at("href").as_string(), std::string(sandbox::kInProcessApiRoot) + "/contacts?page=1&per_page=1");
  EXPECT_EQ(links.at("next").at("href").as_string(), std::string(sandbox::kInProcessApiRoot) + "/contacts?page=3&per_page=1");
  auto last = get("/contacts?page=3&per_page=1").json;
  EXPECT_FALSE(last.at("_links").as_object().contains("next"));
  auto first = get("/contacts?page=1&per_page=1").json;
  EXPECT_FALSE(first.at("_links").as_object().contains("prev"));
}

TEST_F(SandboxPaging, SearchLinksKeepTheQuery) {
  auto p = get("/contacts/search?query=a%20b&per_page=5").json;
  EXPECT_EQ(p.at("_links").at("self").at("href").as_string(), std::string(sandbox::kInProcessApiRoot) + "/contacts/search?query=a%20b&page=1&per_page=5");
}

TEST_F(SandboxAccounts, DataNeverCrossesAccounts) {
  auto id = new_contact("Only", "InA");
  EXPECT_EQ(get("/contacts/" + std::to_string(id), "acct-b").status, 404);
  EXPECT_EQ(get("/contacts", "acct-b").json.at("total"), 3);  // its own demo data
  EXPECT_EQ(get("/contacts/search?query=InA", "acct-b").json.at("total"), 0);
  EXPECT_EQ(post("/contacts/1/tags", R"({"tags":[]})", "acct-b").status, 204);
  EXPECT_EQ(get("/contacts/1/tags").json.at("total"), 2);  // account a's contact 1 keeps its tags
}
