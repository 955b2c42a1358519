/**
 * Turns what went wrong with a request into a stable label, so failures group by
 * cause rather than by incidental detail. Network errors are named by their
 * system code (one `ECONNREFUSED` group per target, however many requests).
 */

const NETWORK_NAMES: Record<string, string> = {
  ECONNREFUSED: 'connection refused',
  ECONNRESET: 'connection reset by peer',
  EPIPE: 'connection closed while sending (EPIPE)',
  ETIMEDOUT: 'connect timed out',
  ENOTFOUND: 'host name not found (DNS)',
  EAI_AGAIN: 'DNS lookup failed temporarily',
  EHOSTUNREACH: 'host unreachable',
  ENETUNREACH: 'network unreachable',
  EADDRNOTAVAIL: 'local address not available (ephemeral ports exhausted?)',
  ECONNCLOSED: 'connection closed by peer',
  EDESTROYED: 'client closed',
};

/** Label for an HTTP response that counts as a failure: `HTTP 404 Not Found`. */
export function httpErrorLabel(status: number, statusText?: string): string {
  return statusText ? `HTTP ${status} ${statusText}` : `HTTP ${status}`;
}

/** Label for a request that got no response: `ECONNREFUSED connection refused (connect 127.0.0.1:9)`. */
export function networkErrorLabel(error: unknown): string {
  const err = rootCause(error);
  const code = typeof err.code === 'string' ? err.code : undefined;
  if (err.name === 'TimeoutError') return 'request timed out';
  if (code) {
    const where = typeof err.address === 'string' ? ` (${err.address}${err.port ? `:${err.port}` : ''})` : '';
    return `${code} ${NETWORK_NAMES[code] ?? err.message}${where}`;
  }
  return `${err.name || 'Error'}: ${err.message}`;
}

interface ErrorLike {
  name: string;
  message: string;
  code?: unknown;
  address?: unknown;
  port?: unknown;
  cause?: unknown;
}

/** Wrapped errors (`fetch failed` → cause → AggregateError): the innermost with a code names the problem. */
function rootCause(error: unknown): ErrorLike {
  let current = asErrorLike(error);
  for (let depth = 0; depth < 5; depth++) {
    if (typeof current.code === 'string') return current;
    const inner = current instanceof AggregateError ? current.errors[0] : current.cause;
    if (inner === undefined) return current;
    current = asErrorLike(inner);
  }
  return current;
}

function asErrorLike(value: unknown): ErrorLike {
  if (value instanceof Error) return value as ErrorLike;
  return { name: 'Error', message: String(value) };
}
