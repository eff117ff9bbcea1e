# The layers of src/, one folder and one static library each, and which layers each may use.
# This table is the only statement of the architecture's direction: CMakeLists.txt links each
# library to exactly these, and cmake/check_layers.cmake (a CTest test) fails when a file
# includes a header from a folder its layer may not use. docs/architecture.md explains why
# each arrow points the way it does.
#
# Listed bottom up. A layer names every layer it includes directly (nothing is inherited), so
# the table reads the same as the includes.
set(CATS_LAYERS util storage cats sandbox mcp tools connections http)

set(CATS_LAYER_util_USES "")                    # logging, secrets, metrics, base64, hashing, cancellation
set(CATS_LAYER_storage_USES util)               # SQLite and PostgreSQL wrappers, clock, data directory
set(CATS_LAYER_cats_USES util)                  # the CATS v3 client and its transport interface
set(CATS_LAYER_sandbox_USES cats storage util)  # a CATS implementation: serves cats::Transport
set(CATS_LAYER_mcp_USES util)                   # the generic protocol core: no toolset, no CATS
set(CATS_LAYER_tools_USES mcp cats util)        # toolsets (CATS contacts) plugged into the core
set(CATS_LAYER_connections_USES tools cats storage util)  # PCID -> the client a call uses
set(CATS_LAYER_http_USES mcp util)              # Streamable HTTP transport for the core

# Not a layer: the composition root (src/*.cpp, src/cli/) wires layers together and may use
# every one of them; no layer may include it.
set(CATS_COMPOSITION_ROOT cli)
