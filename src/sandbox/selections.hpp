#pragma once
// The choices of a dropdown or multi-select custom field, as CATS describes them:
// `selections: [{id, label}]` (cats-api-v3.md §6). A value names a choice by its id or its label.
#include <boost/json.hpp>

#include <optional>

namespace cats_mcp::sandbox {

// The stored choices as [{id, label}]. Databases written before selections had ids hold a list
// of labels; those choices are numbered from 1 in order.
boost::json::array selections_of(const boost::json::value& stored);

// The selection `value` names: an id (5 or "5") or a label (any case); nullptr if none.
const boost::json::object* find_selection(const boost::json::array& selections, const boost::json::value& value);

}  // namespace cats_mcp::sandbox
