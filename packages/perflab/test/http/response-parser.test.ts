import { describe, expect, it } from 'vitest';
import { HttpParseError, ResponseParser } from '../../src/http/response-parser.ts';

/** Feeds `wire` to a fresh parser for `method`, split at the given offsets; returns the parser and bytes used. */
function parse(
  wire: string,
  method = 'GET',
  splits: number[] = [],
): { parser: ResponseParser; used: number } {
  const bytes = Buffer.from(wire, 'latin1');
  const parser = new ResponseParser();
  parser.reset(method);
  let used = 0;
  let from = 0;
  for (const to of [...splits, bytes.length]) {
    // A reused read buffer: stale bytes after the read must not be looked at.
    const buf = Buffer.alloc(bytes.length + 16, 'x\r\n\r\n');
    bytes.copy(buf, 0, from, to);
    const end = parser.feed(buf, 0, to - from);
    used += end;
    from = to;
    if (parser.done) break;
  }
  return { parser, used };
}

/** Every way of splitting `wire` in two and in three pieces gives the same outcome. */
function everySplit(wire: string, check: (parser: ResponseParser) => void, method = 'GET'): void {
  for (let i = 0; i <= wire.length; i++) {
    check(parse(wire, method, [i]).parser);
    for (let j = i; j <= wire.length; j += 7) check(parse(wire, method, [i, j]).parser);
  }
}

describe('ResponseParser (RFC 9112 message framing)', () => {
  it('reads a Content-Length body, split anywhere', () => {
    const wire = 'HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nContent-Length: 6\r\n\r\nhello\n';
    everySplit(wire, (p) => {
      expect(p.done).toBe(true);
      expect(p.statusCode).toBe(200);
      expect(p.rawHeaders).toEqual(['Content-Type', 'text/plain', 'Content-Length', '6']);
      expect(p.body().toString()).toBe('hello\n');
      expect(p.keepAlive).toBe(true);
    });
  });

  it('reads a chunked body with extensions and trailers, split anywhere', () => {
    const wire =
      'HTTP/1.1 201 Created\r\nTransfer-Encoding: chunked\r\n\r\n' +
      '5;name=x\r\nhello\r\n1\r\n \r\nA\r\n0123456789\r\n0\r\nX-Trailer: 1\r\n\r\n';
    everySplit(wire, (p) => {
      expect(p.done).toBe(true);
      expect(p.statusCode).toBe(201);
      expect(p.body().toString()).toBe('hello 0123456789');
    });
  });

  it('skips interim 1xx responses', () => {
    const wire = 'HTTP/1.1 100 Continue\r\n\r\nHTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok';
    everySplit(wire, (p) => {
      expect(p.statusCode).toBe(200);
      expect(p.body().toString()).toBe('ok');
    });
  });

  it('expects no body after HEAD, 204 and 304 whatever Content-Length says', () => {
    expect(parse('HTTP/1.1 200 OK\r\nContent-Length: 99\r\n\r\n', 'HEAD').parser.done).toBe(true);
    expect(parse('HTTP/1.1 204 No Content\r\n\r\n').parser.done).toBe(true);
    expect(parse('HTTP/1.1 304 Not Modified\r\nContent-Length: 10\r\n\r\n').parser.done).toBe(true);
  });

  it('reads a body without framing until the connection closes, and never reuses that connection', () => {
    const { parser } = parse('HTTP/1.1 200 OK\r\n\r\npart one, ');
    expect(parser.done).toBe(false);
    expect(parser.readsUntilClose).toBe(true);
    parser.feed(Buffer.from('part two'), 0, 8);
    parser.end();
    expect(parser.done).toBe(true);
    expect(parser.body().toString()).toBe('part one, part two');
    expect(parser.keepAlive).toBe(false);
  });

  it('honours Connection: close and HTTP/1.0 keep-alive rules', () => {
    expect(parse('HTTP/1.1 200 OK\r\nConnection: close\r\nContent-Length: 0\r\n\r\n').parser.keepAlive).toBe(
      false,
    );
    expect(parse('HTTP/1.0 200 OK\r\nContent-Length: 0\r\n\r\n').parser.keepAlive).toBe(false);
    expect(
      parse('HTTP/1.0 200 OK\r\nConnection: keep-alive\r\nContent-Length: 0\r\n\r\n').parser.keepAlive,
    ).toBe(true);
  });

  it('stops at the end of the response and reports where', () => {
    const wire = 'HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nokSTRAY';
    const { parser, used } = parse(wire);
    expect(parser.done).toBe(true);
    expect(used).toBe(wire.length - 'STRAY'.length);
  });

  it('rejects malformed responses with a message naming the problem', () => {
    const bad = (wire: string, message: RegExp) => expect(() => parse(wire)).toThrow(message);
    bad('SSH-2.0-OpenSSH\r\n\r\n', /not an HTTP\/1.x status line/);
    bad('HTTP/1.1 2x0 OK\r\n\r\n', /bad status code/);
    bad('HTTP/1.1 200 OK\r\nno colon here\r\n\r\n', /malformed header line/);
    bad('HTTP/1.1 200 OK\r\nContent-Length: -1\r\n\r\n', /bad content-length/);
    bad('HTTP/1.1 200 OK\r\nContent-Length: 1\r\nContent-Length: 2\r\n\r\n', /bad content-length/);
    bad('HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\n', /bad chunk size/);
    bad('HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n2\r\nabc\r\n', /longer than its size/);
    expect(() => parse(`HTTP/1.1 200 OK\r\nX: ${'a'.repeat(70_000)}`)).toThrow(HttpParseError);
  });

  it('reports a connection closed mid-response', () => {
    const { parser } = parse('HTTP/1.1 200 OK\r\nContent-Length: 10\r\n\r\nshort');
    expect(() => parser.end()).toThrow(/closed in the middle of the response/);
    const fresh = new ResponseParser();
    fresh.reset('GET');
    expect(() => fresh.end()).toThrow(/no response/);
  });
});
