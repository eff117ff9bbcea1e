#pragma once
// JSON Schemas for the structured arguments the seed types loosely (`any[]`, `object`).
#include "tools/catalog.hpp"

#include <boost/json.hpp>

namespace cats_mcp::tools {

// The schema of one element of an array parameter, or of the object itself for Shape::address.
boost::json::object shape_schema(Shape shape);

}  // namespace cats_mcp::tools
