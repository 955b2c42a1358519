import type { OutgoingRequest } from './agent.ts';

/** `User-Agent` sent unless the request sets its own. */
export const USER_AGENT = 'perflab/0.1.0';

/** RFC 9110 §5.6.2 token characters: what a method or a header name may contain. */
const TOKEN = /^[!#$%&'*+\-.^_`|~0-9A-Za-z]+$/;
/** Field values may not contain CR, LF or NUL (RFC 9110 §5.5): they would split the message. */
const UNSAFE_VALUE = /[\r\n\0]/;
/** Request-target characters: visible ASCII; anything else must be percent-encoded. */
const UNSAFE_TARGET = /[^\x21-\x7e]/;

/** Methods whose requests carry `content-length: 0` when they have no body (as undici and curl do). */
const EXPECTS_BODY = new Set(['POST', 'PUT', 'PATCH']);

/**
 * The request line and header section of an HTTP/1.1 request (RFC 9112 §3, §5),
 * ending in the blank line: `Host` from the origin unless given, `User-Agent`
 * unless given, `Content-Length` computed from the body (a given one is
 * replaced; `Transfer-Encoding` is never sent).
 * @param host the `Host` value for the origin (`host[:port]`, as `URL.host` gives it)
 * @throws TypeError naming the method, path or header that is not valid in an HTTP/1.1 message
 */
export function encodeRequestHead(request: OutgoingRequest, host = new URL(request.origin).host): string {
  const { method, path, headers, body } = request;
  if (!TOKEN.test(method)) throw new TypeError(`invalid HTTP method ${JSON.stringify(method)}`);
  if (path.length === 0 || UNSAFE_TARGET.test(path)) {
    throw new TypeError(
      `invalid request path ${JSON.stringify(path)} (spaces and non-ASCII must be percent-encoded)`,
    );
  }
  let head = `${method} ${path} HTTP/1.1\r\n`;
  let hasHost = false;
  let userAgent = false;
  if (headers !== undefined) {
    for (const name in headers) {
      const value = headers[name]!;
      if (!TOKEN.test(name)) throw new TypeError(`invalid header name ${JSON.stringify(name)}`);
      if (UNSAFE_VALUE.test(value))
        throw new TypeError(`invalid value of header ${name}: contains CR, LF or NUL`);
      const lower =
        name.length === 4 || name.length === 10 || name.length === 14 || name.length === 17
          ? name.toLowerCase()
          : '';
      if (lower === 'content-length' || lower === 'transfer-encoding') continue;
      if (lower === 'host') hasHost = true;
      else if (lower === 'user-agent') userAgent = true;
      head += `${name}: ${value}\r\n`;
    }
  }
  if (!hasHost) head += `host: ${host}\r\n`;
  if (!userAgent) head += `user-agent: ${USER_AGENT}\r\n`;
  if (body !== undefined) {
    head += `content-length: ${typeof body === 'string' ? Buffer.byteLength(body) : body.byteLength}\r\n`;
  } else if (EXPECTS_BODY.has(method)) {
    head += 'content-length: 0\r\n';
  }
  return head + '\r\n';
}
