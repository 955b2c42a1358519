import { once } from 'node:events';
import { createServer, type Server, type Socket } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { Http1Agent, type OutgoingRequest } from '../../src/http/agent.ts';
import { encodeRequestHead } from '../../src/http/request-head.ts';

/** A raw TCP server: `onRequest` gets each request head (as text) and the socket, and answers by hand. */
async function rawServer(onRequest: (head: string, socket: Socket, index: number) => void): Promise<{
  origin: string;
  server: Server;
  connections: Socket[];
}> {
  const connections: Socket[] = [];
  let index = 0;
  const server = createServer((socket) => {
    connections.push(socket);
    let pending = '';
    socket.on('data', (chunk) => {
      pending += chunk.toString('latin1');
      let end: number;
      while ((end = pending.indexOf('\r\n\r\n')) !== -1) {
        const head = pending.slice(0, end);
        const length = Number(/content-length: (\d+)/i.exec(head)?.[1] ?? 0);
        if (pending.length < end + 4 + length) return;
        pending = pending.slice(end + 4 + length);
        onRequest(head, socket, index++);
      }
    });
    socket.on('error', () => {});
  });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const { port } = server.address() as { port: number };
  servers.push(server);
  return { origin: `http://127.0.0.1:${port}`, server, connections };
}

const servers: Server[] = [];
const agents: Http1Agent[] = [];
afterEach(async () => {
  for (const agent of agents.splice(0)) await agent.destroy();
  for (const server of servers.splice(0)) {
    server.close();
    await once(server, 'close');
  }
});

function agent(options?: ConstructorParameters<typeof Http1Agent>[0]): Http1Agent {
  const a = new Http1Agent(options);
  agents.push(a);
  return a;
}

const get = (origin: string, path = '/', method = 'GET'): OutgoingRequest => ({
  origin,
  path,
  method,
  headers: undefined,
  body: undefined,
});

const OK = 'HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok';

describe('Http1Agent', () => {
  it('keeps one connection alive for requests in sequence and opens more only for concurrent ones', async () => {
    const { origin, connections } = await rawServer((_, socket) => socket.write(OK));
    const client = agent();
    for (let i = 0; i < 5; i++) expect((await client.send(get(origin), 1000)).body.toString()).toBe('ok');
    expect(connections).toHaveLength(1);
    await Promise.all([1, 2, 3].map(() => client.send(get(origin), 1000)));
    expect(connections).toHaveLength(3);
    expect(client.openConnections).toBe(3);
  });

  it('retries an idempotent request once when a reused connection was closed by the server', async () => {
    const { origin, connections } = await rawServer((head, socket, index) => {
      // The second request arrives on a connection the server has just given up on.
      if (index === 1) socket.destroy();
      else socket.write(OK);
    });
    const client = agent();
    await client.send(get(origin), 1000);
    const again = await client.send(get(origin), 1000);
    expect(again.statusCode).toBe(200);
    expect(connections).toHaveLength(2);
  });

  it('does not retry a POST on a closed connection: it fails, naming the cause', async () => {
    const { origin } = await rawServer((head, socket, index) => {
      if (index === 1) socket.destroy();
      else socket.write(OK);
    });
    const client = agent();
    await client.send(get(origin), 1000);
    await expect(client.send({ ...get(origin, '/', 'POST'), body: 'x' }, 1000)).rejects.toMatchObject({
      code: 'ECONNCLOSED',
      message: 'connection closed by peer before responding',
    });
  });

  it('reads a close-delimited body to the end', async () => {
    const { origin, connections } = await rawServer((_, socket) => {
      socket.write('HTTP/1.1 200 OK\r\n\r\nuntil ');
      setTimeout(() => socket.end('the end'), 20);
    });
    const client = agent();
    expect((await client.send(get(origin), 1000)).body.toString()).toBe('until the end');
    await client.send(get(origin), 1000);
    expect(connections).toHaveLength(2);
  });

  it('times a request out, closes its connection and keeps working', async () => {
    const { origin, connections } = await rawServer((head, socket) => {
      if (!head.includes('/slow')) socket.write(OK);
    });
    const client = agent();
    const started = performance.now();
    await expect(client.send(get(origin, '/slow'), 100)).rejects.toMatchObject({ name: 'TimeoutError' });
    expect(performance.now() - started).toBeGreaterThanOrEqual(99);
    await once(connections[0]!, 'close');
    expect((await client.send(get(origin), 1000)).statusCode).toBe(200);
  });

  it('queues requests beyond the connection limit and counts the wait as blocked', async () => {
    const { origin, connections } = await rawServer((_, socket) => setTimeout(() => socket.write(OK), 30));
    const client = agent({ connections: 1 });
    const results = await Promise.all([1, 2].map(() => client.send(get(origin), 1000)));
    expect(connections).toHaveLength(1);
    expect(results[1]!.timings.blockedUs).toBeGreaterThanOrEqual(25_000);
  });

  it('drops a connection that sends bytes no request asked for, and an invalid response fails its request', async () => {
    const { origin, connections } = await rawServer((head, socket) => {
      if (head.includes('/garbage')) socket.write('garbage\r\n\r\n');
      else socket.write(`${OK}EXTRA`);
    });
    const client = agent();
    expect((await client.send(get(origin), 1000)).body.toString()).toBe('ok');
    await client.send(get(origin), 1000);
    expect(connections).toHaveLength(2);
    await expect(client.send(get(origin, '/garbage'), 1000)).rejects.toMatchObject({ code: 'HPE_INVALID' });
  });

  it('rejects what is in flight or waiting when destroyed, and everything after', async () => {
    const { origin } = await rawServer(() => {});
    const client = new Http1Agent({ connections: 1 });
    const inFlight = client.send(get(origin), 5000);
    const waiting = client.send(get(origin), 5000);
    await new Promise((r) => setTimeout(r, 20));
    await client.destroy();
    await expect(inFlight).rejects.toMatchObject({ code: 'EDESTROYED' });
    await expect(waiting).rejects.toMatchObject({ code: 'EDESTROYED' });
    await expect(client.send(get(origin), 1000)).rejects.toMatchObject({ code: 'EDESTROYED' });
  });

  it('refuses a connection attempt with the system error', async () => {
    const { origin, server } = await rawServer(() => {});
    servers.splice(servers.indexOf(server), 1);
    server.close();
    await once(server, 'close');
    await expect(agent().send(get(origin), 1000)).rejects.toMatchObject({ code: 'ECONNREFUSED' });
  });
});

