// The official MCP clients the end-to-end tests drive, chosen by environment:
//   E2E_TRANSPORT = stdio (default) | http
//   E2E_SDK       = v1 (default: @modelcontextprotocol/sdk 1.x, the legacy era)
//                 | v2 (@modelcontextprotocol/client 2.x)
//   E2E_ERA       = with v2: pin (default: pinned to 2026-07-28), auto (mode 'auto'),
//                   legacy (the v2 default, no negotiation)
import { startHttpServer } from './server_process.mjs';

export const MODERN_VERSION = '2026-07-28';
export const transportName = process.env.E2E_TRANSPORT === 'http' ? 'http' : 'stdio';
export const sdkName = process.env.E2E_SDK === 'v2' ? 'v2' : 'v1';
export const eraName = sdkName === 'v1' ? 'legacy' : (process.env.E2E_ERA ?? 'pin');

async function sdk() {
  if (sdkName === 'v2') {
    const main = await import('@modelcontextprotocol/client');
    const stdio = await import('@modelcontextprotocol/client/stdio');
    return { Client: main.Client, Http: main.StreamableHTTPClientTransport, Stdio: stdio.StdioClientTransport,
             onElicit: (client, handler) => client.setRequestHandler('elicitation/create', (request) => handler(request.params)) };
  }
  const { Client } = await import('@modelcontextprotocol/sdk/client/index.js');
  const { StdioClientTransport } = await import('@modelcontextprotocol/sdk/client/stdio.js');
  const { StreamableHTTPClientTransport } = await import('@modelcontextprotocol/sdk/client/streamableHttp.js');
  const { ElicitRequestSchema } = await import('@modelcontextprotocol/sdk/types.js');
  return { Client, Http: StreamableHTTPClientTransport, Stdio: StdioClientTransport,
           onElicit: (client, handler) => client.setRequestHandler(ElicitRequestSchema, (request) => handler(request.params)) };
}

function negotiation() {
  if (eraName === 'pin') return { versionNegotiation: { mode: { pin: MODERN_VERSION } } };
  if (eraName === 'auto') return { versionNegotiation: { mode: 'auto' } };
  return {};
}

// Starts the binary (as a child over stdio, or as an HTTP server) and connects a client to it.
// `onElicit(params)` answers the server's elicitation/create (legacy: a request on the stream;
// modern: an input request the v2 client fulfils and retries with). Returns { client, stop }.
export async function connectClient(binary, env, { name = 'e2e', capabilities = {}, args = [], onElicit } = {}) {
  const { Client, Http, Stdio, onElicit: registerElicit } = await sdk();
  let httpServer;
  let transport;
  if (transportName === 'http') {
    httpServer = await startHttpServer(binary, env, args);
    transport = new Http(new URL(httpServer.url));
  } else {
    transport = new Stdio({ command: binary, args, env, stderr: 'pipe' });
  }
  const client = new Client({ name, version: '1.0.0' }, { capabilities, ...negotiation() });
  if (onElicit) registerElicit(client, onElicit);
  await client.connect(transport);
  return {
    client,
    stop: async () => {
      await client.close();
      await httpServer?.stop();
    },
  };
}

// The era the client negotiated: 'modern' or 'legacy' (v1 knows only legacy).
export function negotiatedEra(client) {
  if (typeof client.getProtocolEra !== 'function') return 'legacy';
  return client.getProtocolEra();
}
