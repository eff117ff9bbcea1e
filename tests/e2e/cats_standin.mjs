// A recording stand-in for CATS v3 in Node, for the SDK end-to-end tests: it answers like
// CATS (HAL records and pages, 201 + Location, 204) and remembers every request.
import http from 'node:http';

export async function startCatsStandin(override) {
  const requests = [];
  const server = http.createServer((req, res) => {
    const chunks = [];
    req.on('data', (c) => chunks.push(c));
    req.on('end', () => {
      const url = new URL(req.url, 'http://standin');
      const path = url.pathname.replace(/^\/v3/, '');
      const record = { method: req.method, path, query: Object.fromEntries(url.searchParams), headers: req.headers,
                       body: Buffer.concat(chunks) };
      requests.push(record);
      const answer = (override && override(record)) || defaultAnswer(record);
      res.writeHead(answer.status, { 'Content-Type': 'application/json', 'X-Rate-Limit-Limit': '500',
                                     'X-Rate-Limit-Remaining': '498', ...(answer.headers || {}) });
      res.end(answer.body ?? '');
    });
  });
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address();
  return { baseUrl: `http://127.0.0.1:${port}/v3`, requests, close: () => new Promise((r) => server.close(r)) };
}

function defaultAnswer({ method, path }) {
  const last = path.split('/').pop();
  if (method === 'PUT' || method === 'DELETE' || (method === 'POST' && (last === 'tags' || last === 'status'))) {
    return { status: 204 };
  }
  if (method === 'POST' && path !== '/contacts/search') {
    return { status: 201, headers: { Location: `https://api.catsone.com/v3${path}/321` } };
  }
  if (/^\d+$/.test(last) && path !== '/contacts/search') {
    return { status: 200, body: JSON.stringify({ id: Number(last), first_name: 'Ada', _links: { self: { href: path } } }) };
  }
  const key = path === '/contacts/search' ? 'contacts' : last;
  return {
    status: 200,
    body: JSON.stringify({
      count: 2, total: 3,
      _links: { self: { href: `${path}?page=1&per_page=2` }, next: { href: `${path}?page=2&per_page=2` } },
      _embedded: { [key]: [{ id: 1, _links: {} }, { id: 2 }] },
    }),
  };
}
