import { afterEach, describe, expect, it, vi } from 'vitest';
import { createTokenVerifier, InvalidToken } from '../../api/auth/tokens';
import { TEST_ISSUER, testIssuerKeys, tokenFor } from '../support/auth';

// A verified token is remembered until it expires (at most five minutes), so a caller's every request does not pay for
// a signature check; expiry still applies to a remembered token.
describe('bearer token verification, remembered', () => {
  afterEach(() => vi.useRealTimers());
  const verifier = () => createTokenVerifier({ ...TEST_ISSUER, publicKeyPem: testIssuerKeys.publicKeyPem });

  it('returns the same caller for the same token, frozen so no request can change it for the next', async () => {
    const verify = await verifier();
    const token = await tokenFor({ role: 'officer', sub: 'officer-9', units: ['000.00.01.H56'] });
    const first = await verify(token);
    expect(first).toMatchObject({ subject: 'officer-9', role: 'officer', units: ['000.00.01.H56'] });
    expect(await verify(token)).toBe(first);
    expect(Object.isFrozen(first) && Object.isFrozen(first.units)).toBe(true);
  });

  it('refuses a remembered token once it has expired', async () => {
    const verify = await verifier();
    const token = await tokenFor({ role: 'applicant', sub: '079199001234' }, 60);
    await verify(token);
    vi.useFakeTimers({ toFake: ['Date'] });
    vi.setSystemTime(Date.now() + 95_000); // past the expiry and the 30 s clock tolerance of a fresh check
    await expect(verify(token)).rejects.toThrow(new InvalidToken('the token has expired'));
  });

  it('checks a remembered token again after five minutes, even when it is valid for longer', async () => {
    const verify = await verifier();
    const token = await tokenFor({ role: 'leader', sub: 'leader-2', units: ['000.00.01.H56'] }, 3600);
    const first = await verify(token);
    vi.useFakeTimers({ toFake: ['Date'] });
    vi.setSystemTime(Date.now() + 5 * 60_000 + 1_000);
    const again = await verify(token);
    expect(again).toEqual(first);
    expect(again).not.toBe(first);
  });

  it('never remembers a refused token', async () => {
    const verify = await verifier();
    const token = await tokenFor({ role: 'officer', sub: 'officer-1', units: ['000.00.01.H56'] });
    const forged = `${token.slice(0, -4)}AAAA`;
    await expect(verify(forged)).rejects.toBeInstanceOf(InvalidToken);
    await expect(verify(forged)).rejects.toBeInstanceOf(InvalidToken);
    expect(await verify(token)).toMatchObject({ subject: 'officer-1' });
  });
});