describe('encodeRequestHead (RFC 9112 request line and fields)', () => {
  it('adds Host, User-Agent and Content-Length; replaces a given Content-Length', () => {
    expect(
      encodeRequestHead({
        origin: 'http://example.test:8080',
        path: '/a?b=1',
        method: 'POST',
        headers: { 'Content-Type': 'application/json', 'Content-Length': '999' },
        body: '{"é":1}',
      }),
    ).toBe(
      'POST /a?b=1 HTTP/1.1\r\nContent-Type: application/json\r\nhost: example.test:8080\r\n' +
        'user-agent: perflab/0.1.0\r\ncontent-length: 8\r\n\r\n',
    );
    expect(
      encodeRequestHead({
        ...get('https://x.test'),
        method: 'PUT',
        headers: { Host: 'y', 'User-Agent': 'me' },
      }),
    ).toBe('PUT / HTTP/1.1\r\nHost: y\r\nUser-Agent: me\r\ncontent-length: 0\r\n\r\n');
  });

  it('refuses header injection and invalid names, methods and paths, naming them', () => {
    const bad = (request: Partial<OutgoingRequest>, message: RegExp) =>
      expect(() => encodeRequestHead({ ...get('http://x.test'), ...request })).toThrow(message);
    bad({ headers: { 'x-a': 'ok\r\nx-injected: 1' } }, /invalid value of header x-a/);
    bad({ headers: { 'bad name': 'v' } }, /invalid header name "bad name"/);
    bad({ method: 'GE T' }, /invalid HTTP method/);
    bad({ path: '/a b' }, /invalid request path "\/a b"/);
  });
});

describe('Http1Agent under a burst', () => {
  it('bounds connects under way: a burst reuses connections as they free up instead of opening one each', async () => {
    const { origin, connections } = await rawServer((_, socket) => socket.write(OK));
    const client = agent({ maxPendingConnects: 1 });
    const results = await Promise.all(Array.from({ length: 50 }, () => client.send(get(origin), 5000)));
    expect(results.every((r) => r.statusCode === 200)).toBe(true);
    expect(connections.length).toBeLessThan(50);
    // Those that waited for a free connection show it as blocked, not connecting.
    expect(results.filter((r) => r.timings.connectingUs === 0).length).toBe(50 - connections.length);
  });
});
