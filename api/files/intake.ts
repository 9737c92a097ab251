import type { Multipart } from '@fastify/multipart';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { problem } from '../errors';
import type { FileServices } from './services';
import { LimitExceeded } from './receive';
import type { TechnicalCheck } from './technical-check';

// The multipart/form-data form of `POST /v1/dossiers` (docs/files.md, "Submitting"): the first part is the
// submission (JSON), the file parts follow. The first part is read before validation, so the route's zod schema
// checks it exactly like a JSON body; the file parts are read by the handler, streaming, once the rules are known.

const pending = new WeakMap<FastifyRequest, AsyncIterator<Multipart>>();

/** The file parts still to read, for a multipart request; undefined for a JSON body. */
export const fileParts = (request: FastifyRequest) => pending.get(request);

/** Busboy's own limits sit just above ours, so ours are the ones that answer (with every problem listed). */
export function multipartOptions(limits: FileServices['limits']) {
  return {
    preservePath: true, // keep the client's name whole, so a path in it is refused rather than silently cut
    defParamCharset: 'utf8',
    throwFileSizeLimit: false,
    limits: {
      fieldNameSize: 100,
      fieldSize: limits.maxSubmissionPartBytes,
      fields: 20,
      fileSize: limits.maxSubmissionBytes + 1,
      files: limits.maxFiles + 1,
      parts: limits.maxFiles + 21,
      headerPairs: 100,
    },
  };
}

/** preValidation: refuses a declared length over the cap, then reads the `submission` part into `request.body`. */
export async function readSubmissionPart(request: FastifyRequest, limits: FileServices['limits']) {
  if (!request.isMultipart()) return;
  const declared = Number(request.headers['content-length'] ?? 0);
  const envelope = limits.maxSubmissionBytes + limits.maxSubmissionPartBytes + 1024 * 1024;
  if (declared > envelope) {
    throw problem(413, 'Payload too large', {
      detail: `the body declares ${declared} bytes; a submission may carry at most ${limits.maxSubmissionBytes} bytes of files`,
      field: 'headers.content-length',
    });
  }
  try {
    const parts = request.parts()[Symbol.asyncIterator]();
    const first = await parts.next();
    if (first.done || first.value.fieldname !== 'submission') {
      throw problem(400, 'Invalid request', { detail: 'submission: the first part must be the submission (JSON)', field: 'submission' });
    }
    const part = first.value;
    if (part.type === 'field' && part.valueTruncated) {
      throw problem(413, 'Payload too large', { detail: `submission: the part is larger than ${limits.maxSubmissionPartBytes} bytes`, field: 'submission' });
    }
    const raw = part.type === 'field' ? part.value : await readSmall(part.file, limits.maxSubmissionPartBytes);
    request.body = typeof raw === 'string' ? parseJson(raw) : raw;
    pending.set(request, parts);
  } catch (error) {
    throw malformedMultipart(error);
  }
}

/**
 * The multipart parser's own errors for a body that is not the multipart it declares (no boundary, no closing
 * delimiter, a part cut short) are the caller's fault: 400 naming the body, not 500. Every other error (the blob
 * store's, say) goes on unchanged.
 */
function malformedMultipart(error: unknown): unknown {
  const parser = error instanceof Error && !('statusCode' in error) && /multipart/i.test(error.message);
  return parser ? problem(400, 'Malformed multipart body', { detail: `body: ${(error as Error).message}`, field: 'body' }) : error;
}

/** The submission sent as a file part, read up to `max` bytes (413 past it, like a field over busboy's fieldSize). */
async function readSmall(file: AsyncIterable<Buffer>, max: number): Promise<string> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of file) {
    size += chunk.length;
    if (size > max) throw problem(413, 'Payload too large', { detail: `submission: the part is larger than ${max} bytes`, field: 'submission' });
    chunks.push(chunk);
  }
  return Buffer.concat(chunks).toString('utf8');
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    throw problem(400, 'Invalid request', { detail: 'submission: the part is not valid JSON', field: 'submission' });
  }
}

/** Reads the file parts through the check; a size limit crossed answers 413 with every problem found so far. */
export async function receiveFileParts(check: TechnicalCheck, parts: AsyncIterator<Multipart>, files: FileServices) {
  const budget = { remaining: files.limits.maxSubmissionBytes, limit: files.limits.maxSubmissionBytes };
  try {
    await check.receive(parts, budget, files.blobs, files.limits.maxFiles);
  } catch (error) {
    const limit = error instanceof LimitExceeded || (error as { statusCode?: number }).statusCode === 413;
    if (!limit) throw malformedMultipart(error);
    const [first] = check.problems;
    throw problem(413, 'Payload too large', {
      detail: `${first?.field ?? 'body'}: ${first?.message ?? (error as Error).message}; the rest of the body was not read`,
      field: first?.field ?? 'body',
      errors: check.problems,
    });
  }
}

/** A multipart request answered before its body was read to the end: close the connection instead of reading on. */
export function closeUnreadMultipart(request: FastifyRequest, reply: FastifyReply) {
  if (request.isMultipart() && reply.statusCode >= 400) reply.header('connection', 'close');
}
