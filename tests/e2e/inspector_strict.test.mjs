// MCP Inspector's --strict schema check over the real binary's tools/list: a `type` written as
// a list (["integer","null"]) is legal JSON Schema but some clients refuse it (Gemini's
// single-type dialect); the Inspector reports each as a portability warning. We serve none.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const binary = process.env.CATS_MCP_BINARY;
const inspector = fileURLToPath(new URL('./node_modules/.bin/mcp-inspector', import.meta.url));

test('MCP Inspector --strict finds no schema portability problem in tools/list', () => {
  assert.ok(binary, 'CATS_MCP_BINARY must point at the server binary');
  const dir = mkdtempSync(join(tmpdir(), 'cats-inspector-'));
  const run = spawnSync(inspector, ['--cli', '--strict', binary, '--db', join(dir, 'sandbox.db'), '--method', 'tools/list'], {
    encoding: 'utf8', timeout: 120_000, env: { ...process.env, CATS_MCP_STATE_DB: join(dir, 'state.db') },
  });
  assert.equal(run.status, 0, run.stderr);
  const tools = JSON.parse(run.stdout).tools;
  assert.equal(tools.length, 44);  // it really listed them
  const warnings = run.stderr.split('\n').filter((line) => /^(Warning|Error):/.test(line));
  assert.deepEqual(warnings, [], run.stderr);
});
