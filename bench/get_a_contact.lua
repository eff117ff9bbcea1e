-- wrk script: POST a stateless tools/call cats_contacts_get_a_contact with a random demo-or-seeded id.
wrk.method = "POST"
wrk.headers["Content-Type"] = "application/json"
wrk.headers["Accept"] = "application/json"
local max_id = tonumber(os.getenv("BENCH_MAX_ID") or "3")
request = function()
  local id = math.random(1, max_id)
  return wrk.format(nil, nil, nil,
    '{"jsonrpc":"2.0","id":1,"method":"tools/call","params":{"name":"cats_contacts_get_a_contact","arguments":{"id":' .. id .. '}}}')
end
