// The server as an OAuth 2.1 resource server (MCP authorization), against a test issuer this
// test makes: RSA, EC and Ed25519 keys generated at start, its RFC 8414 metadata, JWKS and a
// client_credentials token endpoint served on loopback. Tokens are signed here with `jose`.
// Covers: protected resource metadata at both paths; 401 challenges; good tokens of each
// algorithm; wrong audience, wrong issuer, expired, not yet valid, bad signature, alg none,
// HS256 with the public key as secret, a made-up kid (rate-limited refetch) and key rotation;
// cats.read against a delete (403, and tools/list trimmed); two subjects' PCIDs isolated; a
// static token beside OAuth; the token never reaching CATS; and the official v1 SDK client's
// own OAuth flow (client_credentials) run headless against the test issuer.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { createServer } from 'node:http';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomBytes, createPublicKey } from 'node:crypto';
import * as jose from 'jose';
import { startCatsStandin } from './cats_standin.mjs';

const binary = process.env.CATS_MCP_BINARY;
const dir = mkdtempSync(join(tmpdir(), 'cats-oauth-'));
const STATIC_TOKEN = `static-${randomBytes(16).toString('hex')}`;
const CLIENT = { id: 'test-client', secret: randomBytes(12).toString('hex') };

const issuer = { url: '', keys: {}, published: [], jwksFetches: 0, server: undefined };
let serverUrl;        // the MCP endpoint, also the resource and audience
let serverChild;
let serverLog = '';
let standin;
const pcids = {};

async function freePort() {
  return new Promise((resolve) => {
    const s = createServer().listen(0, '127.0.0.1', () => { const { port } = s.address(); s.close(() => resolve(port)); });
  });
}

async function makeKey(alg, kid) {
  const { publicKey, privateKey } = await jose.generateKeyPair(alg, { extractable: true });
  const jwk = { ...(await jose.exportJWK(publicKey)), kid, alg, use: 'sig' };
  issuer.keys[kid] = { alg, privateKey, publicKey, jwk };
  return issuer.keys[kid];
}

async function startIssuer() {
  issuer.server = createServer((req, res) => {
    const url = new URL(req.url, issuer.url);
    const json = (status, body) => { res.writeHead(status, { 'Content-Type': 'application/json' }); res.end(JSON.stringify(body)); };
    if (req.method === 'GET' && url.pathname === '/.well-known/oauth-authorization-server') {
      // RFC 8414 requires an authorization endpoint even where only client_credentials is used.
      return json(200, { issuer: issuer.url, jwks_uri: `${issuer.url}/jwks`, token_endpoint: `${issuer.url}/token`,
                         authorization_endpoint: `${issuer.url}/authorize`, response_types_supported: ['code'],
                         grant_types_supported: ['client_credentials'],
                         token_endpoint_auth_methods_supported: ['client_secret_basic', 'client_secret_post'],
                         scopes_supported: ['cats.read', 'cats.write'] });
    }
    if (req.method === 'GET' && url.pathname === '/jwks') {
      issuer.jwksFetches += 1;
      return json(200, { keys: issuer.published.map((kid) => issuer.keys[kid].jwk) });
    }
    if (req.method === 'POST' && url.pathname === '/token') {
      let body = '';
      req.on('data', (c) => { body += c; });
      req.on('end', async () => {
        const form = new URLSearchParams(body);
        const basic = Buffer.from((req.headers.authorization ?? '').replace(/^Basic /, ''), 'base64').toString();
        const [id, secret] = basic.includes(':') ? basic.split(':').map(decodeURIComponent)
                                                 : [form.get('client_id'), form.get('client_secret')];
        if (form.get('grant_type') !== 'client_credentials' || id !== CLIENT.id || secret !== CLIENT.secret) {
          return json(401, { error: 'invalid_client' });
        }
        // RFC 8707: the token is for the resource the client names.
        const token = await sign({ sub: 'sdk-client', aud: form.get('resource') ?? 'none', scope: form.get('scope') ?? 'cats.read' });
        return json(200, { access_token: token, token_type: 'Bearer', expires_in: 300, scope: form.get('scope') ?? 'cats.read' });
      });
      return undefined;
    }
    return json(404, { error: 'not found' });
  });
  await new Promise((r) => issuer.server.listen(0, '127.0.0.1', r));
  issuer.url = `http://127.0.0.1:${issuer.server.address().port}`;
}

