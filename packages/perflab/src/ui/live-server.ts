import { once } from 'node:events';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { PerflabError } from '../errors.ts';
import { buildResultsDocument } from '../output/json.ts';
import { exceptionsCsv, failuresCsv, historyCsv, statsCsv } from '../output/csv.ts';
import { buildReportData } from '../report/report-data.ts';
import { renderDashboardHtml } from '../report/html.ts';
import type { LiveState } from '../report/dashboard-data.ts';
import type { LiveSession } from './live-session.ts';

/** Default port of the live UI (Locust's). */
export const DEFAULT_UI_PORT = 8089;
/** Largest request body the API accepts, bytes. */
const MAX_BODY_BYTES = 64 * 1024;
/** How often state is pushed to every open event stream, ms. */
const PUSH_INTERVAL_MS = 1000;

/** A running live UI server. */
export interface LiveServer {
  /** `http://host:port` it listens on. */
  url: string;
  /** Stops pushing, ends every event stream and closes the server. */
  close(): Promise<void>;
  /** Pushes the state to every event stream now (call on every change). */
  push(): void;
}

/**
 * Serves the dashboard in live mode and its API (contract in
 * report/dashboard-data.ts): `GET /` the page; `GET /api/state`; `GET /api/events`
 * Server-Sent Events (`event: state`, pushed every second and on change);
 * `POST /api/start|users|stop|reset` with JSON bodies; `GET /api/download/<file>`.
 *
 * Cross-site requests cannot start load: start and users POSTs must be `application/json` (a
 * cross-origin page then needs a CORS preflight, which is never granted) and an
 * `Origin` header, when present, must be this server's own.
 *
 * @throws PerflabError `PERFLAB_ERR_USAGE` when the port is taken or the address cannot be bound
 */
export async function startLiveServer(session: LiveSession, host: string, port: number): Promise<LiveServer> {
  const page = await renderDashboardHtml({ kind: 'live' });
  const streams = new Set<ServerResponse>();
  let lastEvent = '';

  const stateEvent = (): string => `event: state\ndata: ${JSON.stringify(lightState(session.state()))}\n\n`;
  const push = () => {
    if (streams.size === 0) return;
    lastEvent = stateEvent();
    for (const stream of streams) stream.write(lastEvent);
  };

  const server: Server = createServer((req, res) => {
    handle(req, res).catch((error: unknown) => {
      if (!res.headersSent)
        sendJson(res, 500, { error: error instanceof Error ? error.message : String(error) });
      else res.destroy();
    });
  });

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://localhost');
    const route = `${req.method} ${url.pathname}`;
    if (route === 'POST /api/start' || route === 'POST /api/users') {
      const problem = crossSiteProblem(req);
      if (problem) return sendJson(res, 403, { error: problem });
    }
    switch (route) {
      case 'GET /':
      case 'GET /index.html':
        res.writeHead(200, { 'content-type': 'text/html; charset=utf-8', 'cache-control': 'no-store' });
        res.end(page);
        return;
      case 'GET /api/state':
        return sendJson(res, 200, lightState(session.state()));
      case 'GET /api/events':
        res.writeHead(200, {
          'content-type': 'text/event-stream; charset=utf-8',
          'cache-control': 'no-store',
          connection: 'keep-alive',
        });
        res.write(stateEvent());
        streams.add(res);
        req.on('close', () => streams.delete(res));
        return;
      case 'POST /api/start':
        return command(res, async () => session.start(await readJson(req)));
      case 'POST /api/users':
        return command(res, async () => session.setUsers(await readJson(req)));
      case 'POST /api/stop':
        return command(res, async () => session.stop());
      case 'POST /api/reset':
        return command(res, async () => session.reset());
    }
    if (req.method === 'GET' && url.pathname.startsWith('/api/download/')) {
      return download(res, url.pathname.slice('/api/download/'.length));
    }
    sendJson(res, 404, { error: `no route ${route}` });
  }

  async function command(res: ServerResponse, run: () => Promise<void>): Promise<void> {
    try {
      await run();
    } catch (error) {
      if (error instanceof PerflabError || error instanceof SyntaxError) {
        return sendJson(res, 400, { error: error.message });
      }
      throw error;
    }
    sendJson(res, 200, { ok: true });
    push();
  }

  async function download(res: ServerResponse, file: string): Promise<void> {
    const result = session.currentResult();
    if (result === undefined)
      return sendJson(res, 404, { error: 'nothing to download before the first run' });
    const { snapshot, history } = result;
    let body: string;
    let type = 'text/csv; charset=utf-8';
    switch (file) {
      case 'stats.csv':
        body = statsCsv(snapshot);
        break;
      case 'stats_history.csv':
        body = historyCsv(history);
        break;
      case 'failures.csv':
        body = failuresCsv(snapshot);
        break;
      case 'exceptions.csv':
        body = exceptionsCsv(snapshot);
        break;
      case 'results.json':
        body = `${JSON.stringify(buildResultsDocument(result), null, 2)}\n`;
        type = 'application/json';
        break;
      case 'report.html':
        body = await renderDashboardHtml({
          kind: 'report',
          report: buildReportData(buildResultsDocument(result)),
        });
        type = 'text/html; charset=utf-8';
        break;
      default:
        return sendJson(res, 404, { error: `no download named ${JSON.stringify(file)}` });
    }
    res.writeHead(200, {
      'content-type': type,
      'content-disposition': `attachment; filename="perflab_${file}"`,
      'cache-control': 'no-store',
    });
    res.end(body);
  }

  server.listen(port, host);
  try {
    await Promise.race([
      once(server, 'listening'),
      once(server, 'error').then(([error]) => {
        throw error;
      }),
    ]);
  } catch (error) {
    throw new PerflabError(
      'PERFLAB_ERR_USAGE',
      `--ui: cannot listen on ${host}:${port}: ${(error as Error).message}`,
    );
  }
  const ticker = setInterval(push, PUSH_INTERVAL_MS);
  const address = server.address() as AddressInfo;
  const shownHost = address.family === 'IPv6' ? `[${address.address}]` : address.address;
  return {
    url: `http://${shownHost}:${address.port}`,
    push,
    async close() {
      clearInterval(ticker);
      for (const stream of streams) stream.end();
      streams.clear();
      server.closeAllConnections();
      server.close();
      await once(server, 'close');
    },
  };
}

