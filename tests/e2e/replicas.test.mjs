// Two replicas on one PostgreSQL behind nginx (round robin), as docs/hosting.md describes: the
// official clients run a recruiter's workflow through the balancer in both eras; a session
// opened on one replica is served by the other; a connection removed through the shared
// database is refused everywhere within 100 ms; the master key is rotated while both serve;
// one replica is killed with SIGKILL mid-run. CATS is one `sandbox serve` that every replica
// reaches as a stored --base-url connection. Needs scripts/with_postgres.sh (the test command
// wraps the suite in it) and nginx (scripts/setup.sh --with-tests), run by scripts/run_nginx.sh.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { chmodSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';

const binary = process.env.CATS_MCP_BINARY;
const repo = new URL('../..', import.meta.url).pathname;
const pgServer = process.env.CATS_MCP_TEST_POSTGRES;
// Without a PostgreSQL server the suite skips, unless the test command requires one (it does).
const skip = !pgServer && process.env.CATS_REQUIRE_POSTGRES !== '1' && 'needs scripts/with_postgres.sh';

const OLD_KEY = randomBytes(32).toString('hex');   // the master key connections were sealed under
const NEW_KEY = randomBytes(32).toString('hex');   // the one rotated to
const STATE_KEY = randomBytes(32).toString('hex');
const CATS_KEY = `sandbox-account-${randomBytes(8).toString('hex')}`;
const TOKENS = { alice: `alice-${randomBytes(16).toString('hex')}`, bob: `bob-${randomBytes(16).toString('hex')}` };
const MODERN = '2026-07-28';

const dir = mkdtempSync(join(tmpdir(), 'cats-replicas-'));
chmodSync(dir, 0o755);
const children = [];
let stateDb;
let baseEnv;
let sandboxUrl;
let alicePcid;
const replicas = {};
let balancer;  // { url, dir, child }

// A child process whose stderr is kept, resolved once a line matches `ready`.
function startLogged(command, args, env, ready) {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { env, stdio: ['ignore', 'ignore', 'pipe'] });
    children.push(child);
    const handle = { child, log: '', exited: new Promise((r) => child.once('exit', r)) };
    const timer = setTimeout(() => reject(new Error(`${args.join(' ')} did not start: ${handle.log}`)), 15000);
    child.stderr.on('data', (chunk) => {
      handle.log += chunk;
      const m = ready.exec(handle.log);
      if (m && !handle.match) {
        handle.match = m;
        clearTimeout(timer);
        resolve(handle);
      }
    });
    child.once('exit', (code) => { if (!handle.match) reject(new Error(`${command} exited ${code}: ${handle.log}`)); });
  });
}

function cli(args, env, input = '') {
  const r = spawnSync(binary, args, { env, input, encoding: 'utf8' });
  return { status: r.status, out: r.stdout, err: r.stderr };
}

async function freePort() {
  return new Promise((resolve) => {
    const s = createServer().listen(0, '127.0.0.1', () => { const { port } = s.address(); s.close(() => resolve(port)); });
  });
}

async function accepting(port) {
  for (let i = 0; i < 200; ++i) {
    const ok = await new Promise((r) => { const c = connect(port, '127.0.0.1', () => { c.end(); r(true); }); c.on('error', () => r(false)); });
    if (ok) return;
    await new Promise((r) => setTimeout(r, 25));
  }
  throw new Error(`nothing listens on ${port}: ${readFileSync(join(balancer.dir, 'error.log'), 'utf8')}`);
}

async function startReplica(name, env = baseEnv) {
  const handle = await startLogged(binary, ['--http', '127.0.0.1:0', '--tokens-file', join(dir, 'tokens')], env,
                                   /"msg":"http listening".*"port":(\d+)/);
  handle.url = `http://127.0.0.1:${handle.match[1]}/cats-contacts`;
  handle.port = Number(handle.match[1]);
  replicas[name] = handle;
  return handle;
}

