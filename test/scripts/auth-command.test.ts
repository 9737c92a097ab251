import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { createTokenVerifier, localSigningKey } from '../../api/auth/tokens';
import { runCliAsync } from '../../scripts/cli/main';

// `motcua auth …`: the README's way to a token and to an integrator's key, on a data directory of its own.
describe('motcua auth', () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'motcua-auth-'));
  const env = { ...process.env, MOTCUA_DATA_DIR: dataDir, DATABASE_URL: '' };
  afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

  it('signs a token the API verifies with the local key, readable by its owner only', async () => {
    const issued = await runCliAsync(['auth', 'token', '--role', 'officer', '--sub', 'canbo-1', '--unit', '000.00.01.H56'], env);
    expect(issued).toMatchObject({ exitCode: 0, stderr: '' });
    const key = localSigningKey(dataDir);
    expect(statSync(key.path).mode & 0o777).toBe(0o600);
    const verify = await createTokenVerifier({ issuer: 'motcua-local', audience: 'motcua', publicKeyPem: key.publicKeyPem });
    expect(await verify(issued.stdout.trim())).toEqual({ subject: 'canbo-1', role: 'officer', units: ['000.00.01.H56'], via: { kind: 'jwt' } });
  });

  it('refuses a token without a known role, an officer without a unit, and a bad lifetime, naming the option', async () => {
    expect(await runCliAsync(['auth', 'token', '--role', 'king', '--sub', 'x'], env)).toMatchObject({ exitCode: 2, stderr: expect.stringContaining('--role') });
    expect(await runCliAsync(['auth', 'token', '--role', 'officer', '--sub', 'x'], env)).toMatchObject({ exitCode: 2, stderr: expect.stringContaining('--unit') });
    const ttl = await runCliAsync(['auth', 'token', '--role', 'admin', '--sub', 'x', '--ttl-hours', '0'], env);
    expect(ttl).toMatchObject({ exitCode: 2, stderr: expect.stringContaining('--ttl-hours') });
  });

  it('creates an API key shown once, lists it without its secret, and revokes it', async () => {
    const created = await runCliAsync(['auth', 'api-key', 'create', '--name', 'Cổng thanh toán', '--subject', 'paygov'], env);
    expect(created.exitCode).toBe(0);
    const { id, key } = JSON.parse(created.stdout) as { id: string; key: string };
    expect(key).toMatch(new RegExp(`^motcua_${id}_[A-Za-z0-9_-]{43}$`));
    const listed = await runCliAsync(['auth', 'api-key', 'list'], env);
    expect(listed.stdout).toContain(id);
    expect(listed.stdout).not.toContain(key.slice(`motcua_${id}_`.length));
    expect(await runCliAsync(['auth', 'api-key', 'revoke', '--id', id], env)).toMatchObject({ exitCode: 0 });
    expect(await runCliAsync(['auth', 'api-key', 'revoke', '--id', id], env)).toMatchObject({ exitCode: 2 });
  });
});
