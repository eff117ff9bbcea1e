// The golden `tools/list`: every catalog tool as the server publishes it, both with PCID
// optional and with PCID required (stored connections exist), compared byte for byte with the
// committed tests/data/tools_list.snapshot.json. The catalog is refactored often; this is what
// proves a refactoring changed nothing an agent can see (names, order, descriptions, schemas,
// annotations, even key order).
//
// An intended change: run the test once with UPDATE_SNAPSHOTS=1. It rewrites the file and then
// FAILS on purpose, so a run that happens to have the variable set cannot pass silently;
// review `git diff tests/data/tools_list.snapshot.json`, then run again without it.
#include "tools/catalog.hpp"
#include "tools/tool_schema.hpp"

#include <boost/json.hpp>
#include <gtest/gtest.h>

#include <algorithm>
#include <cstdlib>
#include <fstream>
#include <sstream>
#include <string>

namespace json = boost::json;
using namespace cats_mcp::tools;

namespace {

// boost::json has no pretty printer. Keys keep the order they were built in, which is what the
// snapshot pins down; the file stays reviewable as a diff, one line per member.
void pretty(const json::value& v, std::string& out, int indent) {
  auto newline = [&](int level) { out += '\n' + std::string(std::size_t(level) * 2, ' '); };
  if (v.is_object() && !v.get_object().empty()) {
    out += '{';
    bool first = true;
    for (const auto& [key, member] : v.get_object()) {
      out += first ? "" : ",";
      first = false;
      newline(indent + 1);
      out += json::serialize(json::string(key)) + ": ";
      pretty(member, out, indent + 1);
    }
    newline(indent);
    out += '}';
  } else if (v.is_array() && !v.get_array().empty()) {
    out += '[';
    bool first = true;
    for (const auto& item : v.get_array()) {
      out += first ? "" : ",";
      first = false;
      newline(indent + 1);
      pretty(item, out, indent + 1);
    }
    newline(indent);
    out += ']';
  } else {
    out += json::serialize(v);
  }
}

std::string pretty(const json::value& v, int indent = 0) {
  std::string out;
  pretty(v, out, indent);
  return out;
}

json::object entry(const Tool& tool) { return tool_definition(tool); }

json::object current_snapshot() {
  json::array tools;
  for (const auto& tool : catalog()) tools.push_back(entry(tool));
  return {{"tools", std::move(tools)}};
}

std::string read_file(const char* path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return {};
  std::stringstream text;
  text << in.rdbuf();
  return text.str();
}

// Which tools differ, by name, so a failure says where to look rather than dumping 5,000 lines.
std::string differences(const std::string& committed_text, const json::object& current) {
  boost::system::error_code ec;
  auto committed = json::parse(committed_text, ec);
  if (ec || !committed.is_object() || !committed.get_object().contains("tools"))
    return "  the committed snapshot is missing or not a {\"tools\": [...]} document\n";
  const auto& old_tools = committed.at("tools").as_array();
  const auto& new_tools = current.at("tools").as_array();
  std::string out;
  for (std::size_t i = 0; i < std::max(old_tools.size(), new_tools.size()); ++i) {
    if (i >= old_tools.size()) {
      out += "  added at position " + std::to_string(i) + ": " + json::serialize(new_tools[i].at("name")) + "\n";
    } else if (i >= new_tools.size()) {
      out += "  removed from position " + std::to_string(i) + ": " + json::serialize(old_tools[i].at("name")) + "\n";
    } else if (pretty(old_tools[i]) != pretty(new_tools[i])) {
      auto old_name = json::serialize(old_tools[i].at("name")), new_name = json::serialize(new_tools[i].at("name"));
      out += "  position " + std::to_string(i) + ": " +
             (old_name == new_name ? new_name + " changed" : old_name + " became " + new_name) + "\n";
    }
  }
  return out.empty() ? "  no tool differs: the layout of the file does (white space, trailing newline)\n" : out;
}

}  // namespace

TEST(ToolsSnapshot, ToolsListIsByteIdenticalToTheCommittedSnapshot) {
  const std::string current = pretty(current_snapshot()) + "\n";
  if (const char* update = std::getenv("UPDATE_SNAPSHOTS"); update && std::string(update) == "1") {
    std::ofstream(TOOLS_SNAPSHOT, std::ios::binary | std::ios::trunc) << current;
    FAIL() << "UPDATE_SNAPSHOTS=1: rewrote " << TOOLS_SNAPSHOT
           << "; review `git diff` of it, then run again without UPDATE_SNAPSHOTS (this run fails on purpose).";
  }
  const std::string committed = read_file(TOOLS_SNAPSHOT);
  if (committed != current) {
    FAIL() << "tools/list differs from " << TOOLS_SNAPSHOT << ":\n"
           << differences(committed, current_snapshot())
           << "If the change is intended, run this test once with UPDATE_SNAPSHOTS=1 "
              "(it rewrites the file and fails once), review the diff and commit it.";
  }
}
