// End-to-end: a recruiter's day on the embedded sandbox, through an official MCP client,
// touching all 44 tools; then a restart shows the data is still there. The client, transport
// and protocol era come from the environment (sdk_client.mjs): the v1 SDK in the legacy era, or
// the v2 client pinned to 2026-07-28 (or negotiating with mode 'auto'), over stdio or HTTP.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { connectClient, negotiatedEra, eraName, MODERN_VERSION } from './sdk_client.mjs';

const binary = process.env.CATS_MCP_BINARY;
const dir = mkdtempSync(join(tmpdir(), 'cats-e2e-'));
const db = join(dir, 'sandbox.db');
const used = new Set();
let connection;
let client;

async function connect() {
  // No CATS_API_KEY: the sandbox serves. The state database (stored connections) is the test's own.
  const env = { CATS_SANDBOX_DB: db, CATS_MCP_STATE_DB: join(dir, 'state.db'), PATH: process.env.PATH };
  connection = await connectClient(binary, env, { name: 'e2e-recruiter' });
  client = connection.client;
}

async function disconnect() {
  await connection?.stop();
  connection = undefined;
}

before(connect);
after(async () => { await disconnect(); rmSync(dir, { recursive: true, force: true }); });

test('the client speaks the era it asked for', () => {
  const modern = eraName === 'pin' || eraName === 'auto';
  assert.equal(negotiatedEra(client), modern ? 'modern' : 'legacy');
  if (modern) assert.equal(client.getNegotiatedProtocolVersion(), MODERN_VERSION);
});

async function call(name, args) {
  used.add(name);
  const result = await client.callTool({ name: `cats_contacts_${name}`, arguments: args });
  assert.ok(!result.isError, `${name}: ${result.content?.[0]?.text}`);
  return result.structuredContent;
}

async function fails(name, args, pattern) {
  used.add(name);
  const result = await client.callTool({ name: `cats_contacts_${name}`, arguments: args });
  assert.equal(result.isError, true, `${name} should fail`);
  assert.match(result.content[0].text, pattern);
  return result;
}

const page = { page: 1, per_page: 25 };
let id;

test('the server says the sandbox is live and names its demo data', () => {
  assert.match(client.getInstructions(), /embedded sandbox/);
  assert.match(client.getInstructions(), /Grace Hopper/);
});

test('reference data: statuses, custom fields, lists, demo contacts', async () => {
  assert.ok((await call('list_contact_statuses', page)).total >= 3);
  const status = await call('get_contact_status', { id: 2 });
  assert.equal(status.triggers.length, 2);
  const fields = await call('list_contact_custom_fields', page);
  assert.deepEqual(fields.items.map((f) => f.field.type), ['text', 'dropdown', 'checkbox', 'date', 'number', 'multiselect']);
  assert.deepEqual((await call('get_a_contact_custom_field', { id: 2 })).field.selections.map((s) => s.label),
    ['North America', 'Europe', 'APAC']);
  assert.equal((await call('list_all_contacts', page)).total, 3);
  assert.equal((await call('list_all_contact_lists', page)).items[0].name, 'Q1 prospects');
  assert.equal((await call('get_a_contact_list', { id: 1 })).name, 'Q1 prospects');
  assert.equal((await call('list_contact_tasks', { id: 1, ...page })).items[0].description, 'Send the Q1 shortlist');
});

test('create a contact, refuse its duplicate', async () => {
  const created = await call('create_a_contact', {
    check_duplicate: true, first_name: 'Ada', last_name: 'Lovelace', owner_id: 1, company_id: 2, title: 'Analyst',
    emails: [{ email: 'ada@analytical.example', is_primary: true }], address: { city: 'London', postal_code: 'W1' } });
  id = created.id;
  assert.equal(id, 4);
  // The refusal names the contact that exists, in words and (checked by the SDK against the
  // tool's output schema) in structuredContent.
  const duplicate = await fails('create_a_contact', { check_duplicate: true, first_name: 'ada', last_name: 'LOVELACE',
    owner_id: 1, company_id: 2, emails: [{ email: 'ada@analytical.example', is_primary: true }] },
  /HTTP 409.*duplicate of the existing record 4/);
  assert.deepEqual(duplicate.structuredContent, { duplicate_of: 4 });
});

test('emails: a new primary demotes the old, deleting the primary promotes another', async () => {
  const second = await call('create_a_contact_email', { contact_id: id, email: 'ada@home.example', is_primary: true });
  let emails = (await call('list_contact_emails', { contact_id: id, ...page })).items;
  assert.deepEqual(emails.map((e) => [e.email, e.is_primary]), [['ada@analytical.example', false], ['ada@home.example', true]]);
  await call('update_a_contact_email', { contact_id: id, id: emails[0].id, email: 'ada@engine.example' });
  assert.equal((await call('get_a_contact_email', { contact_id: id, id: emails[0].id })).email, 'ada@engine.example');
  await call('delete_a_contact_email', { contact_id: id, id: second.id });
  emails = (await call('list_contact_emails', { contact_id: id, ...page })).items;
  assert.deepEqual(emails.map((e) => [e.email, e.is_primary]), [['ada@engine.example', true]]);
});

test('phones with types, fixed slots on the record', async () => {
  const work = await call('create_a_contact_phone', { contact_id: id, number: '+442079460000', type: 'work', extension: '7' });
  const mobile = await call('create_a_contact_phone', { contact_id: id, number: '+447700900123', type: 'mobile' });
  await fails('create_a_contact_phone', { contact_id: id, number: '07700900123', type: 'mobile' }, /pattern/);
  await call('update_a_contact_phone', { contact_id: id, id: mobile.id, type: 'home' });
  assert.equal((await call('get_a_contact_phone', { contact_id: id, id: mobile.id })).type, 'home');
  assert.equal((await call('lis_contact_phones', { contact_id: id, ...page })).count, 2);
  const record = await call('get_a_contact', { id });
  assert.deepEqual(record.phones, { work: '+442079460000', cell: null, other: '+447700900123' });
  await call('delete_a_contact_phone', { contact_id: id, id: work.id });
});

