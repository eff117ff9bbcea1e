#pragma once
// One tool call, start to finish: validate the arguments against the published schema, map
// them to the CATS request, send it through the client, shape the answer. Every failure of
// the tool's work comes back as an outcome with is_error (an `isError` result), never as an
// exception.
#include "cats/client.hpp"
#include "mcp/tool_provider.hpp"
#include "tools/catalog.hpp"

#include <boost/json.hpp>

#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace cats_mcp::tools {

// The arguments with every omitted parameter that has a default (Param::default_value) filled
// in: an owned copy, or nullopt when nothing was omitted (the usual call: nothing copied).
std::optional<boost::json::object> with_defaults(const Tool& tool, const boost::json::object& arguments);

// Schema problems (after defaults) plus arguments that are optional in the schema but needed for this call.
std::vector<std::string> check_arguments(const Tool& tool, const boost::json::object& arguments);

// Which CATS client serves a call: the server's one backend, or the stored connection the
// call's PCID names, if the caller (principal) owns it.
struct ClientChoice {
  std::shared_ptr<cats::Client> client;
  std::string error;  // why there is none, in words a model can act on
};

class ClientResolver {
 public:
  virtual ~ClientResolver() = default;
  virtual ClientChoice resolve(const std::string& principal, const std::string* pcid) = 0;
};

// One backend for every call; PCID is accepted and ignored.
class SingleClient final : public ClientResolver {
 public:
  explicit SingleClient(std::shared_ptr<cats::Client> client) : client_(std::move(client)) {}
  ClientChoice resolve(const std::string&, const std::string*) override { return {client_, {}}; }

 private:
  std::shared_ptr<cats::Client> client_;
};

class ToolRunner {
 public:
  explicit ToolRunner(std::shared_ptr<ClientResolver> resolver);
  explicit ToolRunner(std::shared_ptr<cats::Client> client);

  mcp::ToolOutcome call(const Tool& tool, const boost::json::object& arguments, const cats::CallHooks& hooks,
                        const std::string& principal = "local");
  // call() without blocking, for a call of kind `waits`: returns at once, and `done` runs once
  // with the outcome (at once when the arguments are refused; else on the CATS client's loop).
  // `arguments` and what `hooks` point at must stay valid until then.
  void start(const Tool& tool, const boost::json::object& arguments, const cats::CallHooks& hooks,
             const std::string& principal, std::function<void(mcp::ToolOutcome)> done);
  // Whether a call with these arguments would be answered in this process (the sandbox: CPU
  // work; also a call no backend would serve, which fails at once), wait on CATS through an
  // event loop, or block a thread while it waits. Lets a transport schedule each as it should.
  mcp::CallKind call_kind(const boost::json::object& arguments, const std::string& principal = "local");
  bool in_process(const boost::json::object& arguments, const std::string& principal = "local") {
    return call_kind(arguments, principal) == mcp::CallKind::in_process;
  }

 private:
  ClientChoice client_for(const boost::json::object& arguments, const std::string& principal);
  // What call() and start() do before CATS: the checks, the client, the request.
  struct Prepared {
    std::optional<mcp::ToolOutcome> refused;
    std::shared_ptr<cats::Client> client;
    std::optional<cats::CatsRequest> request;
    std::optional<boost::json::object> filled;  // with_defaults() or fill_from_current(), when either added one
    const boost::json::object& arguments_or(const boost::json::object& given) const { return filled ? *filled : given; }
  };
  // Sends the prepared request and calls `done` with what it means for the agent.
  static void send(const Tool& tool, const boost::json::object& arguments, const cats::CallHooks& hooks,
                   Prepared prepared, std::function<void(mcp::ToolOutcome)> done);
  // The request again from `arguments`, which replace the prepared ones; false if they cannot be mapped.
  static bool remap(const Tool& tool, Prepared& prepared, boost::json::object arguments);
  Prepared prepare(const Tool& tool, const boost::json::object& arguments, const std::string& principal);

  std::shared_ptr<ClientResolver> resolver_;
};

}  // namespace cats_mcp::tools