// nginx running deploy/nginx/cats-contacts-mcp.conf, the file docs/hosting.md shows, with this
// test's ports put in; its access log records which replica served each request.
async function startBalancer(upstreams) {
  const home = join(dir, 'nginx');
  mkdirSync(home);
  const port = await freePort();
  let site = readFileSync(join(repo, 'deploy/nginx/cats-contacts-mcp.conf'), 'utf8');
  const lines = site.match(/^\s*server 127\.0\.0\.1:\d+ .*;$/gm);
  assert.equal(lines.length, 2, 'the reference config lists two replicas');
  site = site.replace(lines[0], lines[0].replace(/:\d+/, `:${upstreams[0]}`))
             .replace(lines[1], lines[1].replace(/:\d+/, `:${upstreams[1]}`))
             .replace(/listen 127\.0\.0\.1:\d+;/, `listen 127.0.0.1:${port};`);
  writeFileSync(join(home, 'site.conf'), site);
  writeFileSync(join(home, 'nginx.conf'), `worker_processes 1;
pid nginx.pid;
events { worker_connections 512; }
http {
  log_format upstream '$upstream_addr $status $request_method';
  access_log access.log upstream;
  client_body_temp_path body; proxy_temp_path proxy; fastcgi_temp_path fastcgi; uwsgi_temp_path uwsgi; scgi_temp_path scgi;
  include site.conf;
}
`);
  const child = spawn(join(repo, 'scripts/run_nginx.sh'), [home], { stdio: ['ignore', 'ignore', 'inherit'] });
  children.push(child);
  balancer = { url: `http://127.0.0.1:${port}/cats-contacts`, dir: home, child };
  await accepting(port);
}

// Which replicas (upstream addresses) served the requests logged since `from` lines.
function servedBy(from = 0) {
  const lines = readFileSync(join(balancer.dir, 'access.log'), 'utf8').trim().split('\n').slice(from);
  return { lines: lines.length, upstreams: new Set(lines.map((l) => l.split(' ')[0])) };
}
function accessLines() { return servedBy().lines; }

async function connectSdk(sdk, url, principal = 'alice') {
  const requestInit = { headers: { Authorization: `Bearer ${TOKENS[principal]}` } };
  if (sdk === 'v1') {
    const { Client } = await import('@modelcontextprotocol/sdk/client/index.js');
    const { StreamableHTTPClientTransport } = await import('@modelcontextprotocol/sdk/client/streamableHttp.js');
    const client = new Client({ name: 'replicas-v1', version: '1.0.0' }, { capabilities: {} });
    await client.connect(new StreamableHTTPClientTransport(new URL(url), { requestInit }));
    return client;
  }
  const { Client, StreamableHTTPClientTransport } = await import('@modelcontextprotocol/client');
  const client = new Client({ name: 'replicas-v2', version: '1.0.0' },
                            { capabilities: {}, versionNegotiation: { mode: { pin: MODERN } } });
  await client.connect(new StreamableHTTPClientTransport(new URL(url), { requestInit }));
  return client;
}

// A tool call that settles within 20 s either way: a hang is a failure of its own.
async function tool(client, name, args) {
  let timer;
  const hang = new Promise((_, reject) => { timer = setTimeout(() => reject(new Error(`HANG: ${name}`)), 20000); });
  try {
    return await Promise.race([client.callTool({ name: `cats_contacts_${name}`, arguments: args }), hang]);
  } finally {
    clearTimeout(timer);
  }
}
async function ok(client, name, args) {
  const result = await tool(client, name, args);
  assert.ok(!result.isError, `${name}: ${result.content?.[0]?.text}`);
  return result.structuredContent;
}

