import { STATUS_CODES } from 'node:http';
import { performance } from 'node:perf_hooks';
import { httpErrorLabel, networkErrorLabel } from '../metrics/error-label.ts';
import { createCookieJar, type VuCookieJar } from './cookie-jar.ts';
import type { Sample } from '../metrics/sample.ts';
import { Http1Agent } from './agent.ts';
import { headersObject, setCookieValues } from './response-headers.ts';

/** Options of one request. */
export interface RequestOptions {
  /** Grouping name in the statistics, e.g. `/patient/[id]`; defaults to the path without its query. */
  name?: string;
  headers?: Record<string, string>;
  /** Query parameters appended to the path. */
  query?: Record<string, string | number | boolean>;
  /** Sent as `application/x-www-form-urlencoded`. */
  form?: Record<string, string | number | boolean>;
  /** Sent as `application/json`. */
  json?: unknown;
  /** Raw body. */
  body?: string | Uint8Array;
  /** Overrides the scenario's request timeout, ms: sending to reading the whole body. */
  timeoutMs?: number;
  /** Tags of this request, added to the scenario's (stats and thresholds by tag). */
  tags?: Record<string, string>;
  /**
   * Decides success or failure of a response yourself (Locust `catch_response`):
   * return `true` for success (even a 404), `false` or a message string for a
   * failure (`"validation failed"` when false). Without it, status ≥ 400 is a
   * failure. A throwing validator marks the request failed with its message.
   * Not called when no response arrived (network errors are always failures).
   */
  validate?: (response: HttpResponse) => boolean | string;
}

/** What a request returns. HTTP failures (status ≥ 400) and network errors are returned, never thrown. */
export interface HttpResponse {
  /** HTTP status; 0 when no response arrived. */
  readonly status: number;
  readonly headers: Record<string, string | string[] | undefined>;
  /** Body bytes. */
  readonly bytes: Uint8Array;
  /** Body decoded as UTF-8 (decoded on first read). */
  readonly text: string;
  /** `false` when the request counts as a failure. */
  readonly ok: boolean;
  /** The failure label when `ok` is false. */
  readonly error: string | undefined;
  /** Response time, ms. */
  readonly latencyMs: number;
  /** Parses the body as JSON. @throws SyntaxError when it is not JSON */
  json<T = unknown>(): T;
}

/** A virtual user's HTTP client. Paths are resolved against the run's host. */
export interface HttpClient {
  request(method: string, path: string, options?: RequestOptions): Promise<HttpResponse>;
  get(path: string, options?: RequestOptions): Promise<HttpResponse>;
  post(path: string, options?: RequestOptions): Promise<HttpResponse>;
  put(path: string, options?: RequestOptions): Promise<HttpResponse>;
  patch(path: string, options?: RequestOptions): Promise<HttpResponse>;
  delete(path: string, options?: RequestOptions): Promise<HttpResponse>;
  head(path: string, options?: RequestOptions): Promise<HttpResponse>;
}

/** Thrown out of a request when the run is force-stopped; the VU unwinds without recording a sample. */
export class RunStoppedError extends Error {
  constructor() {
    super('the run was stopped');
    this.name = 'RunStoppedError';
  }
}

/** Shared transport of a run: keep-alive connections per origin, timing each request's k6 phases. */
export function createTransport(): Http1Agent {
  return new Http1Agent();
}

/**
 * Per-VU request context, mutable and shared with the VU runtime: which scenario
 * and tags samples carry, and (open model) the current iteration's lag behind its
 * intended start, added to every latency to correct coordinated omission.
 */
export interface RequestContext {
  scenario: string;
  tags: Readonly<Record<string, string>>;
  /** µs the current iteration started after its intended time (0 in the closed model). */
  lagUs: number;
  /** Open model: also record the raw service time. */
  openModel: boolean;
}

