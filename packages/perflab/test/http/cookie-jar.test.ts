import { once } from 'node:events';
import { createServer, type Server } from 'node:http';
import { request } from 'undici';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createCookieJar, type VuCookieJar } from '../../src/http/cookie-jar.ts';

describe('cookie jar against a real server', () => {
  let server: Server;
  let base: string;

  beforeAll(async () => {
    server = createServer((req, res) => {
      if (req.url === '/login') {
        res.setHeader('set-cookie', ['session=s3cr3t; Path=/; HttpOnly', 'theme=dark; Path=/; Max-Age=3600']);
        res.end('logged in');
      } else if (req.url === '/logout') {
        res.setHeader('set-cookie', 'session=; Path=/; Max-Age=0');
        res.end('bye');
      } else if (req.url === '/me') {
        res.end(req.headers.cookie ?? '(no cookie)');
      } else {
        res.statusCode = 404;
        res.end();
      }
    });
    server.listen(0, '127.0.0.1');
    await once(server, 'listening');
    const { port } = server.address() as { port: number };
    base = `http://127.0.0.1:${port}`;
  });

  afterAll(async () => {
    server.closeAllConnections();
    server.close();
    await once(server, 'close');
  });

  /** GET `path` as the VU owning `jar`: sends its cookies, stores the response's. Returns the body. */
  async function get(jar: VuCookieJar, path: string): Promise<string> {
    const url = `${base}${path}`;
    const cookie = jar.cookieHeader(url);
    const response = await request(url, { headers: cookie === undefined ? {} : { cookie } });
    jar.store(url, response.headers['set-cookie']);
    return response.body.text();
  }

  it('keeps the session from /login and sends it to /me; Max-Age=0 on /logout deletes it', async () => {
    const jar = createCookieJar();
    expect(await get(jar, '/me')).toBe('(no cookie)');
    expect(jar.cookieHeader(`${base}/me`)).toBeUndefined();
    expect(await get(jar, '/login')).toBe('logged in');
    expect(await get(jar, '/me')).toBe('session=s3cr3t; theme=dark');
    await get(jar, '/logout');
    expect(await get(jar, '/me')).toBe('theme=dark');
  });

  it('gives each VU its own cookies, and clear() forgets them', async () => {
    const alice = createCookieJar();
    const bob = createCookieJar();
    await get(alice, '/login');
    expect(await get(bob, '/me')).toBe('(no cookie)');
    expect(await get(alice, '/me')).toBe('session=s3cr3t; theme=dark');
    alice.clear();
    expect(await get(alice, '/me')).toBe('(no cookie)');
  });
});

describe('cookie jar RFC 6265 rules (via tough-cookie)', () => {
  it('Domain cookies reach subdomains; host-only cookies stay on their host; other domains are refused', () => {
    const jar = createCookieJar();
    jar.store('http://api.example.com/login', [
      'wide=1; Domain=example.com',
      'narrow=2',
      'foreign=3; Domain=other.test',
      'suffix=4; Domain=com',
    ]);
    expect(jar.cookieHeader('http://api.example.com/')).toBe('wide=1; narrow=2');
    expect(jar.cookieHeader('http://www.example.com/')).toBe('wide=1');
    expect(jar.cookieHeader('http://example.com/')).toBe('wide=1');
    expect(jar.cookieHeader('http://other.test/')).toBeUndefined();
    expect(jar.cookieHeader('http://notexample.com/')).toBeUndefined();
  });

  it('Path scopes a cookie to that path and below (not to a mere prefix); longer paths come first', () => {
    const jar = createCookieJar();
    jar.store('http://shop.test/admin/login', 'admin=1; Path=/admin');
    jar.store('http://shop.test/', 'site=2; Path=/');
    expect(jar.cookieHeader('http://shop.test/admin')).toBe('admin=1; site=2');
    expect(jar.cookieHeader('http://shop.test/admin/users?page=2')).toBe('admin=1; site=2');
    expect(jar.cookieHeader('http://shop.test/administrator')).toBe('site=2');
    expect(jar.cookieHeader('http://shop.test/')).toBe('site=2');
  });

  it('Expires in the past deletes, in the future keeps; a later Set-Cookie replaces the value', () => {
    const jar = createCookieJar();
    jar.store('http://a.test/', ['old=1', 'kept=1; Expires=Wed, 01 Jan 2200 00:00:00 GMT']);
    jar.store('http://a.test/', ['old=1; Expires=Thu, 01 Jan 1970 00:00:00 GMT', 'kept=2']);
    expect(jar.cookieHeader('http://a.test/')).toBe('kept=2');
  });

  it('Secure cookies go only over HTTPS, except to loopback hosts', () => {
    const jar = createCookieJar();
    jar.store('https://bank.test/', 'token=1; Secure');
    expect(jar.cookieHeader('https://bank.test/')).toBe('token=1');
    expect(jar.cookieHeader('http://bank.test/')).toBeUndefined();
    jar.store('http://127.0.0.1:8080/', 'local=1; Secure');
    expect(jar.cookieHeader('http://127.0.0.1:8080/')).toBe('local=1');
  });

  it('ignores malformed Set-Cookie values and undefined, and throws on a URL that is not absolute', () => {
    const jar = createCookieJar();
    jar.store('http://a.test/', ['=novalue', 'ok=1', '']);
    jar.store('http://a.test/', undefined);
    expect(jar.cookieHeader('http://a.test/')).toBe('ok=1');
    expect(() => jar.cookieHeader('/relative')).toThrow(TypeError);
    expect(() => jar.store('/relative', 'x=1')).toThrow(TypeError);
  });
});
