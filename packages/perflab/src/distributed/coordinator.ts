import { createClient } from 'redis';
import { redactUrl } from '../capacity/samplers/redis-sampler.ts';
import { PerflabError } from '../errors.ts';

/** Longest wait for the first connection to the coordinator, ms. */
const CONNECT_TIMEOUT_MS = 5000;

/** A node-redis client to the coordinator. */
export type CoordinatorClient = ReturnType<typeof coordinatorClient>;

function coordinatorClient(url: string, onError: (error: Error) => void) {
  const client = createClient({
    url,
    socket: {
      connectTimeout: CONNECT_TIMEOUT_MS,
      // Keep trying (a worker outlives outages); at most 2 s apart.
      reconnectStrategy: (retries: number) => Math.min(100 * (retries + 1), 2000),
    },
  });
  client.on('error', onError);
  return client;
}

/**
 * Connects to the coordinator Redis: `redis://` or `rediss://` (TLS), with
 * credentials in the URL if it needs them (`rediss://user:password@host:6380`).
 * Two connections: one for commands, one for blocking stream reads.
 * @param onError sees connection errors after the first connection (the clients reconnect by themselves)
 * @throws PerflabError `PERFLAB_ERR_COORDINATOR` when the URL is malformed or the server does not answer
 *   (the message shows the URL with its password replaced by `***`)
 */
export async function connectCoordinator(
  url: string,
  onError: (error: Error) => void,
): Promise<{ client: CoordinatorClient; reader: CoordinatorClient; close: () => Promise<void> }> {
  const shown = redactUrl(url);
  if (!/^rediss?:\/\//.test(url) || !URL.canParse(url)) {
    throw new PerflabError(
      'PERFLAB_ERR_COORDINATOR',
      `--coordinator: ${JSON.stringify(shown)} is not a redis:// or rediss:// URL`,
    );
  }
  let first: Error | undefined;
  const client = coordinatorClient(url, (error) => (first ??= error));
  const reader = coordinatorClient(url, (error) => (first ??= error));
  const close = async () => {
    for (const c of [reader, client]) {
      try {
        if (c.isOpen) c.destroy();
      } catch {
        // already closed
      }
    }
  };
  try {
    const timeout = new Promise<never>((_, reject) =>
      setTimeout(
        () => reject(first ?? new Error(`no answer within ${CONNECT_TIMEOUT_MS / 1000} s`)),
        CONNECT_TIMEOUT_MS,
      ).unref(),
    );
    await Promise.race([Promise.all([client.connect(), reader.connect()]), timeout]);
    await Promise.race([client.ping(), timeout]);
  } catch (error) {
    await close();
    const reason =
      (first ?? error) instanceof Error
        ? redactText((first ?? (error as Error)).message, url)
        : String(error);
    throw new PerflabError(
      'PERFLAB_ERR_COORDINATOR',
      `cannot reach the coordinator ${shown}: ${reason}`,
      undefined,
      {
        cause: error,
      },
    );
  }
  client.removeAllListeners('error');
  reader.removeAllListeners('error');
  client.on('error', onError);
  reader.on('error', onError);
  return { client, reader, close };
}

/** `text` with the URL's password (if any) replaced by `***`. */
export function redactText(text: string, url: string): string {
  try {
    const password = decodeURIComponent(new URL(url).password);
    return password ? text.split(password).join('***') : text;
  } catch {
    return text;
  }
}

/** Rejects with an Error after `ms` unless `promise` settles first. */
export function withTimeout<T>(promise: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  return Promise.race([
    promise,
    new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new Error(`${what}: no reply within ${ms} ms`)), ms);
    }),
  ]).finally(() => clearTimeout(timer));
}
