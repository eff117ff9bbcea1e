#pragma once
// The in-process backend: the CATS client's requests go straight into the sandbox router,
// with no socket, so the tool -> request mapping and the response parsing are the ones that
// run against real CATS.
#include "cats/transport.hpp"
#include "sandbox/router.hpp"

#include <memory>
#include <string>

namespace cats_mcp::sandbox {

class SandboxTransport final : public cats::Transport {
 public:
  SandboxTransport(std::shared_ptr<Router> router, std::string account_key);
  cats::TransportResult send(const cats::CatsRequest& request, const cats::SendOptions& options) override;
  bool in_process() const override { return true; }

 private:
  std::shared_ptr<Router> router_;
  std::string account_key_;
};

// The key of the account the in-process sandbox serves when no CATS_API_KEY is set.
inline constexpr const char* kDemoAccountKey = "sandbox-demo-account";

}  // namespace cats_mcp::sandbox