/** Where an HTTP client sends its outcomes and what bounds its requests. */
export interface HttpClientOptions {
  /** Base URL; relative paths are resolved against it. */
  host: string;
  transport: Http1Agent;
  /** Default per-request timeout, ms. */
  timeoutMs: number;
  /** Aborted on a forced stop, when the transport is destroyed: requests failing then are not recorded. */
  stopSignal: AbortSignal;
  /** Receives one sample per request. */
  store: { record(sample: Sample): void };
  /** Scenario, tags and coordinated-omission lag; default: scenario `default`, no tags, closed model. */
  context?: RequestContext;
}

/**
 * Creates a VU's HTTP client on the run's {@link Http1Agent}, with its own cookie
 * jar (created on the first Set-Cookie, so cookie-less services pay nothing).
 * Each request becomes exactly one {@link Sample}: status ≥ 400 and network
 * errors (refused, reset, timeout) are failures; the latency runs from sending
 * to having read the whole body.
 * @throws TypeError when `host` is not a URL
 */
export function createHttpClient(options: HttpClientOptions): HttpClient {
  return new VuHttpClient(options);
}

/** The base URL split once per host (shared by every VU of a run). */
interface Base {
  url: URL;
  origin: string;
  /** Path prefix without a trailing slash. */
  path: string;
}

const bases = new Map<string, Base>();

function baseOf(host: string): Base {
  let base = bases.get(host);
  if (base === undefined) {
    const url = new URL(host);
    base = { url, origin: url.origin, path: url.pathname.replace(/\/$/, '') };
    bases.set(host, base);
  }
  return base;
}

const DEFAULT_CONTEXT: RequestContext = { scenario: 'default', tags: {}, lagUs: 0, openModel: false };

/** A VU's client: methods on the prototype, so ten thousand VUs share one copy of the code. */
class VuHttpClient implements HttpClient {
  private readonly base: Base;
  private readonly context: RequestContext;
  private jar: VuCookieJar | undefined = undefined;

  constructor(private readonly options: HttpClientOptions) {
    this.base = baseOf(options.host);
    this.context = options.context ?? DEFAULT_CONTEXT;
  }

  get(path: string, opts?: RequestOptions): Promise<HttpResponse> {
    return this.request('GET', path, opts);
  }
  post(path: string, opts?: RequestOptions): Promise<HttpResponse> {
    return this.request('POST', path, opts);
  }
  put(path: string, opts?: RequestOptions): Promise<HttpResponse> {
    return this.request('PUT', path, opts);
  }
  patch(path: string, opts?: RequestOptions): Promise<HttpResponse> {
    return this.request('PATCH', path, opts);
  }
  delete(path: string, opts?: RequestOptions): Promise<HttpResponse> {
    return this.request('DELETE', path, opts);
  }
  head(path: string, opts?: RequestOptions): Promise<HttpResponse> {
    return this.request('HEAD', path, opts);
  }

