#include "tools/schema_validator.hpp"

#include "util/json_numbers.hpp"

#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <map>
#include <mutex>
#include <regex>

namespace cats_mcp::tools {
namespace json = boost::json;

namespace {

std::string_view kind_of(const json::value& v) {
  switch (v.kind()) {
    case json::kind::null: return "null";
    case json::kind::bool_: return "boolean";
    case json::kind::int64:
    case json::kind::uint64: return "integer";
    case json::kind::double_: return "number";
    case json::kind::string: return "string";
    case json::kind::array: return "array";
    case json::kind::object: return "object";
  }
  return "value";
}

bool is_type(const json::value& v, std::string_view type) {
  if (type == "integer") {
    if (v.is_int64() || v.is_uint64()) return true;
    // 5.0 is an integer in JSON Schema; 5.5 is not. 1e300 is too, though no tool takes one that
    // large: the range check (minimum/maximum) refuses it with its own message.
    return v.is_double() && std::isfinite(v.get_double()) && std::trunc(v.get_double()) == v.get_double();
  }
  if (type == "number") return v.is_number();
  return kind_of(v) == type;
}

// Whether a schema's "type" (a name or a list of names) includes `name`.
bool accepts(const json::value& types, std::string_view name) {
  if (types.is_string()) return types.get_string() == name;
  for (const auto& t : types.get_array())
    if (t.get_string() == name) return true;
  return false;
}

double as_double(const json::value& v) { return v.to_number<double>(); }

std::size_t code_points(std::string_view s) {
  std::size_t n = 0;
  for (unsigned char c : s) n += (c & 0xC0) != 0x80;
  return n;
}

const std::regex& cached_regex(const std::string& pattern) {
  static std::mutex mutex;
  static std::map<std::string, std::regex> cache;
  std::lock_guard lock(mutex);
  auto it = cache.find(pattern);
  if (it == cache.end()) it = cache.emplace(pattern, std::regex(pattern, std::regex::ECMAScript)).first;
  return it->second;
}

// A value as the client would have written it: 1.5 (not 1.5E0), 100000000000000000000 for
// the 99999999999999999999 a double holds (not 1E20).
std::string show(const json::value& v) {
  if (v.is_double()) {
    double d = v.get_double();
    char text[48];
    if (std::isfinite(d) && std::trunc(d) == d && std::fabs(d) < 1e21) {
      std::snprintf(text, sizeof text, "%.0f", d);
    } else {
      std::snprintf(text, sizeof text, "%.15g", d);  // the shortest that reads back, mostly
      if (std::strtod(text, nullptr) != d) std::snprintf(text, sizeof text, "%.17g", d);
    }
    return text;
  }
  auto text = json::serialize(v);
  return text.size() > 60 ? text.substr(0, 57) + "..." : text;
}

// "not string \"5\"", "not number 5.5"; null is said once ("not null", never "not null null").
std::string not_this(const json::value& v) {
  if (v.is_null()) return "not null";
  return "not " + std::string(kind_of(v)) + " " + show(v);
}

std::string join_types(const json::value& types) {
  if (types.is_string()) return std::string(types.get_string());
  std::string out;
  for (const auto& t : types.get_array()) {
    if (!out.empty()) out += " or ";
    out += t.get_string();
  }
  return out;
}

// Describes an `if` schema of the form {properties: {x: {const: v}}} for messages.
std::string describe_condition(const json::object& if_schema) {
  if (auto props = if_schema.if_contains("properties"); props && props->is_object())
    for (const auto& [name, sub] : props->get_object())
      if (auto c = sub.as_object().if_contains("const")) return " (required when `" + std::string(name) + "` is " + show(*c) + ")";
  return "";
}

class Validator {
 public:
  explicit Validator(std::size_t max_errors) : max_errors_(max_errors) {}

  bool check(const json::value& v, const json::object& s, const std::string& where) {
    std::size_t before = errors.size();
    run(v, s, where);
    return errors.size() == before;
  }

  std::vector<std::string> errors;

 private:
  void fail(const std::string& where, const std::string& what) {
    if (errors.size() < max_errors_) errors.push_back((where.empty() ? "arguments" : "`" + where + "`") + " " + what);
  }

  // Validates without recording errors; used by anyOf and if.
  bool passes(const json::value& v, const json::object& s) {
    Validator probe(1);
    return probe.check(v, s, "");
  }

  void run(const json::value& v, const json::object& s, const std::string& where) {
    if (auto t = s.if_contains("type")) {
      bool ok = false;
      if (t->is_string()) ok = is_type(v, t->get_string());
      else for (const auto& each : t->get_array()) ok = ok || is_type(v, each.get_string());
      if (!ok) {
        fail(where, "must be " + join_types(*t) + ", " + not_this(v));
        return;  // the other keywords assume the right type
      }
      // Integers beyond 64 bits (1e300, 99999999999999999999) cannot reach CATS as integers.
      if (v.is_number() && is_type(v, "integer") && !exact_int64(v) && !accepts(*t, "number")) {
        fail(where, "is out of range: integers here are at most 9223372036854775807 (got " + show(v) + ")");
        return;
      }
    }
    if (auto e = s.if_contains("enum")) {
      bool found = false;
      for (const auto& option : e->get_array()) found = found || option == v;
      if (!found) {
        std::string options;
        for (const auto& option : e->get_array()) options += (options.empty() ? "" : ", ") + show(option);
        fail(where, "must be one of " + options + " (got " + show(v) + ")");
      }
    }
    if (auto c = s.if_contains("const"); c && *c != v) fail(where, "must be " + show(*c));
    if (v.is_number()) {
      if (auto m = s.if_contains("minimum"); m && as_double(v) < as_double(*m))
        fail(where, "must be at least " + show(*m) + " (got " + show(v) + ")");
      if (auto m = s.if_contains("maximum"); m && as_double(v) > as_double(*m))
        fail(where, "must be at most " + show(*m) + " (got " + show(v) + ")");
    }
    if (v.is_string()) check_string(v.get_string(), s, where);
    if (v.is_array()) check_array(v.get_array(), s, where);
    if (v.is_object()) check_object(v.get_object(), s, where);
    if (auto any = s.if_contains("anyOf")) check_any_of(v, any->get_array(), where);
    if (auto all = s.if_contains("allOf"))
      for (const auto& part : all->get_array()) run(v, part.get_object(), where);
    if (auto cond = s.if_contains("if"); cond && passes(v, cond->get_object())) {
      if (auto then = s.if_contains("then")) check_conditional(v, then->get_object(), cond->get_object(), where);
    }
  }

