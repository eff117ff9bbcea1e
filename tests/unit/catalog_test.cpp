// The published catalog against the seed: names, parameter names, types and required flags
// are the seed's; every tool carries a title, explicit annotations and an outputSchema.
#include "tools/catalog.hpp"
#include "tools/tool_schema.hpp"

#include <boost/json.hpp>
#include <gtest/gtest.h>

#include <fstream>
#include <set>
#include <sstream>

namespace json = boost::json;
using namespace cats_mcp::tools;

namespace {
json::array load_seed() {
  std::ifstream in(SEED_JSON);
  std::stringstream text;
  text << in.rdbuf();
  return json::parse(text.str()).as_array();
}

bool type_matches(std::string_view seed_type, const json::object& schema) {
  auto type = schema.at("type").as_string();
  if (seed_type == "number") return type == "integer" || type == "number";
  if (seed_type == "any[]") return type == "array";
  return type == seed_type;
}

json::array tool_list() {
  json::array out;
  for (const auto& t : catalog()) out.push_back(tool_definition(t));
  return out;
}
}  // namespace

TEST(Catalog, HasTheSeedsFortyFourToolsInItsOrder) {
  auto seed = load_seed();
  ASSERT_EQ(seed.size(), 44u);
  ASSERT_EQ(catalog().size(), 44u);
  for (std::size_t i = 0; i < seed.size(); ++i) EXPECT_EQ(catalog()[i].name, seed[i].at("name").as_string());
}

TEST(Catalog, EverySeedParameterKeepsItsNameTypeAndRequiredFlag) {
  for (const auto& seed_tool : load_seed()) {
    auto name = seed_tool.at("name").as_string();
    const Tool* tool = find_tool(name);
    ASSERT_NE(tool, nullptr) << name;
    auto schema = input_schema(*tool);
    const auto& props = schema.at("properties").as_object();
    std::set<std::string> required;
    if (auto r = schema.if_contains("required"))
      for (const auto& n : r->as_array()) required.insert(std::string(n.as_string()));

    std::set<std::string> seed_names;
    for (const auto& p : seed_tool.at("params").as_array()) {
      std::string pname(p.at("name").as_string());
      seed_names.insert(pname);
      ASSERT_TRUE(props.contains(pname)) << name << "." << pname;
      EXPECT_TRUE(type_matches(p.at("type").as_string(), props.at(pname).as_object())) << name << "." << pname;
      EXPECT_EQ(required.count(pname) == 1, p.at("required").as_bool()) << name << "." << pname;
    }
    // Additions are optional, and only the ones the design allows.
    for (const auto& [pname, _] : props) {
      if (seed_names.count(std::string(pname))) continue;
      EXPECT_TRUE(pname == "PCID" || (pname == "content_base64" && name == "cats_contacts_upload_a_contact_attachment"))
          << name << " adds " << pname;
      EXPECT_EQ(required.count(std::string(pname)), 0u) << name << "." << pname;
    }
  }
}

TEST(Catalog, EveryToolHasTitleDescriptionOutputSchemaAndAllFourAnnotations) {
  for (const auto& t : tool_list()) {
    const auto& tool = t.as_object();
    SCOPED_TRACE(json::serialize(tool.at("name")));
    EXPECT_FALSE(tool.at("title").as_string().empty());
    EXPECT_GT(tool.at("description").as_string().size(), 20u);
    EXPECT_EQ(tool.at("outputSchema").at("type"), "object");
    EXPECT_EQ(tool.at("inputSchema").at("type"), "object");
    const auto& a = tool.at("annotations").as_object();
    for (auto hint : {"readOnlyHint", "destructiveHint", "idempotentHint", "openWorldHint"})
      EXPECT_TRUE(a.contains(hint) && a.at(hint).is_bool()) << hint;
    EXPECT_TRUE(a.at("openWorldHint").as_bool());
  }
}

TEST(Catalog, AnnotationsFollowTheSafetyClassOfEachTool) {
  for (const auto& t : tool_list()) {
    std::string name(t.at("name").as_string());
    const auto& a = t.at("annotations").as_object();
    bool read_only = a.at("readOnlyHint").as_bool(), destructive = a.at("destructiveHint").as_bool(),
         idempotent = a.at("idempotentHint").as_bool();
    SCOPED_TRACE(name);
    auto has = [&](std::string_view s) { return name.find(s) != std::string::npos; };
    std::string_view verb = std::string_view(name).substr(std::string_view("cats_contacts_").size());
    if (verb.starts_with("get_") || verb.starts_with("list_") || verb.starts_with("lis_") || verb.starts_with("search_") ||
        verb.starts_with("filter_")) {
      EXPECT_TRUE(read_only);
      EXPECT_FALSE(destructive);
    } else if (has("_create_") || has("upload_")) {
      EXPECT_FALSE(read_only);
      EXPECT_FALSE(destructive);
      EXPECT_FALSE(idempotent);
    } else if (has("_delete_") || has("replace_contact_tags")) {
      EXPECT_FALSE(read_only);
      EXPECT_TRUE(destructive);
      EXPECT_TRUE(idempotent);
    } else if (has("change_contact_status")) {
      // Each change logs an activity and fires triggers: repeating it is not harmless.
      EXPECT_FALSE(read_only);
      EXPECT_FALSE(destructive);
      EXPECT_FALSE(idempotent);
    } else {  // updates and attach
      EXPECT_TRUE(has("_update_") || has("attach_") || has("change_a_contact_thumbnail"));
      EXPECT_FALSE(read_only);
      EXPECT_FALSE(destructive);
      EXPECT_TRUE(idempotent);
    }
  }
}

