import { resolve } from 'node:path';
import type { AuthSettings } from '../api/app';
import { createTokenVerifier, localSigningKey } from '../api/auth/tokens';
import type { Env } from './env';

/** Where tokens are verified: the configured issuer (public key or JWKS), else the local development key. */
export async function authSettings(env: Env): Promise<AuthSettings & { source: string }> {
  const common = { issuer: env.AUTH_JWT_ISSUER, audience: env.AUTH_JWT_AUDIENCE };
  const [verifyToken, source] = env.AUTH_JWKS_URL
    ? [await createTokenVerifier({ ...common, jwksUrl: env.AUTH_JWKS_URL }), `JWKS ${env.AUTH_JWKS_URL}`]
    : env.AUTH_JWT_PUBLIC_KEY
      ? [await createTokenVerifier({ ...common, publicKeyPem: env.AUTH_JWT_PUBLIC_KEY }), 'AUTH_JWT_PUBLIC_KEY']
      : await localVerifier(env, common);
  return { verifyToken, publicRateLimitPerMinute: env.RATE_LIMIT_PUBLIC_PER_MINUTE, source };
}

async function localVerifier(env: Env, common: { issuer: string; audience: string }) {
  const key = localSigningKey(resolve(env.MOTCUA_DATA_DIR));
  return [
    await createTokenVerifier({ ...common, publicKeyPem: key.publicKeyPem }),
    `the local development key ${key.path} (set AUTH_JWT_PUBLIC_KEY or AUTH_JWKS_URL in production)`,
  ] as const;
}
