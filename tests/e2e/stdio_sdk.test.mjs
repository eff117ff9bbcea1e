// End-to-end: the official MCP TypeScript SDK client drives the real binary over stdio
// (StdioClientTransport) against a recording CATS stand-in. The SDK checks every message
// against the protocol schema and every structuredContent against the tool's outputSchema.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StdioClientTransport } from '@modelcontextprotocol/sdk/client/stdio.js';
import { startCatsStandin } from './cats_standin.mjs';

const binary = process.env.CATS_MCP_BINARY;
const seed = JSON.parse(readFileSync(new URL('../data/seed-cats-contacts-tools.json', import.meta.url)));
const KEY = 'e2e-cats-key-0b1c2d';
const dir = mkdtempSync(join(tmpdir(), 'cats-e2e-stdio-'));

let cats;
let client;
let transport;
let failNext = 0;

before(async () => {
  assert.ok(binary, 'CATS_MCP_BINARY must point at the server binary');
  cats = await startCatsStandin((r) => {
    if (failNext > 0 && r.method === 'GET') { failNext -= 1; return { status: 503, body: '<html>busy</html>' }; }
    return undefined;
  });
  transport = new StdioClientTransport({
    command: binary,
    env: { CATS_API_KEY: KEY, CATS_API_BASE_URL: cats.baseUrl, CATS_MCP_STATE_DB: join(dir, 'state.db'), PATH: process.env.PATH },
    stderr: 'pipe',
  });
  client = new Client({ name: 'e2e-sdk', version: '1.0.0' });
  await client.connect(transport);
});

after(async () => {
  await client?.close();
  await cats?.close();
});

test('handshake negotiates 2025-11-25 and describes the server', () => {
  const info = client.getServerVersion();
  assert.equal(info.name, 'cats-contacts-mcp');
  assert.ok(info.title);
  assert.ok(client.getServerCapabilities().tools);
  assert.match(client.getInstructions(), /next_page/);
});

test('tools/list carries the seed catalog with titles, annotations and output schemas', async () => {
  const { tools } = await client.listTools();
  assert.deepEqual(tools.map((t) => t.name), seed.map((t) => t.name));
  for (const [i, tool] of tools.entries()) {
    assert.ok(tool.title, tool.name);
    assert.equal(tool.outputSchema.type, 'object', tool.name);
    for (const hint of ['readOnlyHint', 'destructiveHint', 'idempotentHint', 'openWorldHint']) {
      assert.equal(typeof tool.annotations[hint], 'boolean', `${tool.name} ${hint}`);
    }
    const required = new Set(tool.inputSchema.required ?? []);
    for (const p of seed[i].params) {
      assert.ok(tool.inputSchema.properties[p.name], `${tool.name}.${p.name}`);
      assert.equal(required.has(p.name), p.required, `${tool.name}.${p.name} required`);
    }
  }
});

test('a record comes back as structuredContent without HAL links', async () => {
  const result = await client.callTool({ name: 'cats_contacts_get_a_contact', arguments: { id: 7, PCID: 'c1' } });
  assert.deepEqual(result.structuredContent, { id: 7, first_name: 'Ada' });
  assert.deepEqual(JSON.parse(result.content[0].text), result.structuredContent);
  const sent = cats.requests.at(-1);
  assert.equal(sent.path, '/contacts/7');
  assert.equal(sent.headers.authorization, `Token ${KEY}`);
  assert.ok(!JSON.stringify(sent.query).includes('PCID'));
});

test('a page carries has_more and next_page', async () => {
  const result = await client.callTool({ name: 'cats_contacts_search_contacts',
                                         arguments: { query: 'Ada', page: 1, per_page: 2 } });
  assert.deepEqual(result.structuredContent,
                   { items: [{ id: 1 }, { id: 2 }], count: 2, total: 3, page: 1, per_page: 2, has_more: true, next_page: 2 });
  assert.deepEqual(cats.requests.at(-1).query, { query: 'Ada', page: '1', per_page: '2' });
});

test('a create returns the id from Location and sends the documented body', async () => {
  const result = await client.callTool({ name: 'cats_contacts_create_a_contact', arguments: {
    check_duplicate: true, first_name: 'Ada', last_name: 'Lovelace', owner_id: 1, company_id: 2,
    emails: [{ email: 'ada@example.com', is_primary: true }] } });
  assert.equal(result.structuredContent.id, 321);
  const sent = cats.requests.at(-1);
  assert.equal(sent.method, 'POST');
  assert.deepEqual(sent.query, { check_duplicate: 'true' });
  assert.deepEqual(JSON.parse(sent.body), { first_name: 'Ada', last_name: 'Lovelace', owner_id: 1, company_id: 2,
                                            emails: [{ email: 'ada@example.com', is_primary: true }] });
});

test('bare tag ids are sent as {id} objects and updates return ok', async () => {
  const result = await client.callTool({ name: 'cats_contacts_attach_contact_tags', arguments: { contact_id: 7, tags: [5, 6] } });
  assert.deepEqual(result.structuredContent, { ok: true });
  assert.deepEqual(JSON.parse(cats.requests.at(-1).body), { tags: [{ id: 5 }, { id: 6 }] });
});

test('an upload sends the raw bytes, not multipart', async () => {
  const bytes = Buffer.from([0x25, 0x50, 0x44, 0x46, 0x00, 0xff, 0x0a]);
  const result = await client.callTool({ name: 'cats_contacts_upload_a_contact_attachment',
                                         arguments: { id: 7, filename: 'cv.pdf', content_base64: bytes.toString('base64') } });
  assert.equal(result.structuredContent.id, 321);
  const sent = cats.requests.at(-1);
  assert.equal(sent.headers['content-type'], 'application/octet-stream');
  assert.deepEqual(sent.body, bytes);
  assert.deepEqual(sent.query, { filename: 'cv.pdf' });
});

test('invalid arguments are a tool error naming the argument, and nothing is sent', async () => {
  const before = cats.requests.length;
  const result = await client.callTool({ name: 'cats_contacts_list_all_contacts', arguments: { page: 1, per_page: 500 } });
  assert.equal(result.isError, true);
  assert.match(result.content[0].text, /`per_page` must be at most 100/);
  assert.equal(cats.requests.length, before);
});

test('an unknown tool is a JSON-RPC invalid-params error', async () => {
  await assert.rejects(client.callTool({ name: 'cats_contacts_nope', arguments: {} }), (e) => e.code === -32602);
});

test('retries report progress to a client that asked for it', async () => {
  failNext = 2;
  const progress = [];
  const result = await client.callTool({ name: 'cats_contacts_get_a_contact', arguments: { id: 8 } }, undefined,
                                       { onprogress: (p) => progress.push(p) });
  assert.deepEqual(result.structuredContent, { id: 8, first_name: 'Ada' });
  assert.equal(progress.length, 2);
  assert.ok(progress[0].progress < progress[1].progress);
});

test('ping and logging/setLevel are answered', async () => {
  await client.ping();
  await client.setLoggingLevel('warning');
});
