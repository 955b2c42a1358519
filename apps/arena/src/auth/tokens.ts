/**
 * Sessions: short-lived JWT access tokens (HS256, `jose`) and rotating opaque
 * refresh tokens stored as SHA-256 hashes.
 *
 * - A login starts a session *family*. Each refresh marks the presented token
 *   used and issues a new one in the same family. Presenting a used (or revoked)
 *   token again is *reuse* — a sign it was stolen — and revokes the whole family:
 *   its refresh tokens in the database and its access tokens via the denylist
 *   (`fam:{family}`), so both the thief and the victim must log in again.
 * - Logout deny-lists the access token's `jti` (and its family) until the
 *   token's expiry and revokes the family's refresh tokens.
 * - Removing a participant deny-lists `user:{id}` for one access-token lifetime
 *   (their refresh tokens are revoked by the store).
 *
 * Access token claims: `sub` (user id), `role`, `cid` (competition id, participants),
 * `fam` (session family), `jti`, `iat`, `exp`.
 */
import { createHash, randomBytes, randomUUID } from 'node:crypto';
import { jwtVerify, SignJWT } from 'jose';
import type { SqlClient } from '../db/sql-client.ts';
import { ArenaError } from '../errors.ts';
import type { Denylist } from '../live/shared.ts';
import type { UserRecord } from '../store/people.ts';

/** Who a valid access token speaks for. */
export interface Principal {
  userId: number;
  role: 'admin' | 'participant';
  /** The participant's competition; `null` for admins. */
  competitionId: number | null;
  /** Session family id. */
  family: string;
  jti: string;
  /** Expiry, seconds since the epoch. */
  exp: number;
}

/** What a login or refresh returns. */
export interface TokenPair {
  accessToken: string;
  /** Access token lifetime, seconds. */
  expiresIn: number;
  refreshToken: string;
  /** Refresh token lifetime, seconds. */
  refreshExpiresIn: number;
}

/** Options of {@link createTokenService}. */
export interface TokenServiceOptions {
  db: SqlClient;
  denylist: Denylist;
  /** HS256 key (≥ 32 bytes); instances that share users must share it. */
  secret: string;
  accessTtlS: number;
  refreshTtlS: number;
}

/** The token operations the routes use. */
export interface TokenService {
  /** Start a session for `user` (a new family). */
  issue(user: Pick<UserRecord, 'id' | 'role' | 'competitionId'>): Promise<TokenPair>;
  /**
   * The principal of access token `token`.
   * @throws ArenaError `ARENA_ERR_UNAUTHENTICATED` when malformed, badly signed, expired or deny-listed.
   */
  verify(token: string): Promise<Principal>;
  /**
   * Rotate refresh token `token`: a new pair in the same family.
   * @throws ArenaError `ARENA_ERR_REFRESH_INVALID` when unknown, expired, revoked, or reused (which revokes the family).
   */
  refresh(token: string): Promise<TokenPair>;
  /** End `principal`'s session: deny its access token and family, revoke the family's refresh tokens. */
  logout(principal: Principal): Promise<void>;
  /** Deny every access token of `userId` issued so far (refresh tokens are revoked by the store). */
  revokeUser(userId: number): Promise<void>;
}

const hashToken = (token: string) => createHash('sha256').update(token).digest('hex');

/** Verified access tokens kept (signature checked once per token; expiry and denylist checked every time). */
const VERIFIED_CACHE_ENTRIES = 20_000;

