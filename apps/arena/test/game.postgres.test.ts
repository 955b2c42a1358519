/** The game suite on a real PostgreSQL server started for this file. */
import { describe } from 'vitest';
import { openDatabase } from '../src/db/open.ts';
import { gameSuite } from './game.suite.ts';
import { startPostgresServer } from './helpers/servers.ts';

describe('game on PostgreSQL', () => {
  gameSuite(async () => {
    const server = await startPostgresServer();
    try {
      const db = await openDatabase({ databaseUrl: server.url });
      return {
        db,
        close: async () => {
          await db.close();
          await server.stop();
        },
      };
    } catch (error) {
      await server.stop();
      throw error;
    }
  });
});
