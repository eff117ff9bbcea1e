// How the sandbox keeps its promises about memory and files: a response's JSON owns its memory,
// a page far past the end is empty, and a database it cannot read correctly is refused, unwritten.
#include "sandbox/api.hpp"
#include "sandbox/schema.hpp"
#include "sandbox/store.hpp"
#include "support/sandbox_fixture.hpp"
#include "support/temp_dir.hpp"

#include <gmock/gmock.h>

#include <fstream>

namespace json = boost::json;
using namespace cats_mcp;
using cats_mcp::testing::SandboxTest;
using cats_mcp::testing::TempDir;
using ::testing::HasSubstr;

using SandboxPaging = SandboxTest;

TEST(SandboxResponses, ADocumentBuiltInAStackArenaIsRefusedNotLeftDangling) {
  json::monotonic_resource stack_arena;
  json::object borrowed({{"message", "x"}}, &stack_arena);
  EXPECT_THROW(sandbox::json_response(200, std::move(borrowed)), std::logic_error);
  EXPECT_NO_THROW(sandbox::json_response(200, json::object({{"message", "x"}}, sandbox::response_arena())));
  EXPECT_NO_THROW(sandbox::json_response(200, json::object({{"message", "x"}})));
}

TEST_F(SandboxPaging, APageFarPastTheEndIsEmptyNotAnOverflowIntoPageOne) {
  auto r = get("/contacts?page=9223372036854775807&per_page=100");
  ASSERT_EQ(r.status, 200) << r.raw;
  EXPECT_EQ(r.json.at("count"), 0);
  EXPECT_EQ(r.json.at("total"), 3);
  EXPECT_EQ(get("/contacts/search?query=Grace&page=9223372036854775807&per_page=100").json.at("count"), 0);
}

TEST(SandboxStore, RecordsItsSchemaVersionInTheFile) {
  TempDir dir;
  { sandbox::Store store(dir.file("v.db")); }
  storage::Db db(dir.file("v.db"));
  auto q = db.query("PRAGMA user_version");
  q.step();
  EXPECT_EQ(q.integer(0), sandbox::kSchemaVersion);
}

TEST(SandboxStore, RefusesADatabaseWrittenByANewerVersionAndLeavesItAlone) {
  TempDir dir;
  {
    storage::Db db(dir.file("future.db"));
    db.exec("CREATE TABLE future_things (x); PRAGMA user_version = 99");
  }
  try {
    sandbox::Store store(dir.file("future.db"));
    FAIL() << "a newer schema was opened";
  } catch (const std::exception& e) {
    EXPECT_THAT(e.what(), HasSubstr("newer cats-contacts-mcp (schema version 99"));
  }
  storage::Db db(dir.file("future.db"));
  auto q = db.query("SELECT count(*) FROM sqlite_master WHERE name = 'accounts'");
  q.step();
  EXPECT_EQ(q.integer(0), 0) << "the refused file was written";
}

TEST(SandboxStore, RefusesAFileThatIsNotADatabaseWithItsName) {
  TempDir dir;
  std::ofstream(dir.file("notes.txt")) << "these are my notes, not a database, and they are long enough to have a header";
  try {
    sandbox::Store store(dir.file("notes.txt"));
    FAIL() << "a text file was opened as a database";
  } catch (const std::exception& e) {
    EXPECT_THAT(e.what(), HasSubstr("notes.txt"));
    EXPECT_THAT(e.what(), HasSubstr("not a database"));
  }
}
