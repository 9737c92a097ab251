import { createHash, createPrivateKey, createPublicKey, generateKeyPairSync, sign, verify, type KeyObject } from 'node:crypto';
import { chmod, mkdir, open, readFile, rename, unlink } from 'node:fs/promises';
import { join } from 'node:path';
import type { ResultStore } from '../../db/repositories/results';
import type { SigningKeyRow } from '../../db/schema';
import { canonicalJson } from '../../db/canonical-json';

// Units' signing keys and the signature of e-results (docs/files.md, "Signing"). Ed25519 through node:crypto.

export const ALGORITHM = 'Ed25519';

/** What is signed: the result named, its digest, the signer and the time. Signed as its canonical JSON. */
export interface ResultStatement {
  v: 1;
  alg: typeof ALGORITHM;
  resultId: string;
  dossierCode: string;
  unitCode: string;
  keyId: string;
  sha256: string;
  size: number;
  mediaType: string;
  signedAt: string;
}

export interface UnitKey {
  unitCode: string;
  keyId: string;
  publicKeyPem: string;
  privateKey: KeyObject;
}

/** RFC 7638 thumbprint of an Ed25519 public key: base64url SHA-256 of `{"crv","kty","x"}`. */
export function keyIdOf(publicKey: KeyObject): string {
  const { crv, kty, x } = publicKey.export({ format: 'jwk' });
  return createHash('sha256').update(JSON.stringify({ crv, kty, x })).digest('base64url');
}

export function publicJwk(row: SigningKeyRow) {
  const { crv, kty, x } = createPublicKey(row.publicKeyPem).export({ format: 'jwk' });
  return { kty: kty!, crv: crv!, x: x!, kid: row.keyId, alg: 'EdDSA', use: 'sig' };
}

/**
 * Per-unit key pairs, created on first use. The private key is a PKCS#8 PEM file `<dir>/<key id>.pem`, mode 0600 in
 * a 0700 directory, written durably; the public key is published in `signing_keys`. The private key never leaves
 * this module: not in a response, a log line or the database.
 */
export function createUnitKeys(dir: string, results: ResultStore) {
  const loading = new Map<string, Promise<UnitKey>>();
  const fileOf = (keyId: string) => join(dir, `${keyId}.pem`);

  async function load(row: SigningKeyRow): Promise<UnitKey> {
    const pem = await readFile(fileOf(row.keyId), 'utf8').catch((error: NodeJS.ErrnoException) => {
      if (error.code !== 'ENOENT') throw error;
      throw new Error(`the private key ${row.keyId} of unit ${row.unitCode} is missing from ${dir}`);
    });
    return { unitCode: row.unitCode, keyId: row.keyId, publicKeyPem: row.publicKeyPem, privateKey: createPrivateKey(pem) };
  }

  async function create(unitCode: string): Promise<UnitKey> {
    const { publicKey, privateKey } = generateKeyPairSync('ed25519');
    const keyId = keyIdOf(publicKey);
    const publicKeyPem = publicKey.export({ format: 'pem', type: 'spki' }).toString();
    await writePrivateKey(dir, fileOf(keyId), privateKey.export({ format: 'pem', type: 'pkcs8' }).toString());
    const published = await results.publishKey({ keyId, unitCode, algorithm: ALGORITHM, publicKeyPem });
    if (published.keyId === keyId) return { unitCode, keyId, publicKeyPem, privateKey };
    await unlink(fileOf(keyId)); // another process published first: use its key
    return load(published);
  }

  async function keyFor(unitCode: string): Promise<UnitKey> {
    const published = await results.keyOfUnit(unitCode);
    return published ? load(published) : create(unitCode);
  }

  return {
    /** The unit's key, created on its first use. */
    keyFor(unitCode: string): Promise<UnitKey> {
      let pending = loading.get(unitCode);
      if (!pending) {
        pending = keyFor(unitCode);
        loading.set(unitCode, pending);
        pending.catch(() => loading.delete(unitCode));
      }
      return pending;
    },
  };
}

export type UnitKeys = ReturnType<typeof createUnitKeys>;

async function writePrivateKey(dir: string, path: string, pem: string): Promise<void> {
  await mkdir(dir, { recursive: true, mode: 0o700 });
  await chmod(dir, 0o700);
  const tmp = `${path}.tmp`;
  const file = await open(tmp, 'wx', 0o600);
  try {
    await file.writeFile(pem);
    await file.sync();
  } finally {
    await file.close();
  }
  await rename(tmp, path);
  const directory = await open(dir, 'r');
  await directory.sync().finally(() => directory.close());
}

export function signStatement(statement: ResultStatement, key: UnitKey): { statement: string; signature: string } {
  const text = canonicalJson(statement);
  return { statement: text, signature: sign(null, Buffer.from(text, 'utf8'), key.privateKey).toString('base64') };
}

/** True when `signature` is the Ed25519 signature of `statement` under `publicKeyPem`. */
export function signatureValid(statement: string, signature: string, publicKeyPem: string): boolean {
  try {
    return verify(null, Buffer.from(statement, 'utf8'), createPublicKey(publicKeyPem), Buffer.from(signature, 'base64'));
  } catch {
    return false;
  }
}
