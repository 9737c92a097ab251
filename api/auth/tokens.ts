import { generateKeyPairSync } from 'node:crypto';
import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  SignJWT,
  createRemoteJWKSet,
  errors as joseErrors,
  importPKCS8,
  importSPKI,
  jwtVerify,
  type JWTVerifyGetKey,
  type CryptoKey,
  type KeyObject,
} from 'jose';
import { TokenClaims, type Principal } from './principal';

export interface JwtSettings {
  /** The issuer's public key (PEM, SPKI) — or use `jwksUrl`. */
  publicKeyPem?: string;
  /** The identity provider's JWKS endpoint; keys rotate without a restart. */
  jwksUrl?: string;
  issuer: string;
  audience: string;
}

/** Why a token was refused, in words a caller can act on (never the token itself). */
export class InvalidToken extends Error {}

const ALGORITHMS = ['EdDSA', 'ES256', 'RS256', 'PS256'];

/**
 * Tokens already verified, kept until they expire but at most this long: a caller sends the same token with every
 * request, and checking its signature costs about a millisecond. The bound on age keeps a key withdrawn from the
 * JWKS from being honoured for long; the bound on size keeps memory flat (oldest entries leave first).
 */
const VERIFIED_MAX_AGE_MS = 5 * 60_000;
const VERIFIED_MAX_ENTRIES = 10_000;

/** Checks a bearer token's signature, issuer, audience, expiry and claims, and returns its caller. */
export async function createTokenVerifier(settings: JwtSettings): Promise<(token: string) => Promise<Principal>> {
  let key: JWTVerifyGetKey | CryptoKey | KeyObject;
  if (settings.jwksUrl) key = createRemoteJWKSet(new URL(settings.jwksUrl));
  else if (settings.publicKeyPem) key = await importAnySpki(settings.publicKeyPem);
  else throw new Error('a JWT public key or a JWKS URL is required');
  const verified = new Map<string, { principal: Principal; until: number }>();
  return async (token) => {
    const cached = verified.get(token);
    if (cached && Date.now() < cached.until) return cached.principal;
    if (cached) verified.delete(token);
    let payload: Record<string, unknown>;
    try {
      ({ payload } = await jwtVerify(token, key as CryptoKey, {
        issuer: settings.issuer,
        audience: settings.audience,
        algorithms: ALGORITHMS,
        requiredClaims: ['exp', 'sub'],
        clockTolerance: 30,
      }));
    } catch (error) {
      throw new InvalidToken(describe(error));
    }
    const claims = TokenClaims.safeParse(payload);
    if (!claims.success) {
      const issue = claims.error.issues[0]!;
      throw new InvalidToken(`token claim ${issue.path.join('.') || 'role'}: ${issue.message}`);
    }
    const { sub, role, units, name } = claims.data;
    const principal: Principal = Object.freeze({ subject: sub, role, units: Object.freeze([...units]) as string[], ...(name ? { name } : {}), via: { kind: 'jwt' } as const });
    // Cached until the token's own expiry (without the clock tolerance a fresh check allows), at most VERIFIED_MAX_AGE_MS.
    verified.set(token, { principal, until: Math.min((payload.exp as number) * 1000, Date.now() + VERIFIED_MAX_AGE_MS) });
    if (verified.size > VERIFIED_MAX_ENTRIES) verified.delete(verified.keys().next().value!);
    return principal;
  };
}

function describe(error: unknown): string {
  if (error instanceof joseErrors.JWTExpired) return 'the token has expired';
  if (error instanceof joseErrors.JWTClaimValidationFailed) return `token claim ${error.claim}: ${error.reason}`;
  if (error instanceof joseErrors.JWSSignatureVerificationFailed) return 'the token signature does not verify';
  if (error instanceof joseErrors.JOSEAlgNotAllowed) return 'the token is signed with an algorithm that is not accepted';
  if (error instanceof joseErrors.JWKSNoMatchingKey) return 'no published key matches the token';
  return 'the token is malformed';
}

async function importAnySpki(pem: string) {
  for (const alg of ALGORITHMS) {
    try {
      return await importSPKI(pem, alg);
    } catch {
      // try the next algorithm family
    }
  }
  throw new Error('AUTH_JWT_PUBLIC_KEY is not a PEM public key (Ed25519, P-256 or RSA)');
}

/** The local issuer's Ed25519 key pair, for development and the `motcua auth token` command. */
export interface LocalSigningKey {
  privateKeyPem: string;
  publicKeyPem: string;
  path: string;
}

/** Loads the local signing key from `<dataDir>/auth`, creating it (readable by the owner only) on first use. */
export function localSigningKey(dataDir: string): LocalSigningKey {
  const dir = join(dataDir, 'auth');
  const privatePath = join(dir, 'jwt-signing-key.pem');
  const publicPath = join(dir, 'jwt-signing-key.pub.pem');
  if (!existsSync(privatePath)) {
    mkdirSync(dir, { recursive: true, mode: 0o700 });
    const { privateKey, publicKey } = generateKeyPairSync('ed25519', {
      privateKeyEncoding: { type: 'pkcs8', format: 'pem' },
      publicKeyEncoding: { type: 'spki', format: 'pem' },
    });
    writeFileSync(privatePath, privateKey, { mode: 0o600, flag: 'wx' });
    writeFileSync(publicPath, publicKey);
    chmodSync(privatePath, 0o600);
  }
  return { privateKeyPem: readFileSync(privatePath, 'utf8'), publicKeyPem: readFileSync(publicPath, 'utf8'), path: privatePath };
}

/** Signs a token with the local key: for development, tests and the `motcua auth token` command. */
export async function issueToken(
  privateKeyPem: string,
  claims: TokenClaims,
  options: { issuer: string; audience: string; ttlSeconds: number },
): Promise<string> {
  const parsed = TokenClaims.parse(claims);
  const key = await importPKCS8(privateKeyPem, 'EdDSA');
  const { sub, ...rest } = parsed;
  return new SignJWT({ ...rest })
    .setProtectedHeader({ alg: 'EdDSA', typ: 'JWT' })
    .setSubject(sub)
    .setIssuer(options.issuer)
    .setAudience(options.audience)
    .setIssuedAt()
    .setExpirationTime(Math.floor(Date.now() / 1000) + options.ttlSeconds)
    .sign(key);
}
