/** The game suite on embedded PGlite (the default store). */
import { describe } from 'vitest';
import { openDatabase } from '../src/db/open.ts';
import { gameSuite } from './game.suite.ts';

describe('game on PGlite', () => {
  gameSuite(async () => {
    const db = await openDatabase();
    return { db, close: () => db.close() };
  });
});