  async request(method: string, path: string, opts: RequestOptions = {}): Promise<HttpResponse> {
    const { options, base, context } = this;
    // Fast path: a relative path without extra query parameters needs no URL object.
    let origin = base.origin;
    let fullPath: string;
    if (path.startsWith('/') && !opts.query) {
      fullPath = base.path + path;
    } else {
      const target = new URL(path.startsWith('/') ? base.path + path : path, base.url);
      if (opts.query)
        for (const [k, v] of Object.entries(opts.query)) target.searchParams.append(k, String(v));
      origin = target.origin;
      fullPath = target.pathname + target.search;
    }
    const name = opts.name ?? (path.startsWith('http') ? new URL(path).pathname : path.split('?')[0]!);
    let headers = opts.headers;
    let body: string | Uint8Array | undefined = opts.body;
    const jar = this.jar;
    if (opts.form !== undefined || opts.json !== undefined || jar) {
      // Header names are case-insensitive: normalise before adding our own.
      headers = {};
      for (const [k, v] of Object.entries(opts.headers ?? {})) headers[k.toLowerCase()] = v;
      if (opts.form) {
        body = new URLSearchParams(Object.entries(opts.form).map(([k, v]) => [k, String(v)])).toString();
        headers['content-type'] ??= 'application/x-www-form-urlencoded';
      } else if (opts.json !== undefined) {
        body = JSON.stringify(opts.json);
        headers['content-type'] ??= 'application/json';
      }
      if (jar && headers.cookie === undefined) {
        const cookie = jar.cookieHeader(origin + fullPath);
        if (cookie) headers.cookie = cookie;
      }
    }
    const startedAt = Date.now();
    const start = performance.now();
    let sample: Omit<Sample, 'latencyUs'>;
    let res: HttpResponse;
    try {
      const raw = await options.transport.send(
        { origin, path: fullPath, method, headers, body },
        opts.timeoutMs ?? options.timeoutMs,
        start,
      );
      const serviceUs = (performance.now() - start) * 1000;
      const setCookie = setCookieValues(raw.rawHeaders);
      if (setCookie) (this.jar ??= createCookieJar()).store(origin + fullPath, setCookie);
      const status = raw.statusCode;
      let error = status >= 400 ? httpErrorLabel(status, STATUS_CODES[status]) : undefined;
      res = new Response(status, raw.rawHeaders, raw.body, error, serviceUs);
      if (opts.validate) {
        error = validate(opts.validate, res);
        res = new Response(status, raw.rawHeaders, raw.body, error, serviceUs);
      }
      sample = {
        method,
        name,
        startedAt,
        ttfbUs: raw.ttfbUs,
        status,
        bytes: raw.body.length,
        error,
        timings: raw.timings,
      };
    } catch (cause) {
      if (options.stopSignal.aborted) throw new RunStoppedError();
      const serviceUs = (performance.now() - start) * 1000;
      const error = networkErrorLabel(cause);
      // No response: a network failure whatever `validate` would say.
      res = new Response(0, [], EMPTY, error, serviceUs);
      sample = { method, name, startedAt, status: 0, bytes: 0, error };
    }
    const serviceUs = res.latencyMs * 1000;
    sample.scenario = context.scenario;
    sample.tags = opts.tags ? { ...context.tags, ...opts.tags } : context.tags;
    if (context.openModel) sample.serviceTimeUs = serviceUs;
    (sample as Sample).latencyUs = serviceUs + context.lagUs;
    options.store.record(sample as Sample);
    return res;
  }
}

/** Applies a `validate` callback: undefined = success, else the failure label. */
function validate(fn: (response: HttpResponse) => boolean | string, res: HttpResponse): string | undefined {
  let verdict: boolean | string;
  try {
    verdict = fn(res);
  } catch (error) {
    verdict = error instanceof Error ? error.message : String(error);
  }
  return verdict === true ? undefined : verdict === false ? 'validation failed' : verdict;
}

const utf8 = new TextDecoder();
const EMPTY = Buffer.alloc(0);

/** The response handed to scenario code: text and headers decoded only when read. */
class Response implements HttpResponse {
  private decodedText: string | undefined = undefined;
  private parsedHeaders: Record<string, string | string[] | undefined> | undefined = undefined;
  readonly ok: boolean;
  readonly latencyMs: number;

  constructor(
    readonly status: number,
    private readonly rawHeaders: readonly string[],
    readonly bytes: Uint8Array,
    readonly error: string | undefined,
    latencyUs: number,
  ) {
    this.ok = error === undefined;
    this.latencyMs = latencyUs / 1000;
  }

  get headers(): Record<string, string | string[] | undefined> {
    return (this.parsedHeaders ??= headersObject(this.rawHeaders));
  }

  get text(): string {
    return (this.decodedText ??= utf8.decode(this.bytes));
  }

  json<T>(): T {
    return JSON.parse(this.text) as T;
  }
}
