import { randomUUID } from 'node:crypto';
import { authHeader, type Caller } from './auth';

/** A fresh Idempotency-Key. */
export const idempotencyKey = () => `test-${randomUUID()}`;

export interface Api {
  /** POSTs JSON as the caller, with a fresh Idempotency-Key unless one (or `null`: none) is given. */
  post(path: string, body: unknown, key?: string | null): Promise<Response>;
  get(path: string): Promise<Response>;
  /** The same API, called by someone else (or anonymously with `null`). */
  as(caller: Caller | null): Api;
}

/** Real HTTP requests to a running API, authenticated as `caller`. */
export function apiAt(baseUrl: string, caller: Caller | null): Api {
  const auth = async () => (caller ? await authHeader(caller) : {});
  return {
    async post(path, body, key = idempotencyKey()) {
      return fetch(`${baseUrl}${path}`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...(key ? { 'idempotency-key': key } : {}), ...(await auth()) },
        body: JSON.stringify(body),
      });
    },
    async get(path) {
      return fetch(`${baseUrl}${path}`, { headers: await auth() });
    },
    as: (other) => apiAt(baseUrl, other),
  };
}