/** The state without the encoded histograms (the live page draws from the summaries; they only weigh). */
function lightState(state: LiveState): LiveState {
  const results = state.results;
  if (results === null) return state;
  const strip = <T extends { histogram: { encoded: string } }>(s: T): T => ({
    ...s,
    histogram: { ...s.histogram, encoded: '' },
  });
  return {
    ...state,
    results: { ...results, stats: results.stats.map(strip), aggregated: strip(results.aggregated) },
  };
}

function sendJson(res: ServerResponse, status: number, body: unknown): void {
  res.writeHead(status, { 'content-type': 'application/json', 'cache-control': 'no-store' });
  res.end(JSON.stringify(body));
}

/** Why a POST is refused as cross-site, or undefined when it is the page's own. */
function crossSiteProblem(req: IncomingMessage): string | undefined {
  const type = req.headers['content-type'] ?? '';
  if (!type.startsWith('application/json')) return 'POST bodies must be application/json';
  const origin = req.headers.origin;
  if (origin !== undefined && origin !== 'null') {
    const host = req.headers.host;
    if (host === undefined || !URL.canParse(origin) || new URL(origin).host !== host) {
      return `requests from ${origin} are not accepted`;
    }
  }
  return undefined;
}

/**
 * Reads a JSON request body (empty = `{}`).
 * @throws PerflabError `PERFLAB_ERR_USAGE` when it is too large or not JSON
 */
async function readJson(req: IncomingMessage): Promise<unknown> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > MAX_BODY_BYTES)
      throw new PerflabError('PERFLAB_ERR_USAGE', `body larger than ${MAX_BODY_BYTES} bytes`);
    chunks.push(chunk as Buffer);
  }
  const text = Buffer.concat(chunks).toString('utf8').trim();
  if (text === '') return {};
  try {
    return JSON.parse(text) as unknown;
  } catch {
    throw new PerflabError('PERFLAB_ERR_USAGE', 'body: not valid JSON');
  }
}
