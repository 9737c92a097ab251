import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import { and, asc, eq, isNull } from 'drizzle-orm';
import type { Executor } from '../client';
import { apiKeys, type ApiKeyRow } from '../schema';

const KEY_PATTERN = /^motcua_(ak_[0-9a-f]{16})_([A-Za-z0-9_-]{43})$/;

const digest = (secret: string) => createHash('sha256').update(secret).digest();

export interface IssuedApiKey {
  id: string;
  /** The whole key: shown once, never stored. */
  key: string;
}

/**
 * Integrators' API keys. The secret has 256 random bits, so one SHA-256 is enough at rest (a slow password hash
 * protects low-entropy secrets, which these are not) and keeps each request's check to one indexed read.
 */
export function createApiKeyStore(db: Executor) {
  return {
    async create(holder: { name: string; subject: string }): Promise<IssuedApiKey> {
      const id = `ak_${randomBytes(8).toString('hex')}`;
      const secret = randomBytes(32).toString('base64url');
      await db.insert(apiKeys).values({ id, ...holder, secretSha256: digest(secret).toString('hex') });
      return { id, key: `motcua_${id}_${secret}` };
    },

    /** The key's holder when the key is well formed, known, not revoked and its secret matches; otherwise undefined. */
    async verify(key: string): Promise<ApiKeyRow | undefined> {
      const match = KEY_PATTERN.exec(key);
      if (!match) return undefined;
      const [, id, secret] = match;
      const [row] = await db.select().from(apiKeys).where(and(eq(apiKeys.id, id!), isNull(apiKeys.revokedAt))).limit(1);
      if (!row) return undefined;
      return timingSafeEqual(Buffer.from(row.secretSha256, 'hex'), digest(secret!)) ? row : undefined;
    },

    /** Revokes a key; true when it existed and was active. */
    async revoke(id: string): Promise<boolean> {
      const revoked = await db
        .update(apiKeys)
        .set({ revokedAt: new Date() })
        .where(and(eq(apiKeys.id, id), isNull(apiKeys.revokedAt)))
        .returning({ id: apiKeys.id });
      return revoked.length > 0;
    },

    async list(): Promise<Omit<ApiKeyRow, 'secretSha256'>[]> {
      const rows = await db.select().from(apiKeys).orderBy(asc(apiKeys.createdAt));
      return rows.map(({ secretSha256: _secret, ...row }) => row);
    },
  };
}

export type ApiKeyStore = ReturnType<typeof createApiKeyStore>;
