-- wrk script: POST a JSON-RPC ping (the MCP layer's own floor, no tool work).
wrk.method = "POST"
wrk.headers["Content-Type"] = "application/json"
wrk.headers["Accept"] = "application/json"
wrk.body = '{"jsonrpc":"2.0","id":1,"method":"ping"}'
