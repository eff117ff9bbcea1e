# Times one tools/call whose `tags` array is far over its maxItems (1000), over stdio:
# python3 bench/oversized_arguments.py BINARY N. The answer is the length refusal; the time is
# how long the server spends before giving it.
import json, os, subprocess, sys, time
binary = sys.argv[1]
n = int(sys.argv[2])
init = {"jsonrpc":"2.0","id":1,"method":"initialize","params":{"protocolVersion":"2025-11-25","capabilities":{},"clientInfo":{"name":"b","version":"1"}}}
call = {"jsonrpc":"2.0","id":2,"method":"tools/call","params":{"name":"cats_contacts_attach_contact_tags","arguments":{"contact_id":1,"tags":[1]*n}}}
data = (json.dumps(init) + "\n" + json.dumps({"jsonrpc":"2.0","method":"notifications/initialized"}) + "\n").encode()
line = (json.dumps(call) + "\n").encode()
p = subprocess.Popen([binary, "--max-message-bytes", str(64*1024*1024)], stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, env={"CATS_SANDBOX_DB": os.environ.get("CATS_SANDBOX_DB", "/tmp/cats-bench-oversized.db"), "XDG_DATA_HOME": "/tmp"})
p.stdin.write(data); p.stdin.flush(); p.stdout.readline()
t = time.time(); p.stdin.write(line); p.stdin.flush(); out = p.stdout.readline(); dt = time.time() - t
p.stdin.close(); p.wait()
print(f"{binary}: {n} tags, {len(line)/1e6:.1f} MB message, answered in {dt:.2f} s: {out[:160]}")
