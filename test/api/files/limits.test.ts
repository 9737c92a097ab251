import { mkdtempSync, readdirSync } from 'node:fs';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { Client, Connection } from '@temporalio/client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp, type App } from '../../../api/app';
import type { FileBlobStore } from '../../../api/files/blob-store';
import { dossierSubmissions } from '../../../db/schema';
import { defaultCalendarProvider } from '../../../temporal-config/calendars';
import { applicant, authHeader, testAuthSettings } from '../../support/auth';
import { migratedDatabase, type TestDatabase } from '../../support/databases';
import { multipart, pdf, submissionPart } from './support';

// Size limits answer 413 before the whole body is read. Nothing here reaches the workflow, so the API runs on its
// own (lazy Temporal connection) with a small global cap of 1 MiB; per-file limits are the catalogue's 10 MiB.
const MiB = 1024 * 1024;
const FORM = '000.00.00.G15-KQ003967';
const citizen = applicant('001099012345');
const submission = (documents: unknown[]) => ({
  procedureCode: '1.001193',
  unitCode: '000.00.01.H56',
  channel: 'online',
  applicant: { kind: 'citizen', fullName: 'Nguyễn Văn An', identifier: citizen.sub },
  documents,
});

describe('upload limits', () => {
  let app: App;
  let database: TestDatabase;
  let url: URL;
  beforeAll(async () => {
    database = await migratedDatabase('pglite');
    const temporal = new Client({ connection: Connection.lazy({ address: '127.0.0.1:1' }) });
    const files = { dataDir: mkdtempSync(join(tmpdir(), 'motcua-limits-')), maxSubmissionBytes: 12 * MiB };
    app = await buildApp({ temporal, database, calendars: defaultCalendarProvider(), taskQueue: 'unused', decisionTimeoutMs: 1000, auth: await testAuthSettings(), files });
    url = new URL(await app.listen({ host: '127.0.0.1', port: 0 }));
  });
  afterAll(async () => {
    await app?.close();
    await database?.dispose();
  });

  /** Streams a multipart body (chunked, no length) of `head` then `fileBytes` of PDF, then `tail`; counts what was sent. */
  async function streamUpload(parts: { head: Buffer; fileBytes: number; tail: Buffer }[], boundary: string) {
    let sent = 0;
    async function* body() {
      for (const part of parts) {
        yield part.head;
        sent += part.head.length;
        const chunk = Buffer.alloc(64 * 1024, 0x41);
        chunk.write('%PDF-1.7\n');
        for (let written = 0; written < part.fileBytes; written += chunk.length) {
          sent += chunk.length;
          yield chunk;
        }
        yield part.tail;
      }
      yield Buffer.from(`--${boundary}--\r\n`);
    }
    const headers = { ...(await authHeader(citizen)), 'content-type': `multipart/form-data; boundary=${boundary}`, 'idempotency-key': `limits-${Date.now()}` };
    return new Promise<{ status: number; body: any; sentWhenAnswered: number }>((resolve, reject) => {
      const req = request(url, { method: 'POST', path: '/v1/dossiers', headers }, (response) => {
        const sentWhenAnswered = sent;
        let text = '';
        response.on('data', (chunk) => (text += chunk));
        response.on('end', () => resolve({ status: response.statusCode!, body: JSON.parse(text), sentWhenAnswered }));
      });
      req.on('error', (error: NodeJS.ErrnoException) => {
        if (!['EPIPE', 'ECONNRESET'].includes(error.code ?? '')) reject(error);
      });
      Readable.from(body()).on('error', () => {}).pipe(req);
    });
  }

  function filePart(boundary: string, name: string) {
    const head = Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="${name}"; filename="${name}.pdf"\r\nContent-Type: application/pdf\r\n\r\n`);
    return { head, tail: Buffer.from('\r\n') };
  }

  function submissionHead(boundary: string, documents: unknown[]) {
    const encoded = multipart([submissionPart(submission(documents))]).body.toString();
    return Buffer.from(encoded.replace(/^--(\S+)/, `--${boundary}`).replace(/--\S+--\r\n$/, ''));
  }

  const store = () => app.files.blobs as FileBlobStore;

  it("answers 413 once a file passes its component's limit, without reading the rest of the body", async () => {
    const boundary = 'limitsboundary1';
    const head = submissionHead(boundary, [{ componentCode: FORM, part: 'form' }]);
    const total = 60 * MiB;
    const answer = await streamUpload([{ ...filePart(boundary, 'form'), head: Buffer.concat([head, filePart(boundary, 'form').head]), fileBytes: total }], boundary);
    expect(answer.status).toBe(413);
    expect(answer.body).toMatchObject({ field: 'parts.form', title: 'Payload too large' });
    expect(answer.body.errors).toEqual([{ field: 'parts.form', message: "larger than the component's limit of 10485760 bytes" }]);
    // The server stopped at 10 MiB: what the client managed to send is that plus socket buffers, far from 60 MiB.
    expect(answer.sentWhenAnswered).toBeLessThan(20 * MiB);
    expect(readdirSync(join(store().root, 'tmp'))).toEqual([]);
    expect(await database.db.select().from(dossierSubmissions)).toEqual([]);
  });

  it('answers 413 once the files together pass the global cap', async () => {
    const boundary = 'limitsboundary2';
    const documents = [
      { componentCode: FORM, part: 'a' },
      { componentCode: '000.00.00.G15-KQ004389', part: 'b' },
    ];
    const answer = await streamUpload(
      [
        { ...filePart(boundary, 'a'), head: Buffer.concat([submissionHead(boundary, documents), filePart(boundary, 'a').head]), fileBytes: 8 * MiB },
        { ...filePart(boundary, 'b'), fileBytes: 40 * MiB },
      ],
      boundary,
    );
    expect(answer.status).toBe(413);
    expect(answer.body.errors[0]).toEqual({ field: 'parts.b', message: `the submission is larger than ${12 * MiB} bytes in all` });
    expect(answer.sentWhenAnswered).toBeLessThan(25 * MiB);
  });

  it('refuses a declared Content-Length over the cap before reading anything', async () => {
    const { body, contentType } = multipart([submissionPart(submission([]))]);
    const response = await app.inject({
      method: 'POST',
      url: '/v1/dossiers',
      headers: { ...(await authHeader(citizen)), 'content-type': contentType, 'idempotency-key': 'limits-declared', 'content-length': String(200 * MiB) },
      payload: body,
    });
    expect(response.statusCode).toBe(413);
    expect(response.json()).toMatchObject({ field: 'headers.content-length' });
    expect(response.headers.connection).toBe('close');
  });

  it('answers 413 for a submission part over 256 KiB, as a field or as a file part', async () => {
    const big = JSON.stringify({ ...submission([]), padding: 'x'.repeat(300 * 1024) });
    for (const part of [{ name: 'submission', content: big }, { name: 'submission', filename: 's.json', type: 'application/json', content: big }]) {
      const { body, contentType } = multipart([part]);
      const response = await app.inject({ method: 'POST', url: '/v1/dossiers', headers: { ...(await authHeader(citizen)), 'content-type': contentType, 'idempotency-key': 'limits-part' }, payload: body });
      expect(response.statusCode).toBe(413);
      expect(response.json()).toMatchObject({ field: 'submission' });
    }
  });

  it('answers 400 naming the body for a multipart body that is malformed, and stores nothing', async () => {
    const { body: whole, contentType } = multipart([submissionPart(submission([{ componentCode: FORM, part: 'form' }])), { name: 'form', filename: 'f.pdf', type: 'application/pdf', content: pdf() }]);
    const cutInTheFile = whole.subarray(0, whole.length - 60); // the file part loses its end and the closing delimiter
    const bodies: [string, string, Buffer | string][] = [
      ['JSON under a multipart type', contentType, JSON.stringify(submission([]))],
      ['no boundary', 'multipart/form-data', whole],
      ['another boundary than the body uses', 'multipart/form-data; boundary=elsewhere', whole],
      ['cut short inside the file', contentType, cutInTheFile],
    ];
    const storedBefore = readdirSync(store().root, { recursive: true }).length;
    for (const [index, [label, type, payload]] of bodies.entries()) {
      const response = await app.inject({ method: 'POST', url: '/v1/dossiers', headers: { ...(await authHeader(citizen)), 'content-type': type, 'idempotency-key': `malformed-${index}` }, payload });
      expect({ label, status: response.statusCode }).toEqual({ label, status: 400 });
      expect({ label, problem: response.json() }).toMatchObject({ label, problem: { status: 400, field: expect.stringMatching(/^(body|submission|headers\.content-type)$/) } });
    }
    expect(readdirSync(store().root, { recursive: true }).length).toBe(storedBefore);
    expect(await database.db.select().from(dossierSubmissions)).toEqual([]);
  });

  it('stores a small valid file in the content-addressed layout', async () => {
    const content = pdf();
    const stored = await store().put(Readable.from([content]));
    expect(store().pathOf(stored.sha256)).toBe(join(store().root, 'sha256', stored.sha256.slice(0, 2), stored.sha256.slice(2, 4), stored.sha256));
  });
});