/** Build the token service. */
export function createTokenService(options: TokenServiceOptions): TokenService {
  const { db, denylist, accessTtlS, refreshTtlS } = options;
  const key = new TextEncoder().encode(options.secret);
  // jose verifies through WebCrypto, whose jobs share libuv's thread pool with Argon2: during a login
  // storm every request would queue behind password hashes. A token's signature never changes, so
  // each token is verified once; expiry and the denylist are still checked on every request.
  const verified = new Map<string, Principal>();

  async function accessToken(user: Pick<UserRecord, 'id' | 'role' | 'competitionId'>, family: string) {
    return new SignJWT({ role: user.role, cid: user.competitionId, fam: family })
      .setProtectedHeader({ alg: 'HS256' })
      .setSubject(String(user.id))
      .setJti(randomUUID())
      .setIssuedAt()
      .setExpirationTime(`${accessTtlS}s`)
      .sign(key);
  }

  async function pair(
    user: Pick<UserRecord, 'id' | 'role' | 'competitionId'>,
    family: string,
    insert: (hash: string) => Promise<void>,
  ): Promise<TokenPair> {
    const refreshToken = randomBytes(32).toString('base64url');
    await insert(hashToken(refreshToken));
    return {
      accessToken: await accessToken(user, family),
      expiresIn: accessTtlS,
      refreshToken,
      refreshExpiresIn: refreshTtlS,
    };
  }

  const insertSql = `INSERT INTO refresh_token (family_id, user_id, token_hash, expires_at)
                     VALUES ($1, $2, $3, now() + make_interval(secs => $4))`;

  async function revokeFamily(family: string): Promise<void> {
    await db.query(
      'UPDATE refresh_token SET revoked_at = now() WHERE family_id = $1 AND revoked_at IS NULL',
      [family],
    );
    await denylist.add(`fam:${family}`, accessTtlS * 1000);
  }

  return {
    async issue(user) {
      const family = randomUUID();
      return pair(user, family, async (hash) => {
        await db.query(insertSql, [family, user.id, hash, refreshTtlS]);
      });
    },

    async verify(token) {
      const cached = verified.get(token);
      if (cached !== undefined && cached.exp * 1000 > Date.now()) {
        if (
          await denylist.anyDenied([`jti:${cached.jti}`, `fam:${cached.family}`, `user:${cached.userId}`])
        ) {
          throw new ArenaError('ARENA_ERR_UNAUTHENTICATED', 'The access token has been revoked.', {
            hint: 'Log in again.',
          });
        }
        return cached;
      }
      let payload: Record<string, unknown>;
      try {
        ({ payload } = await jwtVerify(token, key, { algorithms: ['HS256'] }));
      } catch {
        throw new ArenaError('ARENA_ERR_UNAUTHENTICATED', 'The access token is invalid or expired.', {
          hint: 'Refresh it at POST /api/auth/refresh or log in again.',
        });
      }
      const userId = Number(payload.sub);
      const role = payload.role;
      const family = payload.fam;
      const jti = payload.jti;
      if (
        !Number.isInteger(userId) ||
        (role !== 'admin' && role !== 'participant') ||
        typeof family !== 'string' ||
        typeof jti !== 'string'
      ) {
        throw new ArenaError('ARENA_ERR_UNAUTHENTICATED', 'The access token is malformed.');
      }
      if (await denylist.anyDenied([`jti:${jti}`, `fam:${family}`, `user:${userId}`])) {
        throw new ArenaError('ARENA_ERR_UNAUTHENTICATED', 'The access token has been revoked.', {
          hint: 'Log in again.',
        });
      }
      const principal: Principal = {
        userId,
        role,
        competitionId: typeof payload.cid === 'number' ? payload.cid : null,
        family,
        jti,
        exp: Number(payload.exp),
      };
      if (verified.size >= VERIFIED_CACHE_ENTRIES) {
        const now = Date.now();
        for (const [t, p] of verified) if (p.exp * 1000 <= now) verified.delete(t);
        if (verified.size >= VERIFIED_CACHE_ENTRIES) verified.delete(verified.keys().next().value as string);
      }
      verified.set(token, principal);
      return principal;
    },

    async refresh(token) {
      const hash = hashToken(token);
      const outcome = await db.transaction(async (tx) => {
        const [row] = await tx.query<{
          id: number;
          family_id: string;
          user_id: number;
          used_at: Date | null;
          revoked_at: Date | null;
          expired: boolean;
          role: 'admin' | 'participant';
          competition_id: number | null;
          removed_at: Date | null;
        }>(
          `SELECT t.id, t.family_id, t.user_id, t.used_at, t.revoked_at, t.expires_at <= now() AS expired,
                  u.role, u.competition_id, u.removed_at
           FROM refresh_token t JOIN app_user u ON u.id = t.user_id WHERE t.token_hash = $1 FOR UPDATE OF t`,
          [hash],
        );
        if (!row) return { kind: 'invalid' as const, reason: 'unknown' };
        if (row.used_at !== null) return { kind: 'reused' as const, family: row.family_id };
        if (row.revoked_at !== null || row.removed_at !== null)
          return { kind: 'invalid' as const, reason: 'revoked' };
        if (row.expired) return { kind: 'invalid' as const, reason: 'expired' };
        await tx.query('UPDATE refresh_token SET used_at = now() WHERE id = $1', [row.id]);
        const user = { id: row.user_id, role: row.role, competitionId: row.competition_id };
        const next = await pair(user, row.family_id, async (newHash) => {
          await tx.query(insertSql, [row.family_id, row.user_id, newHash, refreshTtlS]);
        });
        return { kind: 'ok' as const, pair: next };
      });
      if (outcome.kind === 'ok') return outcome.pair;
      if (outcome.kind === 'reused') {
        await revokeFamily(outcome.family);
        throw new ArenaError(
          'ARENA_ERR_REFRESH_INVALID',
          'The refresh token was already used: the session has been revoked.',
          { hint: 'Log in again. If you did not reuse the token, it may have been stolen.' },
        );
      }
      throw new ArenaError('ARENA_ERR_REFRESH_INVALID', `The refresh token is ${outcome.reason}.`);
    },

    async logout(principal) {
      const remainingMs = Math.max(1000, principal.exp * 1000 - Date.now());
      await denylist.add(`jti:${principal.jti}`, remainingMs);
      await revokeFamily(principal.family);
    },

    async revokeUser(userId) {
      await denylist.add(`user:${userId}`, accessTtlS * 1000);
    },
  };
}
