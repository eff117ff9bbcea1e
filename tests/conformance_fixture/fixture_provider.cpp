#include "fixture_provider.hpp"

#include "util/base64.hpp"

namespace cats_mcp::fixture {
namespace json = boost::json;
using mcp::ToolCall;
using mcp::ToolOutcome;

namespace {
constexpr std::string_view kStatePurpose = "conformance-fixture/request-state";

json::object text_block(std::string text) { return {{"type", "text"}, {"text", std::move(text)}}; }
json::object user(json::object content) { return {{"role", "user"}, {"content", std::move(content)}}; }
ToolOutcome prompt_result(std::string description, json::array messages) {
  return {{{"description", std::move(description)}, {"messages", std::move(messages)}}, false};
}

std::string argument(const ToolCall& call, std::string_view name) {
  auto v = call.arguments.if_contains(name);
  return v && v->is_string() ? std::string(v->get_string()) : std::string();
}

json::object prompt(std::string name, std::string description, json::array arguments = {}) {
  json::object p{{"name", std::move(name)}, {"description", std::move(description)}};
  if (!arguments.empty()) p["arguments"] = std::move(arguments);
  return p;
}
json::object required_argument(std::string name, std::string description) {
  return {{"name", std::move(name)}, {"description", std::move(description)}, {"required", true}};
}

constexpr std::string_view kTemplatePrefix = "test://template/";
constexpr std::string_view kTemplateSuffix = "/data";
}  // namespace

std::string png_base64() {
  // A 1x1 red PNG.
  return "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8DwHwAFBQIAX8jx0gAAAABJRU5ErkJggg==";
}

std::string wav_base64() {
  // A RIFF/WAVE header (PCM, mono, 8 kHz, 8-bit) and eight samples of silence.
  std::string wav = "RIFF";
  auto le32 = [&](std::uint32_t v) { for (int i = 0; i < 4; ++i) wav += char((v >> (8 * i)) & 0xff); };
  auto le16 = [&](std::uint16_t v) { for (int i = 0; i < 2; ++i) wav += char((v >> (8 * i)) & 0xff); };
  constexpr std::uint32_t samples = 8;
  le32(36 + samples);
  wav += "WAVEfmt ";
  le32(16);
  le16(1);      // PCM
  le16(1);      // mono
  le32(8000);   // sample rate
  le32(8000);   // byte rate
  le16(1);      // block align
  le16(8);      // bits per sample
  wav += "data";
  le32(samples);
  wav += std::string(samples, char(0x80));
  return base64_encode(wav);
}

FixtureProvider::FixtureProvider() : tools_(fixture_tools()) {
  for (const auto& tool : tools_) infos_.push_back({tool.name, true, tool.may_ask_client});
}

mcp::ServerIdentity FixtureProvider::identity() const {
  return {"cats-contacts-mcp-conformance-fixture", "Conformance fixture", "1.0.0",
          "The MCP conformance suite's fixture tools, prompts and resources, served by the cats-contacts-mcp protocol core."};
}

std::string FixtureProvider::instructions() const { return "A test server for the MCP conformance suite."; }

std::vector<json::object> FixtureProvider::definitions(const std::vector<std::string_view>& names) {
  std::vector<json::object> out;
  for (auto name : names)
    for (const auto& tool : tools_)
      if (tool.name == name)
        out.push_back({{"name", tool.name}, {"description", tool.description}, {"inputSchema", tool.input_schema}});
  return out;
}

ToolOutcome FixtureProvider::call(std::string_view name, ToolCall call) {
  for (auto& tool : tools_)
    if (tool.name == name) return tool.run(*this, call);
  return ToolOutcome::refuses("Unknown tool: " + std::string(name));
}

std::string FixtureProvider::seal_state(std::string_view tool, int step) const {
  return states_.seal(json::serialize(json::object{{"tool", tool}, {"step", step}}), kStatePurpose);
}

std::optional<int> FixtureProvider::open_state(std::string_view tool, std::string_view state) const {
  auto opened = states_.open(state, kStatePurpose);
  if (!opened) return std::nullopt;
  boost::system::error_code ec;
  auto v = json::parse(*opened, ec);
  if (ec || !v.is_object() || v.at("tool") != json::value(tool)) return std::nullopt;
  return int(v.at("step").as_int64());
}

std::vector<json::object> FixtureProvider::prompts() {
  return {prompt("test_simple_prompt", "A prompt without arguments."),
          prompt("test_prompt_with_arguments", "A prompt with two arguments.",
                 {required_argument("arg1", "First argument"), required_argument("arg2", "Second argument")}),
          prompt("test_prompt_with_embedded_resource", "A prompt that embeds a resource.",
                 {required_argument("resourceUri", "The resource to embed")}),
          prompt("test_prompt_with_image", "A prompt with an image."),
          prompt("test_input_required_result_prompt", "A prompt that asks the user for context first (MRTR).")};
}

ToolOutcome FixtureProvider::get_prompt(std::string_view name, ToolCall call) {
  if (name == "test_simple_prompt")
    return prompt_result("A simple prompt", {user(text_block("This is a simple prompt for testing."))});
  if (name == "test_prompt_with_arguments") {
    auto arg1 = argument(call, "arg1"), arg2 = argument(call, "arg2");
    if (arg1.empty() || arg2.empty()) return ToolOutcome::refuses("arg1 and arg2 are required");
    return prompt_result("A prompt with arguments",
                         {user(text_block("Prompt with arguments: arg1='" + arg1 + "', arg2='" + arg2 + "'"))});
  }
  if (name == "test_prompt_with_embedded_resource") {
    auto uri = argument(call, "resourceUri");
    if (uri.empty()) return ToolOutcome::refuses("resourceUri is required");
    return prompt_result("A prompt with an embedded resource",
                         {user({{"type", "resource"},
                                 {"resource", {{"uri", uri}, {"mimeType", "text/plain"}, {"text", "Embedded resource content for testing."}}}}),
                          user(text_block("Please process the embedded resource above."))});
  }
  if (name == "test_prompt_with_image")
    return prompt_result("A prompt with an image", {user({{"type", "image"}, {"data", png_base64()}, {"mimeType", "image/png"}}),
                                                    user(text_block("Please analyze the image above."))});
  if (name == "test_input_required_result_prompt") {
    if (call.era == mcp::Era::legacy) return prompt_result("Context", {user(text_block("Use the default context."))});
    auto given = call.input_responses.if_contains("user_context");
    if (!given || !given->is_object()) {
      if (!call.client_capabilities.contains("elicitation"))
        return ToolOutcome::needs({{"elicitation", json::object{}}}, "This prompt asks the user for context");
      json::object question{{"method", "elicitation/create"},
                            {"params", {{"message", "What context should the prompt use?"},
                                        {"requestedSchema", {{"type", "object"},
                                                             {"properties", {{"context", {{"type", "string"}, {"description", "Context"}}}}},
                                                             {"required", json::array{"context"}}}}}}};
      return ToolOutcome::asks({{"user_context", std::move(question)}});
    }
    return prompt_result("Context", {user(text_block("Use this context: " + json::serialize(given->get_object())))});
  }
  return ToolOutcome::refuses("Unknown prompt: " + std::string(name));
}

std::vector<json::object> FixtureProvider::resources() {
  return {{{"uri", "test://static-text"}, {"name", "static-text"}, {"description", "A static text resource."}, {"mimeType", "text/plain"}},
          {{"uri", "test://static-binary"}, {"name", "static-binary"}, {"description", "A static binary resource."}, {"mimeType", "image/png"}},
          {{"uri", "test://watched-resource"}, {"name", "watched-resource"}, {"description", "A resource to subscribe to."}, {"mimeType", "text/plain"}}};
}

std::vector<json::object> FixtureProvider::resource_templates() {
  return {{{"uriTemplate", "test://template/{id}/data"}, {"name", "template-data"},
           {"description", "Data for any id."}, {"mimeType", "application/json"}}};
}

ToolOutcome FixtureProvider::read_resource(std::string_view uri, ToolCall) {
  auto contents = [](json::object item) { return ToolOutcome{{{"contents", json::array{std::move(item)}}}, false}; };
  if (uri == "test://static-text")
    return contents({{"uri", uri}, {"mimeType", "text/plain"}, {"text", "This is the content of the static text resource."}});
  if (uri == "test://static-binary") return contents({{"uri", uri}, {"mimeType", "image/png"}, {"blob", png_base64()}});
  if (uri == "test://watched-resource") return contents({{"uri", uri}, {"mimeType", "text/plain"}, {"text", "Watched."}});
  if (uri.starts_with(kTemplatePrefix) && uri.ends_with(kTemplateSuffix) && uri.size() > kTemplatePrefix.size() + kTemplateSuffix.size()) {
    std::string id(uri.substr(kTemplatePrefix.size(), uri.size() - kTemplatePrefix.size() - kTemplateSuffix.size()));
    json::object data{{"id", id}, {"templateTest", true}, {"data", "Data for ID: " + id}};
    return contents({{"uri", uri}, {"mimeType", "application/json"}, {"text", json::serialize(data)}});
  }
  return ToolOutcome::refuses("Resource not found: " + std::string(uri), {{"uri", uri}});
}

std::optional<json::array> FixtureProvider::complete(const json::object& ref, const json::object& argument) {
  auto type = ref.if_contains("type");
  auto typed = [&](std::string_view t) { return type && type->is_string() && type->get_string() == t; };
  std::vector<std::string_view> choices;
  if (typed("ref/prompt") && ref.if_contains("name") && ref.at("name") == "test_prompt_with_arguments")
    choices = {"testValue1", "testValue2", "test", "other"};
  else if (typed("ref/resource") && ref.if_contains("uri") && ref.at("uri") == "test://template/{id}/data")
    choices = {"1", "2", "123"};
  else
    return std::nullopt;
  std::string prefix;
  if (auto v = argument.if_contains("value"); v && v->is_string()) prefix = v->get_string();
  json::array values;
  for (auto c : choices)
    if (c.starts_with(prefix)) values.emplace_back(c);
  return values;
}

}  // namespace cats_mcp::fixture
