// The protocol core reaching into a toolset, on purpose: the layers test must catch it.
#include "tools/catalog.hpp"
#include "backend.hpp"
