/**
 * Serving the built web app (`apps/arena/web/dist`, made by `vite build`) under
 * `/`: files by path, and `index.html` for every other GET outside `/api/`, so
 * the single-page app's own routes survive a reload. Hashed assets are cached
 * for a year, `index.html` never. Unknown `/api/…` paths keep the JSON 404.
 */
import { existsSync, statSync } from 'node:fs';
import { join, normalize, sep } from 'node:path';
import fastifyStatic from '@fastify/static';
import type { FastifyInstance } from 'fastify';
import { ArenaError } from '../errors.ts';

/** Register the web app's files from `root` (a directory holding `index.html`). */
export async function registerWebRoutes(app: FastifyInstance, root: string): Promise<void> {
  await app.register(fastifyStatic, { root, serve: false });
  app.get('/*', { config: { access: 'public' }, schema: { hide: true } }, async (request, reply) => {
    const path = decodeURIComponent(request.url.split('?')[0] ?? '/');
    if (path === '/api' || path.startsWith('/api/')) {
      throw new ArenaError('ARENA_ERR_NOT_FOUND', `No route ${request.method} ${request.url}.`);
    }
    const relative = normalize(path).replace(/^([/\\])+/, '');
    const file = join(root, relative);
    if (relative && !relative.startsWith('..') && file.startsWith(root + sep) && isFile(file)) {
      const immutable = relative.startsWith(`assets${sep}`);
      return reply.sendFile(relative, { immutable, maxAge: immutable ? '365d' : 0 });
    }
    reply.header('cache-control', 'no-cache');
    return reply.sendFile('index.html', { cacheControl: false });
  });
}

/** The default web root: `apps/arena/web/dist` when it has been built, else undefined. */
export function defaultWebRoot(): string | undefined {
  const root = normalize(new URL('../../web/dist', import.meta.url).pathname);
  return existsSync(join(root, 'index.html')) ? root : undefined;
}

function isFile(path: string): boolean {
  try {
    return statSync(path).isFile();
  } catch {
    return false;
  }
}
