// End-to-end: the resources that hold the ids the tools need, read through an official MCP
// client (v1 legacy, v2 pinned to 2026-07-28; stdio or HTTP: sdk_client.mjs). On the sandbox
// (answered in process) and on a CATS stand-in (read on the CATS loop, as a tool call is).
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { connectClient, negotiatedEra } from './sdk_client.mjs';
import { startCatsStandin } from './cats_standin.mjs';

const binary = process.env.CATS_MCP_BINARY;
const dir = mkdtempSync(join(tmpdir(), 'cats-e2e-resources-'));
after(() => rmSync(dir, { recursive: true, force: true }));

const LISTED = ['cats://users', 'cats://companies', 'cats://tags', 'cats://contact-statuses', 'cats://contact-custom-fields'];

async function read(client, uri) {
  const result = await client.readResource({ uri });
  assert.equal(result.contents.length, 1);
  assert.equal(result.contents[0].uri, uri);
  assert.equal(result.contents[0].mimeType, 'application/json');
  return JSON.parse(result.contents[0].text);
}

test('the sandbox lists and reads every resource', async () => {
  const env = { CATS_SANDBOX_DB: join(dir, 'sandbox.db'), CATS_MCP_STATE_DB: join(dir, 'state.db'), PATH: process.env.PATH };
  const { client, stop } = await connectClient(binary, env, { name: 'e2e-resources' });
  try {
    assert.ok(client.getServerCapabilities().resources, 'resources are advertised');
    const listed = await client.listResources();
    assert.deepEqual(listed.resources.map((r) => r.uri), LISTED);
    if (negotiatedEra(client) === 'modern') {  // 2026-07-28: list results carry caching hints
      assert.equal(typeof listed.ttlMs, 'number');
      assert.ok(['public', 'private'].includes(listed.cacheScope));
    }
    const templates = await client.listResourceTemplates();
    assert.deepEqual(templates.resourceTemplates.map((t) => t.uriTemplate), ['cats://contacts/{id}']);

    const users = await read(client, 'cats://users');
    assert.deepEqual(users.items.map((u) => u.id), [1, 2]);
    assert.deepEqual(Object.keys(users.items[0]).sort(), ['email', 'first_name', 'id', 'last_name']);
    assert.equal((await read(client, 'cats://companies')).items[2].name, 'Initech GmbH');
    assert.equal((await read(client, 'cats://tags')).total, 5);
    const statuses = await read(client, 'cats://contact-statuses');
    assert.equal(statuses.items[1].triggers.length, 2);
    const fields = await read(client, 'cats://contact-custom-fields');
    assert.equal(fields.items[1].field.selections[2].label, 'APAC');
    const grace = await read(client, 'cats://contacts/1');
    assert.equal(grace.first_name, 'Grace');
    assert.ok(grace._embedded, 'the template reads the whole record');

    await assert.rejects(client.readResource({ uri: 'cats://nothing' }), (e) => e.code === -32602);
    await assert.rejects(client.readResource({ uri: 'cats://contacts/999' }), (e) => e.code === -32602 && /404/.test(e.message));
  } finally {
    await stop();
  }
});

test('on CATS, a read is the GET its resource names, with the key and no PCID', async () => {
  const cats = await startCatsStandin();
  const env = { CATS_API_KEY: 'e2e-resources-key', CATS_API_BASE_URL: cats.baseUrl, CATS_MCP_STATE_DB: join(dir, 'cats-state.db'),
                PATH: process.env.PATH };
  const { client, stop } = await connectClient(binary, env, { name: 'e2e-resources-cats' });
  try {
    await read(client, 'cats://users');
    await read(client, 'cats://contacts/42');
    const sent = cats.requests.map((r) => [r.method, r.path, r.query]);
    assert.deepEqual(sent, [['GET', '/users', { page: '1', per_page: '100' }], ['GET', '/contacts/42', {}]]);
    assert.equal(cats.requests[0].headers.authorization, 'Token e2e-resources-key');
  } finally {
    await stop();
    await cats.close();
  }
});