// A token from the test issuer; `claims` override the good defaults, `kid` picks the key.
async function sign(claims = {}, { kid = 'rsa-1', header = {} } = {}) {
  const key = issuer.keys[kid];
  const now = Math.floor(Date.now() / 1000);
  return new jose.SignJWT({ scope: 'cats.read cats.write', ...claims })
    .setProtectedHeader({ alg: key.alg, kid, typ: 'at+jwt', ...header })
    .setIssuer(claims.iss ?? issuer.url)
    .setAudience(claims.aud ?? serverUrl)
    .setSubject(claims.sub ?? 'user-a')
    .setIssuedAt(now)
    .setNotBefore(claims.nbf ?? now - 5)
    .setExpirationTime(claims.exp ?? now + 300)
    .sign(key.privateKey);
}

const b64url = (value) => Buffer.from(typeof value === 'string' ? value : JSON.stringify(value)).toString('base64url');

function cli(args, input = '') {
  const r = spawnSync(binary, args, { env: serverEnv(), input, encoding: 'utf8' });
  assert.equal(r.status, 0, r.stderr);
  return r.stdout.trim();
}

function serverEnv() {
  return { PATH: process.env.PATH, CATS_SANDBOX_DB: join(dir, 'sandbox.db'), CATS_MCP_STATE_DB: join(dir, 'state.db') };
}

async function post(message, token, extraHeaders = {}) {
  const headers = { 'Content-Type': 'application/json', Accept: 'application/json', ...extraHeaders };
  if (token) headers.Authorization = `Bearer ${token}`;
  const res = await fetch(serverUrl, { method: 'POST', headers, body: JSON.stringify({ jsonrpc: '2.0', id: 1, ...message }) });
  const text = await res.text();
  return { status: res.status, challenge: res.headers.get('www-authenticate'), body: text ? JSON.parse(text) : undefined };
}
const callTool = (name, args, token) => post({ method: 'tools/call', params: { name: `cats_contacts_${name}`, arguments: args } }, token);
const listTools = (token) => post({ method: 'tools/list', params: {} }, token);

before(async () => {
  await startIssuer();
  await makeKey('RS256', 'rsa-1');
  await makeKey('ES256', 'ec-1');
  await makeKey('EdDSA', 'ed-1');
  issuer.published = ['rsa-1', 'ec-1', 'ed-1'];
  standin = await startCatsStandin();
  // Two subjects, each with a connection of their own; user-a's goes to the recording stand-in.
  pcids.a = cli(['connections', 'add', '--owner', 'user-a', '--label', 'A', '--base-url', standin.baseUrl], 'cats-key-of-a\n');
  pcids.b = cli(['connections', 'add', '--owner', 'user-b', '--label', 'B', '--sandbox']);
  pcids.sdk = cli(['connections', 'add', '--owner', 'sdk-client', '--label', 'SDK', '--sandbox']);
  writeFileSync(join(dir, 'tokens'), `${STATIC_TOKEN} user-b\n`);

  const port = await freePort();
  serverUrl = `http://127.0.0.1:${port}/cats-contacts`;
  serverChild = spawn(binary, ['--http', `127.0.0.1:${port}`, '--tokens-file', join(dir, 'tokens'),
                               '--public-url', serverUrl, '--oauth-issuer', issuer.url], { env: serverEnv(), stdio: ['ignore', 'ignore', 'pipe'] });
  await new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`server did not start: ${serverLog}`)), 10000);
    serverChild.stderr.on('data', (chunk) => {
      serverLog += chunk;
      if (/"msg":"http listening"/.test(serverLog)) { clearTimeout(timer); resolve(); }
    });
    serverChild.once('exit', (code) => reject(new Error(`server exited ${code}: ${serverLog}`)));
  });
});

after(async () => {
  if (serverChild && serverChild.exitCode === null) {
    const exited = new Promise((r) => serverChild.once('exit', r));
    serverChild.kill('SIGTERM');
    await exited;
  }
  await standin?.close();
  await new Promise((r) => (issuer.server ? issuer.server.close(r) : r()));
  rmSync(dir, { recursive: true, force: true });
});

