import { generateKeyPairSync } from 'node:crypto';
import type { AuthSettings } from '../../api/app';
import type { Role } from '../../api/auth/principal';
import { createTokenVerifier, issueToken } from '../../api/auth/tokens';

// One Ed25519 issuer for the test run: apps verify with its public key, tests sign tokens with its private key.
const { privateKey, publicKey } = generateKeyPairSync('ed25519', {
  privateKeyEncoding: { type: 'pkcs8', format: 'pem' },
  publicKeyEncoding: { type: 'spki', format: 'pem' },
});
export const TEST_ISSUER = { issuer: 'motcua-test', audience: 'motcua' };
export const testIssuerKeys = { privateKeyPem: privateKey, publicKeyPem: publicKey };

export async function testAuthSettings(overrides: Partial<AuthSettings> = {}): Promise<AuthSettings> {
  return {
    verifyToken: await createTokenVerifier({ ...TEST_ISSUER, publicKeyPem: publicKey }),
    publicRateLimitPerMinute: 10_000,
    ...overrides,
  };
}

export interface Caller {
  role: Role;
  sub: string;
  units?: string[];
}

/** A signed token for `caller`, valid for an hour. */
export function tokenFor(caller: Caller, ttlSeconds = 3600): Promise<string> {
  return issueToken(privateKey, { sub: caller.sub, role: caller.role, units: caller.units ?? [] }, { ...TEST_ISSUER, ttlSeconds });
}

/** `Authorization` header for `caller`. */
export async function authHeader(caller: Caller): Promise<{ authorization: string }> {
  return { authorization: `Bearer ${await tokenFor(caller)}` };
}

/** Callers used across the API tests. Unit 000.00.01.H56 receives the tour's dossiers. */
export const callers = {
  officer: { role: 'officer', sub: 'officer-3', units: ['000.00.01.H56'] },
  leader: { role: 'leader', sub: 'leader-1', units: ['000.00.01.H56'] },
  otherOfficer: { role: 'officer', sub: 'officer-9', units: ['000.00.02.H56'] },
  integrator: { role: 'integrator', sub: 'dvcqg' },
  admin: { role: 'admin', sub: 'admin-1' },
} satisfies Record<string, Caller>;

export const applicant = (identifier: string): Caller => ({ role: 'applicant', sub: identifier });