before(async () => {
  if (skip) return;
  assert.ok(pgServer, 'CATS_REQUIRE_POSTGRES=1 but no CATS_MCP_TEST_POSTGRES: run the suite under scripts/with_postgres.sh');
  const name = `cats_replicas_${randomBytes(6).toString('hex')}`;
  const made = spawnSync('psql', [pgServer, '-q', '-c', `CREATE DATABASE ${name}`], { encoding: 'utf8' });
  assert.equal(made.status, 0, made.stderr);
  const url = new URL(pgServer);
  url.pathname = `/${name}`;
  stateDb = url.toString();
  writeFileSync(join(dir, 'tokens'), `${TOKENS.alice} alice\n${TOKENS.bob} bob\n`);

  const sandbox = await startLogged(binary, ['sandbox', 'serve', '--listen', '127.0.0.1:0', '--db', join(dir, 'cats.db')],
                                    { PATH: process.env.PATH }, /"msg":"sandbox listening".*"port":(\d+)/);
  sandboxUrl = `http://127.0.0.1:${sandbox.match[1]}/v3`;
  // The replicas run as they do during a rotation: the new master key, and the previous one
  // the stored connections were sealed under (added before, by the command, with the old key).
  baseEnv = { PATH: process.env.PATH, CATS_SANDBOX_DB: join(dir, 'unused-sandbox.db'), CATS_MCP_STATE_DB: stateDb, CATS_MCP_MASTER_KEY: NEW_KEY,
              CATS_MCP_MASTER_KEY_PREVIOUS: OLD_KEY, CATS_MCP_STATE_KEY: STATE_KEY };
  const added = cli(['connections', 'add', '--owner', 'alice', '--label', 'Shared CATS', '--base-url', sandboxUrl],
                    { PATH: process.env.PATH, CATS_MCP_STATE_DB: stateDb, CATS_MCP_MASTER_KEY: OLD_KEY }, `${CATS_KEY}\n`);
  assert.equal(added.status, 0, added.err);
  alicePcid = added.out.trim();
  await startReplica('a');
  await startReplica('b');
  await startBalancer([replicas.a.port, replicas.b.port]);
});

after(async () => {
  for (const child of children) if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
  await Promise.all(children.map((c) => (c.exitCode === null && c.signalCode === null ? new Promise((r) => c.once('exit', r)) : null)));
  if (stateDb && pgServer) spawnSync('psql', [pgServer, '-q', '-c', `DROP DATABASE IF EXISTS ${new URL(stateDb).pathname.slice(1)} WITH (FORCE)`]);
  rmSync(dir, { recursive: true, force: true });
});

// A recruiter's round trip: create, read, update, find, tag, list, delete.
async function recruiterWorkflow(client, who) {
  const last = `Replica${who}${randomBytes(3).toString('hex')}`;
  const created = await ok(client, 'create_a_contact', { check_duplicate: false, first_name: 'Ada', last_name: last, owner_id: 1, company_id: 2,
    title: 'Analyst', emails: [{ email: `${last.toLowerCase()}@example.com`, is_primary: true }] });
  const id = created.id;
  assert.ok(Number.isInteger(id));
  assert.equal((await ok(client, 'get_a_contact', { id })).last_name, last);
  await ok(client, 'update_a_contact', { id, title: 'Lead Analyst' });
  assert.equal((await ok(client, 'get_a_contact', { id })).title, 'Lead Analyst');
  assert.deepEqual((await ok(client, 'search_contacts', { query: last })).items.map((c) => c.id), [id]);
  await ok(client, 'attach_contact_tags', { contact_id: id, tags: [1] });
  assert.deepEqual((await ok(client, 'list_all_contact_tags', { contact_id: id })).items.map((t) => t.id), [1]);
  assert.ok((await ok(client, 'list_all_contacts', { per_page: 100 })).items.some((c) => c.id === id));
  await ok(client, 'delete_a_contact', { id });
  const gone = await tool(client, 'get_a_contact', { id });
  assert.equal(gone.isError, true);
}

test('the legacy client (sessions) runs the workflow through the balancer, served by both replicas', { skip }, async () => {
  const from = accessLines();
  const client = await connectSdk('v1', balancer.url);
  assert.match(client.transport.sessionId, /^\S{100,}$/, 'a sealed session ticket');
  await recruiterWorkflow(client, 'Legacy');
  await client.close();
  const served = servedBy(from);
  assert.ok(served.upstreams.has(`127.0.0.1:${replicas.a.port}`) && served.upstreams.has(`127.0.0.1:${replicas.b.port}`),
            `one session, both replicas: ${[...served.upstreams]}`);
});

test('the modern client (2026-07-28, stateless) runs the workflow through the balancer', { skip }, async () => {
  const from = accessLines();
  const client = await connectSdk('v2', balancer.url);
  assert.equal(client.getNegotiatedProtocolVersion(), MODERN);
  await recruiterWorkflow(client, 'Modern');
  await client.close();
  assert.equal(servedBy(from).upstreams.size, 2);
});

