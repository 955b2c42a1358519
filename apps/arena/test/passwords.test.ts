/** Password hashing: Argon2id round trip, generated passwords, and the concurrency limit. */
import { describe, expect, it } from 'vitest';
import {
  generatePassword,
  HASH_CONCURRENCY,
  hashesRunning,
  hashPassword,
  verifyPassword,
} from '../src/auth/passwords.ts';

describe('passwords', () => {
  it('hashes with Argon2id and verifies', async () => {
    const stored = await hashPassword('correct horse');
    expect(stored).toMatch(/^\$argon2id\$/);
    expect(await verifyPassword(stored, 'correct horse')).toBe(true);
    expect(await verifyPassword(stored, 'wrong horse')).toBe(false);
    expect(await verifyPassword(undefined, 'correct horse')).toBe(false);
    expect(await verifyPassword('not a hash', 'x')).toBe(false);
  });

  it('generates unambiguous random passwords', () => {
    const passwords = Array.from({ length: 50 }, () => generatePassword());
    expect(new Set(passwords).size).toBe(50);
    for (const p of passwords) expect(p).toMatch(/^[a-km-zA-HJ-NP-Z2-9]{12}$/);
  });

  it(`never runs more than HASH_CONCURRENCY (${HASH_CONCURRENCY}) hashes at once`, async () => {
    let most = 0;
    let done = false;
    const watch = (async () => {
      while (!done) {
        most = Math.max(most, hashesRunning());
        await new Promise((resolve) => setImmediate(resolve));
      }
    })();
    await Promise.all(Array.from({ length: 6 }, (_, i) => hashPassword(`password-${i}`)));
    done = true;
    await watch;
    expect(most).toBe(HASH_CONCURRENCY);
    expect(hashesRunning()).toBe(0);
  });
});