test('tags: attach keeps, replace replaces, delete detaches', async () => {
  await call('attach_contact_tags', { contact_id: id, tags: [1, 2] });
  await call('attach_contact_tags', { contact_id: id, tags: [{ id: 4 }] });
  assert.deepEqual((await call('list_all_contact_tags', { contact_id: id, ...page })).items.map((t) => t.id), [1, 2, 4]);
  await call('replace_contact_tags', { contact_id: id, tags: [3, 5] });
  await call('delete_contact_tag', { contact_id: id, tag_id: 5 });
  assert.deepEqual((await call('list_all_contact_tags', { contact_id: id, ...page })).items.map((t) => t.id), [3]);
  await fails('attach_contact_tags', { contact_id: id, tags: [99] }, /Tag 99 does not exist/);
});

test('lists: items have their own ids and embed the contact', async () => {
  const list = await call('create_a_contact_list', { name: 'Analysts', notes: 'London' });
  const item = await call('create_contact_list_items', { id: list.id, items: [{ contact_id: id }, { contact_id: 2 }] });
  const items = (await call('list_all_contact_list_items', { id: list.id, ...page })).items;
  assert.deepEqual(items.map((i) => i.contact_id), [id, 2]);
  assert.equal(item.id, items[0].id);
  assert.equal((await call('get_a_contact_list_item', { list_id: list.id, item_id: items[0].id }))._embedded.contact.first_name, 'Ada');
  await call('delete_a_contact_list_item', { list_id: list.id, item_id: items[1].id });
  assert.equal((await call('list_all_contact_list_items', { id: list.id, ...page })).total, 1);
  const doomed = await call('create_a_contact_list', { name: 'Temporary' });
  await call('delete_a_contact_list', { id: doomed.id });
});

test('custom fields are checked against their definitions', async () => {
  await call('update_a_contact_custom_field', { contact_id: id, custom_field_id: 2, value: 'Europe' });
  await call('update_a_contact_custom_field', { contact_id: id, custom_field_id: 3, value: 'true' });
  await fails('update_a_contact_custom_field', { contact_id: id, custom_field_id: 2, value: 'Mars' }, /North America/);
  assert.equal((await call('get_a_contact_custom_field_value', { contact_id: id, custom_field_id: 3 })).value, true);
  const values = (await call('list_contact_custom_field_values', { id, ...page })).items;
  assert.equal(values.find((v) => v.id === 2).value, 'Europe');
});

test('status change with triggers logs an activity', async () => {
  await fails('change_contact_status', { id, create_activity: true, status_id: 2, triggers: [{ id: 1, fire: true }] },
              /every trigger/);
  await call('change_contact_status', { id, create_activity: true, status_id: 2,
                                        triggers: [{ id: 1, fire: true }, { id: 2, fire: false }] });
  await call('create_a_contact_activity', { id, type: 'call_talked', notes: 'Discussed the role' });
  const activities = (await call('list_contact_activities', { id, ...page })).items;
  assert.equal(activities.length, 2);
  assert.ok(activities.some((a) => /Status changed to Contacted/.test(a.notes)));
  assert.equal((await call('get_a_contact', { id })).status_id, 2);
});

test('upload an attachment and use it as the thumbnail', async () => {
  const bytes = Buffer.from('%PDF-1.4 fake resume');
  const att = await call('upload_a_contact_attachment', { id, filename: 'resume.pdf', content_base64: bytes.toString('base64') });
  const listed = (await call('list_contact_attachments', { id, ...page })).items;
  assert.equal(listed[0].filename, 'resume.pdf');
  assert.equal(listed[0].id, att.id);
  await call('change_a_contact_thumbnail', { id, source: 'attachment', attachment_id: att.id });
  const thumb = await call('get_a_contact_thumbnail', { id });
  assert.equal(thumb.attachment_id, att.id);
  await fails('change_a_contact_thumbnail', { id: 2, source: 'attachment', attachment_id: att.id }, /does not belong/);
});

test('search and filter find her; update changes only what is given', async () => {
  assert.deepEqual((await call('search_contacts', { query: 'lovelace', ...page })).items.map((c) => c.id), [id]);
  const filtered = await call('filter_contacts', { query: '', ...page, field: 'address.city', filter: 'contains', value: 'London Paris' });
  assert.deepEqual(filtered.items.map((c) => c.id), [2, id]);
  await call('update_a_contact', { id, title: 'Countess', is_hot: true });
  const record = await call('get_a_contact', { id });
  assert.equal(record.title, 'Countess');
  assert.equal(record.first_name, 'Ada');
  assert.equal(record.address.city, 'London');
});

test('every one of the 44 tools was used', async () => {
  const { tools } = await client.listTools();
  const missing = tools.map((t) => t.name.replace('cats_contacts_', '')).filter((n) => !used.has(n) && n !== 'delete_a_contact');
  assert.deepEqual(missing, []);
});

test('the data is still there after a restart, and delete removes it', async () => {
  await disconnect();
  await connect();
  const record = await call('get_a_contact', { id });
  assert.equal(record.title, 'Countess');
  await call('delete_a_contact', { id });
  await fails('get_a_contact', { id }, /HTTP 404/);
});
