/**
 * Password hashing with Argon2id (@node-rs/argon2: prebuilt binaries from npm,
 * hashing on libuv's thread pool). Parameters are the library's defaults, which
 * match OWASP's minimum (m = 19 MiB, t = 2, p = 1); a hash takes ≈40 ms.
 */
import { randomInt } from 'node:crypto';
import { hash, verify } from '@node-rs/argon2';

/** The PHC-format Argon2id hash of `password`. */
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
