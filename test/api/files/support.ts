import { createHash, randomUUID } from 'node:crypto';
import { PNG } from 'pngjs';
import type { FileBlobStore } from '../../../api/files/blob-store';
import { authHeader, type Caller } from '../../support/auth';
import type { TestSystem } from '../../support/system';

// Files with real magic numbers, a multipart encoder that sends exactly what a test says (file names included),
// and an HTTP helper for the file tests.

export const pdf = (text = 'Tờ khai') =>
  Buffer.from(`%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\n% ${text} ${randomUUID()}\ntrailer << /Root 1 0 R >>\n%%EOF\n`);

export function png(): Buffer {
  const image = new PNG({ width: 2, height: 2 });
  image.data.fill(200);
  return PNG.sync.write(image);
}

/** A JPEG header (SOI, JFIF APP0) and end marker around some bytes. */
export const jpeg = () =>
  Buffer.concat([Buffer.from([0xff, 0xd8, 0xff, 0xe0, 0x00, 0x10, 0x4a, 0x46, 0x49, 0x46, 0x00, 0x01]), Buffer.from(randomUUID()), Buffer.from([0xff, 0xd9])]);

/** A Windows executable's first bytes: what a `.exe` renamed `.pdf` still starts with. */
export const exe = () => Buffer.concat([Buffer.from('MZ\x90\x00\x03\x00\x00\x00', 'latin1'), Buffer.alloc(64, 0)]);

export const sha256 = (content: Buffer) => createHash('sha256').update(content).digest('hex');

export interface Part {
  name: string;
  filename?: string;
  type?: string;
  content: Buffer | string;
}

/** multipart/form-data, byte for byte: names are written as given (no escaping of `/` or `..`). */
export function multipart(parts: Part[]): { body: Buffer; contentType: string } {
  const boundary = `----motcua${randomUUID().replace(/-/g, '')}`;
  const chunks = parts.flatMap((part) => {
    const disposition = `form-data; name="${part.name}"${part.filename === undefined ? '' : `; filename="${part.filename}"`}`;
    const headers = [`Content-Disposition: ${disposition}`, ...(part.type ? [`Content-Type: ${part.type}`] : [])];
    return [Buffer.from(`--${boundary}\r\n${headers.join('\r\n')}\r\n\r\n`), Buffer.from(part.content), Buffer.from('\r\n')];
  });
  return { body: Buffer.concat([...chunks, Buffer.from(`--${boundary}--\r\n`)]), contentType: `multipart/form-data; boundary=${boundary}` };
}

export const submissionPart = (submission: unknown): Part => ({ name: 'submission', type: 'application/json', content: JSON.stringify(submission) });

export const newKey = () => `files-${randomUUID()}`;

export interface Answer {
  status: number;
  body: any;
  headers: Headers;
}

/** Calls the system's API as `caller`; JSON bodies are parsed, others returned as a Buffer. */
export function client(system: () => TestSystem) {
  const call = async (caller: Caller | null, method: string, path: string, init: { body?: Buffer | string; type?: string; key?: string } = {}): Promise<Answer> => {
    const headers: Record<string, string> = {
      ...(caller ? await authHeader(caller) : {}),
      ...(init.type ? { 'content-type': init.type } : {}),
      ...(init.key ? { 'idempotency-key': init.key } : {}),
    };
    const response = await fetch(`${system().url}${path}`, { method, headers, body: init.body });
    const type = response.headers.get('content-type') ?? '';
    const body = type.includes('json') ? await response.json() : Buffer.from(await response.arrayBuffer());
    return { status: response.status, body, headers: response.headers };
  };
  return {
    call,
    get: (caller: Caller | null, path: string) => call(caller, 'GET', path),
    post: (caller: Caller | null, path: string, json: unknown, key = newKey()) =>
      call(caller, 'POST', path, { body: JSON.stringify(json), type: 'application/json', key }),
    submit: (caller: Caller, parts: Part[], key = newKey()) => {
      const { body, contentType } = multipart(parts);
      return call(caller, 'POST', '/v1/dossiers', { body, type: contentType, key });
    },
  };
}

export const storeOf = (system: TestSystem) => system.app.files.blobs as FileBlobStore;