test('a session opened on replica A is served by replica B, and ended through B is over on A within 100 ms', { skip }, async () => {
  const headers = { 'Content-Type': 'application/json', Accept: 'application/json, text/event-stream',
                    Authorization: `Bearer ${TOKENS.alice}` };
  const init = await fetch(replicas.a.url, { method: 'POST', headers, body: JSON.stringify({ jsonrpc: '2.0', id: 1,
    method: 'initialize', params: { protocolVersion: '2025-11-25', capabilities: {}, clientInfo: { name: 'raw', version: '1' } } }) });
  assert.equal(init.status, 200);
  const session = init.headers.get('mcp-session-id');
  const call = await fetch(replicas.b.url, { method: 'POST', headers: { ...headers, 'Mcp-Session-Id': session, Accept: 'application/json' },
    body: JSON.stringify({ jsonrpc: '2.0', id: 2, method: 'tools/call', params: { name: 'cats_contacts_get_a_contact', arguments: { id: 1 } } }) });
  assert.equal(call.status, 200);
  assert.equal((await call.json()).result.structuredContent.first_name, 'Grace');
  const ended = await fetch(replicas.b.url, { method: 'DELETE', headers: { ...headers, 'Mcp-Session-Id': session } });
  assert.equal(ended.status, 204);
  await new Promise((r) => setTimeout(r, 100));  // a note made on one replica counts on all within 100 ms
  const after = await fetch(replicas.a.url, { method: 'POST', headers: { ...headers, 'Mcp-Session-Id': session },
    body: JSON.stringify({ jsonrpc: '2.0', id: 3, method: 'ping' }) });
  assert.equal(after.status, 404, 'ended through B, it is over on A too');
});

test('a connection added through the shared database serves on replica B, and once removed is refused within 100 ms', { skip }, async () => {
  const env = { PATH: process.env.PATH, CATS_MCP_STATE_DB: stateDb, CATS_MCP_MASTER_KEY: NEW_KEY };
  const added = cli(['connections', 'add', '--owner', 'bob', '--label', 'Bob', '--base-url', sandboxUrl], env, `${CATS_KEY}-bob\n`);
  assert.equal(added.status, 0, added.err);
  const pcid = added.out.trim();
  const bob = await connectSdk('v2', replicas.b.url, 'bob');
  await ok(bob, 'get_a_contact', { id: 1, PCID: pcid });  // B serves it, and now remembers it (for up to a second)
  assert.equal(cli(['connections', 'remove', pcid], env).status, 0);
  await new Promise((r) => setTimeout(r, 100));
  const refused = await tool(bob, 'get_a_contact', { id: 1, PCID: pcid });
  assert.equal(refused.isError, true, 'B still served a removed connection 100 ms later');
  assert.match(refused.content[0].text, /No CATS connection with this PCID/);
  await bob.close();
});

test('the master key is rotated while both replicas serve, and no call fails', { skip }, async () => {
  const clients = [await connectSdk('v1', balancer.url), await connectSdk('v2', balancer.url)];
  let rotating = true;
  const results = [];
  const loops = clients.map(async (client) => {
    while (rotating) results.push(await tool(client, 'get_a_contact', { id: 1 }).catch((e) => ({ isError: true, content: [{ text: String(e) }] })));
  });
  await new Promise((r) => setTimeout(r, 300));
  const rotated = cli(['connections', 'rotate-master-key'], baseEnv);
  await new Promise((r) => setTimeout(r, 500));
  rotating = false;
  await Promise.all(loops);
  assert.equal(rotated.status, 0, rotated.err);
  assert.equal(JSON.parse(rotated.out).rewrapped, 1);
  assert.ok(results.length > 10, `calls made: ${results.length}`);
  const failed = results.filter((r) => r.isError);
  assert.deepEqual(failed.map((r) => r.content[0].text), []);
  for (const client of clients) await client.close();
  // From now on the new key alone opens the rows: a replica given only it serves.
  const fresh = await startReplica('c', { ...baseEnv, CATS_MCP_MASTER_KEY_PREVIOUS: '' });
  const client = await connectSdk('v2', fresh.url);
  assert.equal((await ok(client, 'get_a_contact', { id: 1 })).first_name, 'Grace');
  await client.close();
  replicas.c.child.kill('SIGTERM');
  // ...and the old one alone no longer does.
  const stale = cli(['connections', 'rotate-master-key'], { ...baseEnv, CATS_MCP_MASTER_KEY: OLD_KEY, CATS_MCP_MASTER_KEY_PREVIOUS: '' });
  assert.equal(stale.status, 1);
});

