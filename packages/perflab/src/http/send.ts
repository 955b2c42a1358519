import { performance } from 'node:perf_hooks';
import type { Dispatcher } from 'undici';

/** What {@link sendRequest} sends. */
export interface OutgoingRequest {
  origin: string;
  /** Path with query. */
  path: string;
  method: string;
  headers: Record<string, string> | undefined;
  body: string | Uint8Array | undefined;
}

/** A response as read off the wire: status, raw header pairs, the whole body. */
export interface RawResponse {
  statusCode: number;
  /** Header names and values, alternating, as undici hands them over. */
  rawHeaders: Buffer[];
  body: Buffer;
  /** µs from sending to the response headers. */
  ttfbUs: number;
}

const TIMED_OUT = new DOMException('request timed out', 'TimeoutError');
const EMPTY = Buffer.alloc(0);

/**
 * Sends one request through undici's low-level `dispatch` API and reads the whole
 * body: no Readable stream, no AbortController — one promise, one handler object
 * and one timer per request (the hot path of every VU). The timer aborts the
 * request after `timeoutMs`, exact to the millisecond.
 * @param start performance.now() when the request was issued (for the time to first byte)
 * @throws (rejects with) undici's error, or a DOMException named `TimeoutError`
 */
export function sendRequest(
  transport: Dispatcher,
  request: OutgoingRequest,
  timeoutMs: number,
  start: number,
): Promise<RawResponse> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let statusCode = 0;
    let rawHeaders: Buffer[] = [];
    let ttfbUs = 0;
    let abort: ((reason?: Error) => void) | undefined;
    let timedOut = false;
    const timer = setTimeout(() => {
      timedOut = true;
      abort?.(TIMED_OUT as unknown as Error);
    }, timeoutMs);
    const handler: Dispatcher.DispatchHandler = {
      onConnect(abortRequest) {
        abort = abortRequest;
        if (timedOut) abortRequest(TIMED_OUT as unknown as Error);
      },
      onHeaders(status, headers) {
        statusCode = status;
        rawHeaders = headers as unknown as Buffer[];
        ttfbUs = (performance.now() - start) * 1000;
        return true;
      },
      onData(chunk) {
        chunks.push(chunk);
        return true;
      },
      onComplete() {
        clearTimeout(timer);
        const body = chunks.length === 0 ? EMPTY : chunks.length === 1 ? chunks[0]! : Buffer.concat(chunks);
        resolve({ statusCode, rawHeaders, body, ttfbUs });
      },
      onError(error) {
        clearTimeout(timer);
        reject(timedOut ? TIMED_OUT : error);
      },
    };
    transport.dispatch(
      {
        origin: request.origin,
        path: request.path,
        method: request.method,
        headers: request.headers,
        body: request.body,
      },
      handler,
    );
  });
}

/** Parses alternating raw header pairs into an object (lower-case names; repeated ones as arrays). */
export function headersObject(raw: Buffer[]): Record<string, string | string[]> {
  const out: Record<string, string | string[]> = {};
  for (let i = 0; i + 1 < raw.length; i += 2) {
    const name = raw[i]!.toString('latin1').toLowerCase();
    const value = raw[i + 1]!.toString('latin1');
    const existing = out[name];
    if (existing === undefined) out[name] = value;
    else if (Array.isArray(existing)) existing.push(value);
    else out[name] = [existing, value];
  }
  return out;
}

/** The values of every `set-cookie` header, without building the whole header object. */
export function setCookieValues(raw: Buffer[]): string[] | undefined {
  let values: string[] | undefined;
  for (let i = 0; i + 1 < raw.length; i += 2) {
    const name = raw[i]!;
    if (name.length === 10 && name.toString('latin1').toLowerCase() === 'set-cookie') {
      (values ??= []).push(raw[i + 1]!.toString('latin1'));
    }
  }
  return values;
}
