import { createHmac, timingSafeEqual } from 'node:crypto';

// Webhook signatures: HMAC-SHA256 over `<timestamp>.<body>` with the subscription's secret, sent as
// `Motcua-Signature: t=<unix seconds>,v1=<hex>` (docs/integrations.md has the receiver's recipe).

export const SIGNATURE_HEADER = 'Motcua-Signature';
export const MESSAGE_ID_HEADER = 'Motcua-Message-Id';
export const EVENT_TYPE_HEADER = 'Motcua-Event-Type';

const hmac = (secret: string, timestamp: number, body: string) =>
  createHmac('sha256', secret).update(`${timestamp}.${body}`).digest('hex');

/** The header value for `body` signed at `timestamp` (unix seconds). */
export function signatureHeader(secret: string, timestamp: number, body: string): string {
  return `t=${timestamp},v1=${hmac(secret, timestamp, body)}`;
}

/**
 * What a receiver does: true when the header carries a `v1` signature of this exact body by `secret`, made within
 * `toleranceSeconds` of `now` (refuses replays of old deliveries). Constant-time comparison.
 */
export function verifySignature(header: string | undefined, body: string, secret: string, toleranceSeconds = 300, now = Date.now()): boolean {
  if (!header) return false;
  const parts = header.split(',').map((part) => part.trim().split('=') as [string, string?]);
  const timestamp = Number(parts.find(([key]) => key === 't')?.[1]);
  if (!Number.isInteger(timestamp) || Math.abs(now / 1000 - timestamp) > toleranceSeconds) return false;
  const expected = Buffer.from(hmac(secret, timestamp, body), 'hex');
  return parts
    .filter(([key, value]) => key === 'v1' && value !== undefined && /^[0-9a-f]{64}$/.test(value))
    .some(([, value]) => timingSafeEqual(Buffer.from(value!, 'hex'), expected));
}