test('a row altered in PostgreSQL (owner changed) does not open', { skip }, async () => {
  const env = { PATH: process.env.PATH, CATS_MCP_STATE_DB: stateDb, CATS_MCP_MASTER_KEY: NEW_KEY };
  const added = cli(['connections', 'add', '--owner', 'alice', '--label', 'Spare', '--base-url', sandboxUrl], env, `${CATS_KEY}\n`);
  const pcid = added.out.trim();
  const moved = spawnSync('psql', [stateDb, '-q', '-c', `UPDATE connections SET owner = 'bob' WHERE pcid = '${pcid}'`], { encoding: 'utf8' });
  assert.equal(moved.status, 0, moved.stderr);
  const bob = await connectSdk('v2', balancer.url, 'bob');
  const refused = await tool(bob, 'get_a_contact', { id: 1, PCID: pcid });
  assert.equal(refused.isError, true);
  await bob.close();
  assert.equal(cli(['connections', 'remove', pcid], env).status, 0);
});

test('kill -9 of replica A mid-run: calls on it fail cleanly, every later call succeeds through B, nothing acknowledged is lost', { skip }, async () => {
  const clients = [await connectSdk('v1', balancer.url), await connectSdk('v1', balancer.url),
                   await connectSdk('v2', balancer.url), await connectSdk('v2', balancer.url)];
  const marker = `Kill${randomBytes(3).toString('hex')}`;
  let killedAt = Infinity;
  let running = true;
  const outcomes = [];
  let n = 0;
  const loops = clients.map(async (client) => {
    while (running) {
      const last = `${marker}n${n++}`;
      const started = performance.now();
      try {
        const r = await tool(client, 'create_a_contact', { check_duplicate: false, first_name: 'Kay', last_name: last, owner_id: 1, company_id: 1 });
        outcomes.push({ last, started, id: r.isError ? undefined : r.structuredContent.id, error: r.isError ? r.content[0].text : undefined });
      } catch (e) {
        outcomes.push({ last, started, error: String(e) });
      }
    }
  });
  await new Promise((r) => setTimeout(r, 700));
  replicas.a.child.kill('SIGKILL');
  await replicas.a.exited;
  killedAt = performance.now();
  await new Promise((r) => setTimeout(r, 1500));
  running = false;
  await Promise.all(loops);

  assert.ok(outcomes.some((o) => o.started < killedAt) && outcomes.some((o) => o.started > killedAt));
  for (const o of outcomes) assert.doesNotMatch(o.error ?? '', /HANG/, 'every call settled');
  const later = outcomes.filter((o) => o.started > killedAt);
  assert.deepEqual(later.filter((o) => o.error).map((o) => o.error), [], 'every call after the kill succeeded through B');
  // Nothing acknowledged was lost, and nothing was created twice.
  const survivor = await connectSdk('v2', replicas.b.url);
  const acknowledged = outcomes.filter((o) => o.id !== undefined);
  for (const o of acknowledged) assert.equal((await ok(survivor, 'get_a_contact', { id: o.id })).last_name, o.last);
  const names = [];
  for (let page = 1; ; ++page) {
    const found = await ok(survivor, 'search_contacts', { query: marker, page, per_page: 100 });
    names.push(...found.items.map((c) => c.last_name));
    if (!found.has_more) break;
  }
  assert.equal(new Set(names).size, names.length, 'no create was sent twice');
  assert.ok(names.length >= acknowledged.length && names.length <= outcomes.length,
            `${names.length} stored, ${acknowledged.length} acknowledged, ${outcomes.length} tried`);
  const failedOnA = outcomes.filter((o) => o.error);
  console.log(`kill -9: ${outcomes.length} creates, ${acknowledged.length} acknowledged, ${failedOnA.length} failed ` +
              `(in flight on A: ${failedOnA.map((o) => o.error.slice(0, 80)).join(' | ')})`);
  await survivor.close();
  for (const client of clients) await client.close().catch(() => {});
});

test('no secret reaches a replica log', { skip }, () => {
  for (const [name, replica] of Object.entries(replicas))
    for (const secret of [OLD_KEY, NEW_KEY, STATE_KEY, CATS_KEY, TOKENS.alice, TOKENS.bob])
      assert.ok(!replica.log.includes(secret), `replica ${name} logged a secret`);
});
