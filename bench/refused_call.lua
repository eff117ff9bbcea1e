-- wrk script: a tools/call that its arguments' validation refuses (id 0) after it has hopped to a
-- worker and back: everything a tool call costs over HTTP except the backend's own work.
wrk.method = "POST"
wrk.headers["Content-Type"] = "application/json"
wrk.headers["Accept"] = "application/json"
wrk.body = '{"jsonrpc":"2.0","id":1,"method":"tools/call","params":{"name":"cats_contacts_get_a_contact","arguments":{"id":0}}}'
