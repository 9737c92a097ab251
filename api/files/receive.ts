import { Readable } from 'node:stream';
import type { BlobStore } from './blob-store';
import { SNIFF_BYTES, sniff, type Sniffed } from './media-types';

// Receiving one uploaded file: its type decided from its first bytes, its size limited while it streams in.

/** A size limit was crossed: the caller answers 413 at once, without reading the rest of the request. */
export class LimitExceeded extends Error {
  constructor(
    readonly scope: 'file' | 'submission',
    readonly limit: number,
  ) {
    super(scope === 'file' ? `larger than the component's limit of ${limit} bytes` : `the submission is larger than ${limit} bytes in all`);
  }
}

/** What is left of the whole request's allowance, shared by its files. */
export interface Budget {
  remaining: number;
  readonly limit: number;
}

export type Received =
  | { kind: 'stored'; sha256: string; size: number; found: Sniffed }
  | { kind: 'refused'; size: number; found: Sniffed };

/**
 * Streams `file` into `store` when its content is one of `accepted`; otherwise reads it to its end without keeping
 * it (so the next part can be read and every problem listed). Throws LimitExceeded as soon as the file passes
 * `maxBytes` or the request passes its budget: nothing after that byte is read.
 */
export async function receiveFile(
  file: Readable,
  rule: { maxBytes: number; accepted: readonly string[] },
  budget: Budget,
  store: BlobStore,
): Promise<Received> {
  const source = file[Symbol.asyncIterator]() as AsyncIterator<Buffer>;
  const head: Buffer[] = [];
  let headBytes = 0;
  let ended = false;
  while (headBytes < SNIFF_BYTES) {
    const next = await source.next();
    if (next.done) {
      ended = true;
      break;
    }
    head.push(next.value);
    headBytes += next.value.length;
  }
  const found = sniff(Buffer.concat(head));
  let size = 0;
  const count = (chunk: Buffer) => {
    size += chunk.length;
    budget.remaining -= chunk.length;
    if (size > rule.maxBytes) throw new LimitExceeded('file', rule.maxBytes);
    if (budget.remaining < 0) throw new LimitExceeded('submission', budget.limit);
    return chunk;
  };
  async function* content() {
    for (const chunk of head) yield count(chunk);
    if (ended) return;
    for (let next = await source.next(); !next.done; next = await source.next()) yield count(next.value);
  }
  if (rule.accepted.includes(found.mediaType) && headBytes > 0) {
    const stored = await store.put(Readable.from(content(), { objectMode: false }));
    return { kind: 'stored', ...stored, found };
  }
  for await (const _chunk of content()); // read to the part's end, keeping nothing
  return { kind: 'refused', size, found };
}

/** Why a client's file name cannot be kept, or undefined. Names are metadata only; they never reach a path. */
export function fileNameProblem(name: string): string | undefined {
  if (name.length > 255) return 'the file name is longer than 255 characters';
  if (/[/\\]/.test(name)) return 'the file name contains a path separator (/ or \\)';
  if (/[\u0000-\u001f\u007f]/.test(name)) return 'the file name contains control characters';
  if (/^\.+$/.test(name.trim()) || name.trim() === '') return 'the file name is empty or only dots';
  return undefined;
}