test('protected resource metadata is served at the path-suffixed and the root well-known URL, without a token', async () => {
  for (const path of ['/.well-known/oauth-protected-resource/cats-contacts', '/.well-known/oauth-protected-resource']) {
    const res = await fetch(new URL(path, serverUrl));
    assert.equal(res.status, 200, path);
    const metadata = await res.json();
    assert.equal(metadata.resource, serverUrl);
    assert.deepEqual(metadata.authorization_servers, [issuer.url]);
    assert.deepEqual(metadata.scopes_supported, ['cats.read', 'cats.write']);
    assert.deepEqual(metadata.bearer_methods_supported, ['header']);
  }
});

test('no token: 401 pointing at the metadata and naming the scopes', async () => {
  const res = await post({ method: 'ping' });
  assert.equal(res.status, 401);
  const origin = new URL(serverUrl).origin;
  assert.equal(res.challenge,
               `Bearer resource_metadata="${origin}/.well-known/oauth-protected-resource/cats-contacts", scope="cats.read cats.write"`);
});

test('good tokens signed with RS256, ES256 and EdDSA are served, as their subject', async () => {
  for (const kid of ['rsa-1', 'ec-1', 'ed-1']) {
    const res = await callTool('get_a_contact', { id: 7 }, await sign({}, { kid }));
    assert.equal(res.status, 200, `${kid}: ${JSON.stringify(res.body)}`);
    assert.ok(!res.body.result.isError, JSON.stringify(res.body));
    assert.equal(res.body.result.structuredContent.id, 7);  // from user-a's only connection: the stand-in
  }
});

test('refused tokens get 401 with error="invalid_token"', async () => {
  const now = Math.floor(Date.now() / 1000);
  const good = await sign();
  const [h, p] = good.split('.');
  const rsaPem = createPublicKey({ key: issuer.keys['rsa-1'].jwk, format: 'jwk' }).export({ type: 'spki', format: 'pem' });
  const hmacWithPublicKey = await new jose.SignJWT({ scope: 'cats.write' })
    .setProtectedHeader({ alg: 'HS256', kid: 'rsa-1' }).setIssuer(issuer.url).setAudience(serverUrl).setSubject('user-a')
    .setExpirationTime(now + 300).sign(new TextEncoder().encode(rsaPem));
  const cases = {
    'wrong audience': await sign({ aud: 'https://other.example/mcp' }),
    'wrong issuer': await sign({ iss: 'https://evil.example' }),
    expired: await sign({ exp: now - 600 }),
    'not yet valid': await sign({ nbf: now + 600 }),
    'bad signature': `${h}.${b64url({ ...JSON.parse(Buffer.from(p, 'base64url')), sub: 'user-b' })}.${good.split('.')[2]}`,
    'alg none': `${b64url({ alg: 'none', typ: 'JWT' })}.${p}.`,
    'HS256 with the public key as secret': hmacWithPublicKey,
    'not a JWT': 'definitely-not-a-jwt',
  };
  for (const [name, token] of Object.entries(cases)) {
    const res = await post({ method: 'ping' }, token);
    assert.equal(res.status, 401, name);
    assert.match(res.challenge, /^Bearer resource_metadata="[^"]+", scope="cats\.read cats\.write", error="invalid_token"/, name);
  }
  assert.ok(!serverLog.includes(good.split('.')[2]), 'no token reaches the log');
});

test('a new key in the JWKS works without a restart; a made-up kid does not make the server refetch again', async () => {
  const fresh = await makeKey('ES256', 'ec-2');
  const token = await sign({}, { kid: fresh.jwk.kid });
  issuer.published.push('ec-2');  // the issuer rotates
  const before = issuer.jwksFetches;
  const res = await callTool('get_a_contact', { id: 8 }, token);
  assert.equal(res.status, 200, JSON.stringify(res.body));
  assert.equal(issuer.jwksFetches, before + 1, 'the unknown kid fetched the keys once');
  // A key the issuer never published: refused, and within the rate limit no fetch happens.
  await makeKey('ES256', 'never-published');
  const madeUp = await post({ method: 'ping' }, await sign({}, { kid: 'never-published' }));
  assert.equal(madeUp.status, 401);
  assert.equal(issuer.jwksFetches, before + 1, 'rate-limited: no second fetch');
});

