-- wrk script: a stateless (legacy-era) tools/call cats_contacts_get_a_contact with a random id,
-- as any MCP client sends it. Accept names both types: the SDK's server answers 406 without
-- text/event-stream. Counts answers that are not a successful tool result (done() prints them).
wrk.method = "POST"
wrk.headers["Content-Type"] = "application/json"
wrk.headers["Accept"] = "application/json, text/event-stream"
local max_id = tonumber(os.getenv("BENCH_MAX_ID") or "1000")
local threads = {}

function setup(thread)
  table.insert(threads, thread)
end

function init(args)
  bad = 0
end

request = function()
  local id = math.random(1, max_id)
  return wrk.format(nil, nil, nil,
    '{"jsonrpc":"2.0","id":' .. id .. ',"method":"tools/call","params":{"name":"cats_contacts_get_a_contact","arguments":{"id":' .. id .. '}}}')
end

response = function(status, headers, body)
  if status ~= 200 or not body:find('"structuredContent"', 1, true) or body:find('"isError":true', 1, true) then
    bad = bad + 1
  end
end

done = function(summary, latency, requests)
  local total = 0
  for _, thread in ipairs(threads) do total = total + thread:get("bad") end
  io.write(string.format("bad_answers %d\n", total))
end
