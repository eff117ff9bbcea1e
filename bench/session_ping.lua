-- wrk script: a JSON-RPC ping inside a legacy session (its id from BENCH_SESSION_ID).
wrk.method = "POST"
wrk.headers["Content-Type"] = "application/json"
wrk.headers["Accept"] = "application/json"
wrk.headers["Mcp-Session-Id"] = os.getenv("BENCH_SESSION_ID")
wrk.body = '{"jsonrpc":"2.0","id":1,"method":"ping"}'