test('cats.read: read-only tools only; a delete is 403 insufficient_scope and absent from tools/list', async () => {
  const reader = await sign({ scope: 'cats.read' });
  const listed = await listTools(reader);
  const names = listed.body.result.tools.map((t) => t.name);
  assert.ok(names.includes('cats_contacts_get_a_contact'));
  assert.ok(!names.includes('cats_contacts_delete_a_contact'));
  assert.equal(names.length, 23, 'the 23 read-only tools');
  const refused = await callTool('delete_a_contact', { id: 5 }, reader);
  assert.equal(refused.status, 403);
  assert.match(refused.challenge, /^Bearer error="insufficient_scope", scope="cats\.write", resource_metadata="/);
  assert.ok(!standin.requests.some((r) => r.method === 'DELETE'), 'nothing reached CATS');
  assert.equal((await callTool('get_a_contact', { id: 5 }, reader)).status, 200);
  const writer = await listTools(await sign({ scope: 'cats.write' }));
  assert.equal(writer.body.result.tools.length, 44, 'cats.write implies cats.read: every tool');
  const neither = await post({ method: 'ping' }, await sign({ scope: 'openid profile' }));
  assert.equal(neither.status, 403);
  assert.match(neither.challenge, /error="insufficient_scope", scope="cats\.read"/);
});

test('two subjects keep their own connections; a static token works beside OAuth', async () => {
  const asA = await sign({ sub: 'user-a' });
  const asB = await sign({ sub: 'user-b' });
  const foreign = await callTool('get_a_contact', { id: 1, PCID: pcids.b }, asA);
  assert.equal(foreign.body.result.isError, true);
  assert.match(foreign.body.result.content[0].text, /No CATS connection with this PCID/);
  const own = await callTool('get_a_contact', { id: 1, PCID: pcids.b }, asB);
  assert.equal(own.body.result.structuredContent.first_name, 'Grace');  // user-b's sandbox account
  const viaStatic = await callTool('get_a_contact', { id: 1 }, STATIC_TOKEN);
  assert.equal(viaStatic.body.result.structuredContent.first_name, 'Grace');
  // No token may act as the principal of stdio and the call command.
  assert.equal((await post({ method: 'ping' }, await sign({ sub: 'local' }))).status, 401);
});

test('the access token never reaches CATS', async () => {
  const token = await sign({ sub: 'user-a' });
  await callTool('get_a_contact', { id: 9 }, token);
  assert.ok(standin.requests.length > 0);
  for (const r of standin.requests) {
    assert.equal(r.headers.authorization, 'Token cats-key-of-a');
    assert.ok(!JSON.stringify(r.headers).includes(token.split('.')[2]));
  }
});

test('the official v1 SDK client runs its own OAuth flow (client_credentials) against the test issuer', async () => {
  const { Client } = await import('@modelcontextprotocol/sdk/client/index.js');
  const { StreamableHTTPClientTransport } = await import('@modelcontextprotocol/sdk/client/streamableHttp.js');
  const { ClientCredentialsProvider } = await import('@modelcontextprotocol/sdk/client/auth-extensions.js');
  const authProvider = new ClientCredentialsProvider({ clientId: CLIENT.id, clientSecret: CLIENT.secret, scope: 'cats.read',
                                                       expectedIssuer: issuer.url });
  const client = new Client({ name: 'oauth-e2e', version: '1.0.0' }, { capabilities: {} });
  await client.connect(new StreamableHTTPClientTransport(new URL(serverUrl), { authProvider }));
  const { tools } = await client.listTools();
  assert.equal(tools.length, 23, 'cats.read: the read-only tools');
  // As the token's subject: its only connection serves.
  const contact = await client.callTool({ name: 'cats_contacts_get_a_contact', arguments: { id: 1 } });
  assert.ok(!contact.isError, contact.content?.[0]?.text);
  assert.equal(contact.structuredContent.first_name, 'Grace');
  await client.close();
});
