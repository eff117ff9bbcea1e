// The fixture's tools, one entry each: name, description, input schema, what it does.
#include "fixture_provider.hpp"

#include <chrono>
#include <thread>
#include <variant>

namespace cats_mcp::fixture {
namespace json = boost::json;
using mcp::ToolCall;
using mcp::ToolOutcome;

namespace {
json::object text_block(std::string text) { return {{"type", "text"}, {"text", std::move(text)}}; }
ToolOutcome content(json::array blocks, bool is_error = false) { return {{{"content", std::move(blocks)}, {"isError", is_error}}, is_error}; }
ToolOutcome text(std::string t, bool is_error = false) { return content({text_block(std::move(t))}, is_error); }
json::object image_block() { return {{"type", "image"}, {"data", png_base64()}, {"mimeType", "image/png"}}; }

json::object object_schema(json::object properties = {}, json::array required = {}) {
  json::object s{{"type", "object"}, {"properties", std::move(properties)}};
  if (!required.empty()) s["required"] = std::move(required);
  return s;
}
json::object string_property(std::string description) { return {{"type", "string"}, {"description", std::move(description)}}; }

json::object elicitation(std::string message, json::object properties, json::array required) {
  return {{"method", "elicitation/create"},
          {"params", {{"message", std::move(message)}, {"requestedSchema", object_schema(std::move(properties), std::move(required))}}}};
}
json::object sampling(std::string question, int max_tokens) {
  return {{"method", "sampling/createMessage"},
          {"params", {{"messages", json::array{json::object{{"role", "user"}, {"content", text_block(std::move(question))}}}},
                      {"maxTokens", max_tokens}}}};
}
json::object roots() { return {{"method", "roots/list"}, {"params", json::object{}}}; }

// The client capability an input request needs.
std::string_view capability_for(std::string_view method) {
  if (method == "elicitation/create") return "elicitation";
  if (method == "sampling/createMessage") return "sampling";
  return "roots";
}
bool declared(const ToolCall& call, std::string_view capability) { return call.client_capabilities.contains(capability); }

const json::object* answer(const ToolCall& call, std::string_view key) {
  auto a = call.input_responses.if_contains(key);
  return a && a->is_object() ? &a->get_object() : nullptr;
}

// Asks the client `request` ({method, params}) under `key`, as the era allows: legacy in place
// (a request on the call's stream), modern by an input_required answer. The client's answer,
// or what to return instead (the question, or why it cannot be asked).
std::variant<json::object, ToolOutcome> ask(ToolCall& call, std::string_view key, json::object request) {
  std::string method(request.at("method").as_string());
  if (call.era == mcp::Era::legacy) {
    if (!call.ask || !declared(call, capability_for(method))) return text("This client cannot be asked (" + method + ").", true);
    auto a = call.ask(method, request.at("params").as_object());
    if (!a) return text("The client did not answer " + method + ".", true);
    return *a;
  }
  if (!declared(call, capability_for(method)))
    return ToolOutcome::needs({{capability_for(method), json::object{}}}, "This tool needs the client's " + std::string(capability_for(method)));
  if (auto a = answer(call, key)) return *a;
  return ToolOutcome::asks({{key, std::move(request)}});
}

ToolOutcome described(std::string_view what, const json::object& result) {
  std::string action = result.contains("action") ? std::string(result.at("action").as_string()) : "";
  json::value content = result.contains("content") ? result.at("content") : json::value();
  return text(std::string(what) + ": action=" + action + ", content=" + json::serialize(content));
}

// A tool that asks one thing and reports the answer.
ToolOutcome ask_and_describe(ToolCall& call, json::object request, std::string_view what) {
  auto asked = ask(call, "request", std::move(request));
  if (auto* instead = std::get_if<ToolOutcome>(&asked)) return std::move(*instead);
  const auto& result = std::get<json::object>(asked);
  if (what == "LLM response") {
    auto reply = result.if_contains("content");
    std::string said = reply && reply->is_object() && reply->get_object().contains("text")
                           ? std::string(reply->at("text").as_string()) : json::serialize(result);
    return text("LLM response: " + said);
  }
  return described(what, result);
}

std::string param(const ToolCall& call, std::string_view name, std::string fallback = {}) {
  auto v = call.arguments.if_contains(name);
  return v && v->is_string() ? std::string(v->get_string()) : fallback;
}

void pause() { std::this_thread::sleep_for(std::chrono::milliseconds(50)); }

ToolOutcome with_logging(ToolCall& call) {
  bool wanted = call.client_log_level <= LogLevel::info;  // nothing to wait for when nobody listens
  for (auto message : {"Tool execution started", "Tool processing data", "Tool execution completed"}) {
    if (call.log) call.log(LogLevel::info, "conformance", json::object{{"message", message}});
    if (wanted) pause();
  }
  return text("Logging test completed");
}

// An MRTR tool whose state must come back as sealed: round 1 asks `key` with a state, round 2
// checks the state and completes.
ToolOutcome with_sealed_state(FixtureProvider& fixture, ToolCall& call, std::string_view tool) {
  auto question = elicitation("Please confirm", {{"ok", {{"type", "boolean"}, {"description", "Confirm"}}}}, json::array{"ok"});
  if (call.era == mcp::Era::legacy) return text("This tool needs protocol version 2026-07-28.", true);
  if (!declared(call, "elicitation")) return ToolOutcome::needs({{"elicitation", json::object{}}}, "This tool needs elicitation");
  if (!call.request_state.empty() && !fixture.open_state(tool, call.request_state))
    return ToolOutcome::refuses("requestState was altered or is not this server's");
  if (call.request_state.empty() || !answer(call, "confirm"))
    return ToolOutcome::asks({{"confirm", std::move(question)}}, fixture.seal_state(tool, 1));
  return text("Confirmed: state-ok");
}
}  // namespace

std::vector<FixtureProvider::Tool> fixture_tools() {
  using T = FixtureProvider::Tool;
  std::vector<T> tools;
  auto add = [&](std::string name, std::string description, json::object schema, auto run, bool may_ask = false) {
    tools.push_back(T{std::move(name), std::move(description), std::move(schema), may_ask,
                      [run](FixtureProvider& f, ToolCall& c) { return run(f, c); }});
  };
  add("test_simple_text", "Returns a simple text response.", object_schema(),
      [](auto&, ToolCall&) { return text("This is a simple text response for testing."); });
  add("test_image_content", "Returns an image.", object_schema(), [](auto&, ToolCall&) { return content({image_block()}); });
  add("test_audio_content", "Returns an audio clip.", object_schema(), [](auto&, ToolCall&) {
    return content({json::object{{"type", "audio"}, {"data", wav_base64()}, {"mimeType", "audio/wav"}}});
  });
  add("test_embedded_resource", "Returns an embedded resource.", object_schema(), [](auto&, ToolCall&) {
    return content({json::object{{"type", "resource"},
                                 {"resource", {{"uri", "test://embedded-resource"}, {"mimeType", "text/plain"},
                                               {"text", "This is an embedded resource content."}}}}});
  });
  add("test_multiple_content_types", "Returns text, an image and a resource.", object_schema(), [](auto&, ToolCall&) {
    return content({text_block("Multiple content types test:"), image_block(),
                    json::object{{"type", "resource"},
                                 {"resource", {{"uri", "test://mixed-content-resource"}, {"mimeType", "application/json"},
                                               {"text", R"({"test":"data","value":123})"}}}}});
  });
  add("test_tool_with_logging", "Sends three log messages while it runs.", object_schema(),
      [](auto&, ToolCall& c) { return with_logging(c); });
  add("test_logging_tool", "Sends log messages only when the request asks for a log level.", object_schema(),
      [](auto&, ToolCall& c) { return with_logging(c); });
  add("test_tool_with_progress", "Reports progress 0, 50, 100.", object_schema(), [](auto&, ToolCall& c) {
    for (double p : {0.0, 50.0, 100.0}) {
      if (c.progress) c.progress(p, 100, "step");
      pause();
    }
    return text("Progress test completed");
  });
  add("test_error_handling", "Always fails.", object_schema(),
      [](auto&, ToolCall&) { return text("This tool intentionally returns an error for testing", true); });
  add("test_sampling", "Asks the client's model.", object_schema({{"prompt", string_property("The prompt")}}, json::array{"prompt"}),
      [](auto&, ToolCall& c) { return ask_and_describe(c, sampling(param(c, "prompt"), 100), "LLM response"); }, true);
  add("test_elicitation", "Asks the user for a name and an email.",
      object_schema({{"message", string_property("What to ask")}}, json::array{"message"}),
      [](auto&, ToolCall& c) {
        return ask_and_describe(c, elicitation(param(c, "message", "Please provide your information"),
                                               {{"username", string_property("User's response")},
                                                {"email", string_property("User's email address")}},
                                               json::array{"username", "email"}),
                                "User response");
      }, true);
  add("test_elicitation_sep1034_defaults", "Asks with default values.", object_schema(), [](auto&, ToolCall& c) {
    json::object properties{
        {"name", {{"type", "string"}, {"description", "Name"}, {"default", "John Doe"}}},
        {"age", {{"type", "integer"}, {"description", "Age"}, {"default", 30}}},
        {"score", {{"type", "number"}, {"description", "Score"}, {"default", 95.5}}},
        {"status", {{"type", "string"}, {"description", "Status"}, {"enum", json::array{"active", "inactive", "pending"}}, {"default", "active"}}},
        {"verified", {{"type", "boolean"}, {"description", "Verified"}, {"default", true}}}};
    return ask_and_describe(c, elicitation("Please review your details", std::move(properties), {}), "Elicitation completed");
  }, true);
  add("test_elicitation_sep1330_enums", "Asks with every kind of enum.", object_schema(), [](auto&, ToolCall& c) {
    auto titled = [](json::array values, json::array titles) {
      json::array out;
      for (std::size_t i = 0; i < values.size(); ++i) out.push_back(json::object{{"const", values[i]}, {"title", titles[i]}});
      return out;
    };
    json::object properties{
        {"untitledSingle", {{"type", "string"}, {"enum", json::array{"option1", "option2", "option3"}}}},
        {"titledSingle", {{"type", "string"}, {"oneOf", titled({"value1", "value2", "value3"}, {"First Option", "Second Option", "Third Option"})}}},
        {"legacyEnum", {{"type", "string"}, {"enum", json::array{"opt1", "opt2", "opt3"}}, {"enumNames", json::array{"Option One", "Option Two", "Option Three"}}}},
        {"untitledMulti", {{"type", "array"}, {"items", {{"type", "string"}, {"enum", json::array{"option1", "option2", "option3"}}}}}},
        {"titledMulti", {{"type", "array"}, {"items", {{"anyOf", titled({"value1", "value2", "value3"}, {"First Choice", "Second Choice", "Third Choice"})}}}}}};
    return ask_and_describe(c, elicitation("Choose", std::move(properties), {}), "Elicitation completed");
  }, true);
  add("json_schema_2020_12_tool", "Has a JSON Schema 2020-12 input schema.", json::parse(R"({
        "$schema": "https://json-schema.org/draft/2020-12/schema", "type": "object",
        "$defs": {"address": {"$anchor": "addressDef", "type": "object",
                              "properties": {"street": {"type": "string"}, "city": {"type": "string"}}}},
        "properties": {"name": {"type": "string"}, "address": {"$ref": "#/$defs/address"},
                       "contactMethod": {"type": "string", "enum": ["phone", "email"]},
                       "phone": {"type": "string"}, "email": {"type": "string"}},
        "allOf": [{"anyOf": [{"required": ["phone"]}, {"required": ["email"]}]}],
        "if": {"properties": {"contactMethod": {"const": "phone"}}, "required": ["contactMethod"]},
        "then": {"required": ["phone"]}, "else": {"required": ["email"]},
        "additionalProperties": false})").as_object(),
      [](auto&, ToolCall&) { return text("ok"); });
  add("test_custom_header", "Echoes a value that also travels as the Mcp-Param-Value header.",
      object_schema({{"value", {{"type", "string"}, {"description", "Echoed"}, {"x-mcp-header", "Value"}}}}),
      [](auto&, ToolCall& c) { return text("value=" + param(c, "value")); });
  add("test_missing_capability", "Needs the client's sampling capability.", object_schema(), [](auto&, ToolCall& c) {
    if (c.era == mcp::Era::legacy) return text("This tool needs sampling in protocol version 2026-07-28.");
    auto asked = ask(c, "request", sampling("Say hello", 20));
    if (auto* instead = std::get_if<ToolOutcome>(&asked)) return std::move(*instead);
    return text("sampled");
  });
  add("test_streaming_elicitation", "Asks the user, through the result, never a request on the stream.", object_schema(),
      [](auto&, ToolCall& c) {
        if (c.era == mcp::Era::legacy) return text("This tool needs protocol version 2026-07-28.");
        auto asked = ask(c, "request", elicitation("What is your name?", {{"name", string_property("Your name")}}, json::array{"name"}));
        if (auto* instead = std::get_if<ToolOutcome>(&asked)) return std::move(*instead);
        return described("Elicited", std::get<json::object>(asked));
      });