TEST(Catalog, ProseRulesOfTheSeedAreSchema) {
  auto prop = [](std::string_view tool, std::string_view param) {
    return input_schema(*find_tool(tool)).at("properties").at(param).as_object();
  };
  auto enum_of = [&](std::string_view tool, std::string_view param) {
    std::vector<std::string> out;
    auto schema = prop(tool, param);  // kept alive: the loop below reads into it
    for (const auto& v : schema.at("enum").as_array()) out.emplace_back(v.as_string());
    return out;
  };
  using V = std::vector<std::string>;
  EXPECT_EQ(enum_of("cats_contacts_create_a_contact_phone", "type"), (V{"mobile", "home", "work", "fax", "main", "other"}));
  EXPECT_EQ(enum_of("cats_contacts_create_a_contact_activity", "type"),
            (V{"email", "meeting", "call_talked", "call_lvm", "call_missed", "text_message", "other"}));
  EXPECT_EQ(enum_of("cats_contacts_change_a_contact_thumbnail", "source"), (V{"attachment", "gravatar", "disabled"}));
  EXPECT_EQ(enum_of("cats_contacts_filter_contacts", "filter"),
            (V{"contains", "exactly", "is_empty", "greater_than", "less_than", "between", "geo_distance"}));

  for (const auto& tool : catalog()) {
    auto props = input_schema(tool).at("properties").as_object();
    for (const auto& p : tool.params) {
      const auto& s = props.at(p.name).as_object();
      if (p.name == "page") {
        EXPECT_EQ(s.at("minimum"), 1) << tool.name;
      }
      if (p.name == "per_page") {
        EXPECT_EQ(s.at("minimum"), 1) << tool.name;
        EXPECT_EQ(s.at("maximum"), 100) << tool.name;
      }
      if (p.type == JsonType::integer && (p.name == "id" || p.name.ends_with("_id"))) {
        EXPECT_EQ(s.at("minimum"), 1);
      }
      if (p.type == JsonType::array) {
        EXPECT_TRUE(s.contains("items")) << tool.name << "." << p.name;
      }
    }
  }
  auto tag_item = prop("cats_contacts_attach_contact_tags", "tags").at("items").as_object();
  EXPECT_TRUE(tag_item.contains("anyOf"));  // bare ids or {id}
  EXPECT_EQ(prop("cats_contacts_create_a_contact", "phones").at("items").at("required"), json::array({"number", "type"}));
}

TEST(Catalog, ThumbnailSchemaRequiresAttachmentIdWhenSourceIsAttachment) {
  auto schema = input_schema(*find_tool("cats_contacts_change_a_contact_thumbnail"));
  auto rule = schema.at("allOf").as_array().at(0).as_object();
  EXPECT_EQ(rule.at("if").at("properties").at("source").at("const"), "attachment");
  EXPECT_EQ(rule.at("then").at("required"), json::array({"attachment_id"}));
}

namespace {
// Every `type` under `schema` that is a list of names rather than one name, by path.
void type_lists(const json::value& schema, const std::string& path, std::vector<std::string>& found) {
  if (schema.is_object()) {
    for (const auto& [key, value] : schema.get_object()) {
      if (key == "type" && value.is_array()) found.push_back(path);
      type_lists(value, path + "." + std::string(key), found);
    }
  } else if (schema.is_array()) {
    for (std::size_t i = 0; i < schema.get_array().size(); ++i)
      type_lists(schema.get_array()[i], path + "[" + std::to_string(i) + "]", found);
  }
}
}  // namespace

// Some clients map schemas onto a single-`type` dialect and refuse a list (Inspector --strict).
TEST(Catalog, NoSchemaSpellsItsTypeAsAList) {
  std::vector<std::string> found;
  for (const auto& tool : catalog()) type_lists(tool_definition(tool), std::string(tool.name), found);
  EXPECT_EQ(found, std::vector<std::string>{});
}

TEST(Catalog, EveryToolAcceptsAnOptionalPcid) {
  for (const auto& tool : catalog()) {
    auto schema = input_schema(tool);
    EXPECT_EQ(schema.at("properties").at("PCID").at("type"), "string") << tool.name;
    EXPECT_EQ(tool.params.back().place, Place::local) << tool.name;
  }
}

// A toolset other than CATS's: its parameters bring their own shapes, and the generic schema
// code publishes them as given, with no list of known shapes to extend.
TEST(Catalog, AParameterBringsItsOwnItemAndObjectSchema) {
  Tool tool{.name = "other_toolset_tool", .title = "Other", .description = "Not a CATS tool.", .method = "POST",
            .path = "/points", .safety = Safety::create, .result = ResultKind::created,
            .params = {{.name = "points", .type = JsonType::array, .required = true, .place = Place::body,
                        .description = "Points.", .structure = [] { return json::object{{"type", "number"}}; }},
                       {.name = "origin", .type = JsonType::object, .required = false, .place = Place::body,
                        .description = "Where from.",
                        .structure = [] { return json::object{{"type", "object"}, {"required", {"x"}}}; }}}};
  auto props = input_schema(tool).at("properties").as_object();
  EXPECT_EQ(props.at("points").at("items"), (json::object{{"type", "number"}}));
  EXPECT_EQ(props.at("points").at("maxItems"), 1000);
  EXPECT_EQ(props.at("origin"), (json::object{{"type", "object"}, {"required", {"x"}}, {"description", "Where from."}}));
}
