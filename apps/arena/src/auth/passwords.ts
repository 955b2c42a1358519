/**
 * Password hashing with Argon2id (@node-rs/argon2: prebuilt binaries from npm,
 * hashing on libuv's thread pool). Parameters are the library's defaults, which
 * match OWASP's minimum (m = 19 MiB, t = 2, p = 1); a hash takes ≈40 ms.
 */
import { randomInt } from 'node:crypto';
import { availableParallelism } from 'node:os';
import { hash as argonHash, verify as argonVerify } from '@node-rs/argon2';

/**
 * Hashes running at once: one core is always left to the event loop, so a
 * login storm (a whole school logging in at the start) delays logins, not
 * purchases and answers.
 */
export const HASH_CONCURRENCY = Math.max(1, availableParallelism() - 1);

let running = 0;
const waiting: Array<() => void> = [];

async function limited<T>(work: () => Promise<T>): Promise<T> {
  // A finishing hash hands its slot straight to the next waiter, so the limit is never exceeded.
  if (running >= HASH_CONCURRENCY) await new Promise<void>((resolve) => waiting.push(resolve));
  else running++;
  try {
    return await work();
  } finally {
    const next = waiting.shift();
    if (next) next();
    else running--;
  }
}

/** Hashes or verifications running now (≤ {@link HASH_CONCURRENCY}). */
export function hashesRunning(): number {
  return running;
}

const hash = (password: string) => limited(() => argonHash(password));
const verify = (stored: string, password: string) => limited(() => argonVerify(stored, password));

/** The PHC-format Argon2id hash of `password` (at most {@link HASH_CONCURRENCY} hashes run at once). */
export function hashPassword(password: string): Promise<string> {
  return hash(password);
}

// A real hash to verify against when the login does not exist, so the answer
// takes as long as for a wrong password (no user enumeration by timing).
let dummyHash: Promise<string> | undefined;

/** True when `password` matches `stored`; with `stored` undefined, spends the same time and returns false. */
export async function verifyPassword(stored: string | undefined, password: string): Promise<boolean> {
  if (stored === undefined) {
    dummyHash ??= hash('arena-dummy-password');
    await verify(await dummyHash, password).catch(() => false);
    return false;
  }
  try {
    return await verify(stored, password);
  } catch {
    return false;
  }
}

// No 0/O, 1/l/I: generated passwords are read off paper.
const ALPHABET = 'abcdefghijkmnpqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789';

/** A random password of `length` characters (default 12, ≈70 bits) from an unambiguous alphabet. */
export function generatePassword(length = 12): string {
  let out = '';
  for (let i = 0; i < length; i++) out += ALPHABET[randomInt(ALPHABET.length)];
  return out;
}
