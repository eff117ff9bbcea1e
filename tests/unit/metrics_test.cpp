// /metrics labels come from fixed sets and are escaped: no client-chosen name becomes a series
// of its own, and no text a client sends can end a label and start a line.
#include "util/metrics.hpp"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <sstream>

using cats_mcp::Metrics;
using cats_mcp::escape_label_value;
using ::testing::HasSubstr;

TEST(Metrics, UnknownMethodsShareTheOtherLabel) {
  Metrics m;
  m.observe_request("x\"} 1\nforged_metric 1\n#", 0.01);
  m.observe_request(std::string(1 << 20, 'a'), 0.01);
  m.observe_request("tools/call", 0.01);
  m.observe_request("ping", 0.01);
  auto text = m.render();
  EXPECT_THAT(text, HasSubstr("mcp_request_duration_seconds_count{method=\"other\"} 2\n"));
  EXPECT_THAT(text, HasSubstr("mcp_request_duration_seconds_count{method=\"tools/call\"} 1\n"));
  EXPECT_THAT(text, HasSubstr("mcp_request_duration_seconds_count{method=\"ping\"} 1\n"));
  EXPECT_LT(text.size(), 8u * 1024);
  std::istringstream lines(text);
  for (std::string line; std::getline(lines, line);) EXPECT_FALSE(line.starts_with("forged_metric")) << line;
}

TEST(Metrics, ToolLabelsComeOnlyFromTheCatalog) {
  Metrics m;
  m.set_known_tools({"cats_contacts_get_a_contact"});  // as the server does at start-up, from its catalog
  m.count_tool_call("cats_contacts_get_a_contact", false);
  m.count_tool_call("not_a_tool\"}", true);
  auto text = m.render();
  EXPECT_THAT(text, HasSubstr("mcp_tool_calls_total{tool=\"cats_contacts_get_a_contact\",outcome=\"ok\"} 1\n"));
  EXPECT_THAT(text, HasSubstr("mcp_tool_calls_total{tool=\"other\",outcome=\"error\"} 1\n"));
  EXPECT_EQ(text.find("not_a_tool"), std::string::npos);
}

TEST(Metrics, LabelValuesAreEscapedForThePrometheusTextFormat) {
  EXPECT_EQ(escape_label_value("plain/name"), "plain/name");
  EXPECT_EQ(escape_label_value("a\"b\\c\nd"), "a\\\"b\\\\c\\nd");
}
