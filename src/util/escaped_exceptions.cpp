#include "util/escaped_exceptions.hpp"

namespace cats_mcp {

std::string describe(std::exception_ptr error) {
  try {
    if (error) std::rethrow_exception(error);
    return "no exception";
  } catch (const std::exception& e) {
    return e.what();
  } catch (...) {
    return "an exception that is no std::exception";
  }
}

}  // namespace cats_mcp
