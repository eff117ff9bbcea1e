// The peer the CATS benchmark measures us against: an MCP server written the way the official
// TypeScript SDK (1.32.2) documents a stateless Streamable HTTP server (a fresh McpServer and
// transport per POST), with one tool, cats_contacts_get_a_contact, that proxies to CATS with
// fetch, as a Node server on that SDK would. Not a product: bench/cats_bench.sh starts it.
//   CATS_API_BASE_URL=http://127.0.0.1:P/v3 CATS_API_KEY=k node server.mjs PORT
import { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import { StreamableHTTPServerTransport } from '@modelcontextprotocol/sdk/server/streamableHttp.js';
import { createMcpExpressApp } from '@modelcontextprotocol/sdk/server/express.js';
import * as z from 'zod/v4';

const base = process.env.CATS_API_BASE_URL;
const key = process.env.CATS_API_KEY ?? 'bench';
const port = Number(process.argv[2] ?? 18940);

function makeServer() {
  const server = new McpServer({ name: 'node-peer', version: '1.0.0' });
  server.registerTool('cats_contacts_get_a_contact', {
    description: 'Get a contact',
    inputSchema: { id: z.number().int().describe('The contact ID') },
  }, async ({ id }) => {
    const response = await fetch(`${base}/contacts/${id}`, { headers: { Authorization: `Token ${key}` } });
    const contact = await response.json();
    if (!response.ok) return { isError: true, content: [{ type: 'text', text: `CATS answered ${response.status}` }] };
    return { content: [{ type: 'text', text: JSON.stringify(contact) }], structuredContent: contact };
  });
  return server;
}

const app = createMcpExpressApp();
app.post('/mcp', async (req, res) => {
  const server = makeServer();
  const transport = new StreamableHTTPServerTransport({ sessionIdGenerator: undefined });
  res.on('close', () => {
    transport.close();
    server.close();
  });
  await server.connect(transport);
  await transport.handleRequest(req, res, req.body);
});
app.listen(port, '127.0.0.1', () => console.error(`listening ${port}`));
