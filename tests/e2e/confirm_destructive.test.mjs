// End-to-end: --confirm-destructive with an official MCP client (sdk_client.mjs picks the SDK,
// era and transport). Deletes ask the user through elicitation: a yes deletes, a no leaves the
// record in place, and a client that cannot be asked is refused. Legacy era: the server sends
// elicitation/create on the call's stream; modern era: it answers input_required and the v2
// client retries with the user's answer and the sealed requestState.
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { connectClient } from './sdk_client.mjs';

const binary = process.env.CATS_MCP_BINARY;
const dir = mkdtempSync(join(tmpdir(), 'cats-confirm-'));
const env = { CATS_SANDBOX_DB: join(dir, 'sandbox.db'), CATS_MCP_STATE_DB: join(dir, 'state.db'), PATH: process.env.PATH };
const connections = [];
after(async () => {
  for (const c of connections) await c.stop();
  rmSync(dir, { recursive: true, force: true });
});

// A client that answers every confirmation with `answer(params)`; none: it declares no elicitation.
async function clientAnswering(answer) {
  const options = { name: 'e2e-confirm', args: ['--confirm-destructive'] };
  if (answer) Object.assign(options, { capabilities: { elicitation: {} }, onElicit: answer });
  const connection = await connectClient(binary, env, options);
  connections.push(connection);
  return connection.client;
}

async function call(client, name, args) {
  return client.callTool({ name: `cats_contacts_${name}`, arguments: args });
}

test('a yes deletes, after the user was told exactly what', async () => {
  const asked = [];
  const client = await clientAnswering((params) => {
    asked.push(params);
    return { action: 'accept', content: { confirm: true } };
  });
  assert.ok(!(await call(client, 'get_a_contact', { id: 3 })).isError, 'demo contact 3 exists');
  const deleted = await call(client, 'delete_a_contact', { id: 3 });
  assert.ok(!deleted.isError, deleted.content?.[0]?.text);
  assert.equal(asked.length, 1);
  assert.match(asked[0].message, /Delete a contact \(id 3\)/);
  assert.match(asked[0].message, /cannot be undone/);
  assert.equal(asked[0].requestedSchema.properties.confirm.type, 'boolean');
  const gone = await call(client, 'get_a_contact', { id: 3 });
  assert.equal(gone.isError, true);
  assert.match(gone.content[0].text, /404/);
  // Reading needs no confirmation.
  assert.ok(!(await call(client, 'get_a_contact', { id: 1 })).isError);
  assert.equal(asked.length, 1);
});

test('a no (or a dismissed question) leaves the record in place and says so', async () => {
  for (const answer of [{ action: 'decline' }, { action: 'cancel' }, { action: 'accept', content: { confirm: false } }]) {
    const client = await clientAnswering(() => answer);
    const refused = await call(client, 'delete_a_contact', { id: 2 });
    assert.equal(refused.isError, true, JSON.stringify(answer));
    assert.match(refused.content[0].text, /Not done: the user did not confirm\. Nothing was sent to CATS/);
    assert.ok(!(await call(client, 'get_a_contact', { id: 2 })).isError, 'contact 2 is still there');
  }
});

test('replacing tags asks too', async () => {
  let asked = 0;
  const client = await clientAnswering(() => { asked += 1; return { action: 'accept', content: { confirm: true } }; });
  const replaced = await call(client, 'replace_contact_tags', { contact_id: 1, tags: [3] });
  assert.ok(!replaced.isError, replaced.content?.[0]?.text);
  assert.equal(asked, 1);
});

test('a client that cannot be asked is refused, and nothing is deleted', async () => {
  const client = await clientAnswering(undefined);
  const refused = await call(client, 'delete_a_contact', { id: 2 });
  assert.equal(refused.isError, true);
  assert.match(refused.content[0].text, /requires confirmation for cats_contacts_delete_a_contact/);
  assert.ok(!(await call(client, 'get_a_contact', { id: 2 })).isError);
});