  // MRTR (SEP-2322): modern only; the legacy era gets an isError from the protocol core.
  add("test_input_required_result_elicitation", "Asks for a name (MRTR).", object_schema(), [](auto&, ToolCall& c) {
    auto asked = ask(c, "user_name", elicitation("What is your name?", {{"name", string_property("Your name")}}, json::array{"name"}));
    if (auto* instead = std::get_if<ToolOutcome>(&asked)) return std::move(*instead);
    const auto& a = std::get<json::object>(asked);
    auto content = a.if_contains("content");
    auto given = content && content->is_object() ? content->get_object().if_contains("name") : nullptr;
    std::string name = given && given->is_string() ? std::string(given->get_string()) : "nobody";
    return text("Hello, " + name + "!");
  });
  add("test_input_required_result_sampling", "Asks the client's model (MRTR).", object_schema(), [](auto&, ToolCall& c) {
    auto asked = ask(c, "capital_question", sampling("What is the capital of France?", 100));
    if (auto* instead = std::get_if<ToolOutcome>(&asked)) return std::move(*instead);
    return text("The model answered: " + json::serialize(std::get<json::object>(asked)));
  });
  add("test_input_required_result_list_roots", "Asks for the client's roots (MRTR).", object_schema(), [](auto&, ToolCall& c) {
    auto asked = ask(c, "client_roots", roots());
    if (auto* instead = std::get_if<ToolOutcome>(&asked)) return std::move(*instead);
    return text("Roots: " + json::serialize(std::get<json::object>(asked)));
  });
  add("test_input_required_result_request_state", "Asks with a state to echo (MRTR).", object_schema(),
      [](FixtureProvider& f, ToolCall& c) { return with_sealed_state(f, c, "test_input_required_result_request_state"); });
  add("test_input_required_result_tampered_state", "Refuses an altered state (MRTR).", object_schema(),
      [](FixtureProvider& f, ToolCall& c) { return with_sealed_state(f, c, "test_input_required_result_tampered_state"); });
  add("test_input_required_result_multiple_inputs", "Asks three things at once (MRTR).", object_schema(),
      [](FixtureProvider& f, ToolCall& c) {
        constexpr std::string_view tool = "test_input_required_result_multiple_inputs";
        if (c.era == mcp::Era::legacy) return text("This tool needs protocol version 2026-07-28.", true);
        for (auto capability : {"elicitation", "sampling", "roots"})
          if (!declared(c, capability)) return ToolOutcome::needs({{capability, json::object{}}}, "This tool needs " + std::string(capability));
        if (!c.request_state.empty() && !f.open_state(tool, c.request_state))
          return ToolOutcome::refuses("requestState was altered or is not this server's");
        json::object missing;
        if (!answer(c, "user_name"))
          missing["user_name"] = elicitation("What is your name?", {{"name", string_property("Your name")}}, json::array{"name"});
        if (!answer(c, "greeting")) missing["greeting"] = sampling("Generate a greeting", 50);
        if (!answer(c, "client_roots")) missing["client_roots"] = roots();
        if (!missing.empty()) return ToolOutcome::asks(std::move(missing), f.seal_state(tool, 1));
        return text("All three answered.");
      });
  add("test_input_required_result_multi_round", "Asks in two rounds (MRTR).", object_schema(), [](FixtureProvider& f, ToolCall& c) {
    constexpr std::string_view tool = "test_input_required_result_multi_round";
    if (c.era == mcp::Era::legacy) return text("This tool needs protocol version 2026-07-28.", true);
    if (!declared(c, "elicitation")) return ToolOutcome::needs({{"elicitation", json::object{}}}, "This tool needs elicitation");
    auto step = c.request_state.empty() ? std::optional<int>(0) : f.open_state(tool, c.request_state);
    if (!step) return ToolOutcome::refuses("requestState was altered or is not this server's");
    if (*step == 0 || (*step == 1 && !answer(c, "step1")))
      return ToolOutcome::asks({{"step1", elicitation("Step 1: What is your name?", {{"name", string_property("Name")}}, json::array{"name"})}},
                               f.seal_state(tool, 1));
    if (*step == 1 || !answer(c, "step2"))
      return ToolOutcome::asks({{"step2", elicitation("Step 2: What is your favorite color?", {{"color", string_property("Color")}}, json::array{"color"})}},
                               f.seal_state(tool, 2));
    return text("Both rounds answered.");
  });
  add("test_input_required_result_capabilities", "Asks only what the client declared it can answer (MRTR).", object_schema(),
      [](auto&, ToolCall& c) {
        if (c.era == mcp::Era::legacy) return text("This tool needs protocol version 2026-07-28.", true);
        if (!c.input_responses.empty()) return text("Answered.");
        json::object requests;
        if (declared(c, "sampling")) requests["sample"] = sampling("Say hello", 20);
        if (declared(c, "elicitation"))
          requests["ask"] = elicitation("What is your name?", {{"name", string_property("Name")}}, json::array{"name"});
        if (requests.empty()) return ToolOutcome::needs({{"sampling", json::object{}}}, "This tool needs sampling or elicitation");
        return ToolOutcome::asks(std::move(requests));
      });
  return tools;
}

}  // namespace cats_mcp::fixture
