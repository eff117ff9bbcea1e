#pragma once
// A thin libpq wrapper: one connection, statements with text parameters (bytea sent and read
// as binary), results read by row and column. Errors are PostgresError with libpq's message,
// never the connection string (which may hold a password).
#include <libpq-fe.h>

#include <cstdint>
#include <memory>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

namespace cats_mcp::storage {

struct PostgresError : std::runtime_error {
  using std::runtime_error::runtime_error;
};

// A parameter: text, or bytes sent as binary (bytea).
struct PgParam {
  std::optional<std::string> value;  // nullopt: SQL NULL
  bool binary = false;
  static PgParam text(std::string v) { return {std::move(v), false}; }
  static PgParam bytes(std::string v) { return {std::move(v), true}; }
};

class PgResult {
 public:
  explicit PgResult(PGresult* result) : result_(result, PQclear) {}
  int rows() const { return PQntuples(result_.get()); }
  bool is_null(int row, int column) const { return PQgetisnull(result_.get(), row, column); }
  // The column's bytes as the server sent them: text for text columns, raw bytes for bytea
  // (results are requested in binary format).
  std::string bytes(int row, int column) const {
    return std::string(PQgetvalue(result_.get(), row, column), PQgetlength(result_.get(), row, column));
  }
  // A bigint (int8) column, read from its binary (network order) form.
  std::int64_t int64(int row, int column) const;
  std::int64_t affected() const;

 private:
  std::unique_ptr<PGresult, void (*)(PGresult*)> result_;
};

class PgConnection {
 public:
  // Connects with a libpq URI or keyword/value string. Throws PostgresError.
  explicit PgConnection(const std::string& conninfo);
  PgConnection(const PgConnection&) = delete;
  PgConnection& operator=(const PgConnection&) = delete;

  // Runs one statement (results in binary format). Reconnects once if the connection was
  // lost before the statement ran. Throws PostgresError.
  PgResult run(std::string_view sql, const std::vector<PgParam>& params = {});
  // Runs statements without parameters (schema scripts, BEGIN/COMMIT).
  void exec(std::string_view sql);

  PGconn* raw() { return conn_.get(); }

 private:
  void connect();
  std::string conninfo_;
  std::unique_ptr<PGconn, void (*)(PGconn*)> conn_;
};

// `spec` with any password removed, for logs and messages: a URI's user:password@ loses the
// password, a keyword/value string's password=... becomes password=***. Query parameters
// named password are masked too.
std::string redact_conninfo(std::string_view spec);

// Whether a state-database setting names PostgreSQL (postgresql:// or postgres://) rather than
// a SQLite file.
bool is_postgres_uri(std::string_view spec);

}  // namespace cats_mcp::storage