  // None of the forms fits: the message of the one form of the value's own type, when exactly
  // one has it ("`value[0]` must be string, number or boolean"); otherwise the types accepted.
  void check_any_of(const json::value& v, const json::array& options, const std::string& where) {
    const json::object* same_type = nullptr;
    std::size_t of_this_type = 0;
    std::vector<std::string> types;
    for (const auto& option : options) {
      const auto& schema = option.get_object();
      if (passes(v, schema)) return;
      auto type = schema.if_contains("type");
      if (!type) continue;
      types.push_back(join_types(*type));
      if (is_type(v, type->is_string() ? type->get_string() : "")) {
        same_type = &schema;
        ++of_this_type;
      }
    }
    if (of_this_type == 1) return run(v, *same_type, where);
    if (types.empty()) return fail(where, "does not match any accepted form (got " + show(v) + ")");
    std::string listed = types.front();
    for (std::size_t i = 1; i < types.size(); ++i) listed += (i + 1 == types.size() ? " or " : ", ") + types[i];
    fail(where, "must be " + listed + ", " + not_this(v));
  }

  void check_string(std::string_view text, const json::object& s, const std::string& where) {
    // Length limits are checked on bytes first so a 20 MB string costs no character count.
    if (auto m = s.if_contains("maxLength"); m && text.size() > m->to_number<std::size_t>() &&
                                             code_points(text) > m->to_number<std::size_t>())
      fail(where, "is too long: at most " + show(*m) + " characters (got " + std::to_string(code_points(text)) + ")");
    if (auto m = s.if_contains("minLength"); m && code_points(text) < m->to_number<std::size_t>())
      fail(where, "must have at least " + show(*m) + " character(s)");
    if (auto p = s.if_contains("pattern")) {
      std::string pattern(p->get_string());
      if (!std::regex_search(text.begin(), text.end(), cached_regex(pattern)))
        fail(where, "must match the pattern " + pattern + " (got " + show(json::string(text)) + ")");
    }
  }

  void check_array(const json::array& a, const json::object& s, const std::string& where) {
    // An over-long array is refused by its length alone: walking 7 million items first took seconds.
    if (auto m = s.if_contains("maxItems"); m && a.size() > m->to_number<std::size_t>()) {
      fail(where, "has too many items: at most " + show(*m) + " (got " + std::to_string(a.size()) + ")");
      return;
    }
    if (auto m = s.if_contains("minItems"); m && a.size() < m->to_number<std::size_t>())
      fail(where, "must have at least " + show(*m) + " item(s)");
    if (auto items = s.if_contains("items"))
      for (std::size_t i = 0; i < a.size() && errors.size() < max_errors_; ++i)
        run(a[i], items->get_object(), where + "[" + std::to_string(i) + "]");
  }

  void check_object(const json::object& o, const json::object& s, const std::string& where) {
    const json::object* props = nullptr;
    if (auto p = s.if_contains("properties")) props = &p->get_object();
    std::string prefix = where.empty() ? "" : where + ".";
    if (auto req = s.if_contains("required"))
      for (const auto& name : req->get_array())
        if (!o.contains(name.get_string())) {
          std::string full = prefix + std::string(name.get_string());
          if (errors.size() < max_errors_) errors.push_back("missing required argument `" + full + "`");
        }
    for (const auto& [name, member] : o) {
      const json::value* sub = props ? props->if_contains(name) : nullptr;
      if (sub) {
        run(member, sub->get_object(), prefix + std::string(name));
      } else if (auto extra = s.if_contains("additionalProperties"); extra && extra->is_bool() && !extra->get_bool()) {
        std::string known;
        if (props)
          for (const auto& [k, _] : *props) known += (known.empty() ? "" : ", ") + std::string(k);
        if (errors.size() < max_errors_)
          errors.push_back("unknown argument `" + prefix + std::string(name) + "`; accepted: " + known);
      }
    }
  }

  void check_conditional(const json::value& v, const json::object& then, const json::object& cond,
                         const std::string& where) {
    if (!v.is_object()) return;
    if (auto req = then.if_contains("required"))
      for (const auto& name : req->get_array())
        if (!v.get_object().contains(name.get_string()) && errors.size() < max_errors_)
          errors.push_back("missing argument `" + std::string(name.get_string()) + "`" + describe_condition(cond));
    (void)where;
  }

  std::size_t max_errors_;
};

}  // namespace

std::vector<std::string> validate(const json::value& value, const json::object& schema, std::size_t max_errors) {
  Validator v(max_errors);
  v.check(value, schema, "");
  return std::move(v.errors);
}

}  // namespace cats_mcp::tools
