#include "storage/postgres.hpp"

#include <boost/url/parse.hpp>
#include <boost/url/url.hpp>

#include <endian.h>

#include <cstring>
#include <regex>

namespace cats_mcp::storage {
namespace {

std::string one_line(std::string text) {
  while (!text.empty() && (text.back() == '\n' || text.back() == ' ')) text.pop_back();
  for (auto& c : text)
    if (c == '\n') c = ' ';
  return text;
}

// libpq's message, one line: it never contains the connection string's password.
std::string pq_message(PGconn* conn) { return one_line(conn ? PQerrorMessage(conn) : "out of memory"); }

}  // namespace

std::int64_t PgResult::int64(int row, int column) const {
  std::uint64_t network = 0;
  if (PQgetlength(result_.get(), row, column) != sizeof network) throw PostgresError("expected a bigint column");
  std::memcpy(&network, PQgetvalue(result_.get(), row, column), sizeof network);
  return static_cast<std::int64_t>(be64toh(network));
}

std::int64_t PgResult::affected() const {
  const char* n = PQcmdTuples(result_.get());
  return n && *n ? std::stoll(n) : 0;
}

PgConnection::PgConnection(const std::string& conninfo) : conninfo_(conninfo), conn_(nullptr, PQfinish) { connect(); }

void PgConnection::connect() {
  conn_.reset(PQconnectdb(conninfo_.c_str()));
  if (!conn_ || PQstatus(conn_.get()) != CONNECTION_OK)
    throw PostgresError("cannot connect to PostgreSQL (" + redact_conninfo(conninfo_) + "): " + pq_message(conn_.get()));
  // Notices (e.g. "relation already exists, skipping") are not for our log.
  PQsetNoticeProcessor(conn_.get(), [](void*, const char*) {}, nullptr);
}

PgResult PgConnection::run(std::string_view sql, const std::vector<PgParam>& params) {
  std::string statement(sql);
  std::vector<const char*> values;
  std::vector<int> lengths, formats;
  for (const auto& p : params) {
    values.push_back(p.value ? p.value->data() : nullptr);
    lengths.push_back(p.value ? int(p.value->size()) : 0);
    formats.push_back(p.binary ? 1 : 0);
  }
  for (int attempt = 0;; ++attempt) {
    PGresult* raw = PQexecParams(conn_.get(), statement.c_str(), int(params.size()), nullptr, values.data(),
                                 lengths.data(), formats.data(), /*resultFormat=*/1);
    PgResult result(raw);
    auto status = raw ? PQresultStatus(raw) : PGRES_FATAL_ERROR;
    if (status == PGRES_COMMAND_OK || status == PGRES_TUPLES_OK) return result;
    // The server went away while we were idle (a restart, a failover): reconnect and try once
    // more. Every statement of the stores is safe to repeat (an insert with a fresh random key
    // that did land fails on its primary key instead of landing twice).
    if (PQstatus(conn_.get()) == CONNECTION_BAD && attempt == 0) {
      connect();
      continue;
    }
    std::string message = raw ? PQresultErrorMessage(raw) : "";
    throw PostgresError("PostgreSQL: " + (message.empty() ? pq_message(conn_.get()) : one_line(message)));
  }
}

void PgConnection::exec(std::string_view sql) {
  PGresult* raw = PQexec(conn_.get(), std::string(sql).c_str());
  PgResult result(raw);
  auto status = raw ? PQresultStatus(raw) : PGRES_FATAL_ERROR;
  if (status != PGRES_COMMAND_OK && status != PGRES_TUPLES_OK)
    throw PostgresError("PostgreSQL: " + (raw ? one_line(PQresultErrorMessage(raw)) : pq_message(conn_.get())));
}

bool is_postgres_uri(std::string_view spec) { return spec.starts_with("postgresql://") || spec.starts_with("postgres://"); }

std::string redact_conninfo(std::string_view spec) {
  if (is_postgres_uri(spec)) {
    auto parsed = boost::urls::parse_uri(spec);
    if (!parsed) return "postgresql://(unparsable URI)";
    boost::urls::url url(*parsed);
    if (url.has_password()) url.set_password("***");
    for (auto param : url.params())
      if (param.key == "password") {
        url.params().set("password", "***");
        break;
      }
    return std::string(url.buffer());
  }
  static const std::regex password(R"((password\s*=\s*)('([^'\\]|\\.)*'|\S+))", std::regex::icase);
  return std::regex_replace(std::string(spec), password, "$1***");
}

}  // namespace cats_mcp::storage
