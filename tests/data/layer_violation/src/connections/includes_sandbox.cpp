// A file that breaks the layer direction on purpose: the layers test must catch it.
#include "sandbox/router.hpp"
