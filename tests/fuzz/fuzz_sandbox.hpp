#pragma once
// One sandbox per fuzzer process, on a SQLite file in a fresh mkdtemp directory: opening the
// database and seeding the demo account takes far longer than one input, so every input
// shares it. Each input runs inside a transaction that is rolled back (the router's own
// transactions nest in it as savepoints), so every input starts from the same demo data and a
// crash reproduces from its input alone. The directory is removed at exit, after the store.
#include "sandbox/router.hpp"
#include "sandbox/sandbox_transport.hpp"

#include <cstdlib>
#include <filesystem>
#include <memory>
#include <stdexcept>
#include <string>

namespace cats_mcp::fuzz {

class FuzzSandbox {
 public:
  static FuzzSandbox& get() {
    static FuzzSandbox instance;
    return instance;
  }

  sandbox::Store& store() { return *store_; }
  const std::shared_ptr<sandbox::Router>& router() const { return router_; }
  static constexpr const char* account_key() { return sandbox::kDemoAccountKey; }

  // Undoes whatever one input wrote, when it goes out of scope.
  storage::Transaction rollback_scope() { return storage::Transaction(store_->db(), storage::Access::write); }

  ~FuzzSandbox() {
    router_.reset();
    store_.reset();  // closes the database before its directory goes
    std::error_code ec;
    std::filesystem::remove_all(directory_, ec);
  }

 private:
  FuzzSandbox() {
    std::string pattern = (std::filesystem::temp_directory_path() / "cats-mcp-fuzz-XXXXXX").string();
    if (!::mkdtemp(pattern.data())) throw std::runtime_error("mkdtemp failed");
    directory_ = pattern;
    store_ = std::make_unique<sandbox::Store>(directory_ + "/sandbox.db");
    // A small upload limit, so inputs of fuzzing size reach the 413 path too.
    router_ = std::make_shared<sandbox::Router>(*store_, sandbox::Limits{2048});
    // The account (and its demo data) is created by its first request: do that now, outside
    // any rollback, or the router would remember an account that was rolled away.
    sandbox::Request warm_up;
    warm_up.method = "GET";
    warm_up.path = "/contacts/1";
    router_->handle(account_key(), warm_up);
  }

  std::string directory_;
  std::unique_ptr<sandbox::Store> store_;
  std::shared_ptr<sandbox::Router> router_;
};

}  // namespace cats_mcp::fuzz
