#include "connections/connection_rows.hpp"

#include "storage/postgres.hpp"

namespace cats_mcp::connections {

std::unique_ptr<ConnectionRows> open_connection_rows(const std::string& spec) {
  if (storage::is_postgres_uri(spec)) return postgres_connection_rows(spec);
  return sqlite_connection_rows(spec);
}

}  // namespace cats_mcp::connections
