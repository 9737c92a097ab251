import { EVENT_TYPE_HEADER, MESSAGE_ID_HEADER, SIGNATURE_HEADER, signatureHeader } from './signature';

export interface WebhookDelivery {
  url: string;
  secret: string;
  messageId: string;
  eventType: string;
  attempt: number;
  body: string;
}

/** One signed POST. Resolves to undefined on a 2xx answer, otherwise to what went wrong (never throws). */
export async function postWebhook(delivery: WebhookDelivery, timeoutMs: number): Promise<string | undefined> {
  const timestamp = Math.floor(Date.now() / 1000);
  try {
    const response = await fetch(delivery.url, {
      method: 'POST',
      // A redirect is a failure: the receiver signed up with this URL, and the body is not re-sent elsewhere.
      redirect: 'manual',
      signal: AbortSignal.timeout(timeoutMs),
      headers: {
        'content-type': 'application/json; charset=utf-8',
        'user-agent': 'Motcua-Webhooks/1',
        [SIGNATURE_HEADER]: signatureHeader(delivery.secret, timestamp, delivery.body),
        [MESSAGE_ID_HEADER]: delivery.messageId,
        [EVENT_TYPE_HEADER]: delivery.eventType,
        'Motcua-Attempt': String(delivery.attempt),
      },
      body: delivery.body,
    });
    await response.body?.cancel().catch(() => {});
    return response.status >= 200 && response.status < 300 ? undefined : `HTTP ${response.status}`;
  } catch (error) {
    return describe(error, timeoutMs);
  }
}

function describe(error: unknown, timeoutMs: number): string {
  const e = error as { name?: string; message?: string; cause?: { code?: string; message?: string } };
  if (e.name === 'TimeoutError' || e.name === 'AbortError') return `no answer within ${timeoutMs} ms`;
  return (e.cause?.code ? `${e.cause.code}: ${e.cause.message ?? ''}` : (e.cause?.message ?? e.message ?? String(error))).slice(0, 500);
}
