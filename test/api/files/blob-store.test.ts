import { createHash } from 'node:crypto';
import { mkdtempSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { text } from 'node:stream/consumers';
import { describe, expect, it } from 'vitest';
import { fileBlobStore } from '../../../api/files/blob-store';

// The default blob store: content-addressed files, durable when `put` resolves, one copy per content.
const store = () => fileBlobStore(mkdtempSync(join(tmpdir(), 'motcua-blobs-')));
const digest = (content: string) => createHash('sha256').update(content).digest('hex');

describe('the file blob store', () => {
  it('stores content under sha256/ab/cd/<hash> and answers its digest and size', async () => {
    const blobs = store();
    const stored = await blobs.put(Readable.from([Buffer.from('Giấy '), Buffer.from('khai sinh')]));
    expect(stored).toEqual({ sha256: digest('Giấy khai sinh'), size: Buffer.byteLength('Giấy khai sinh') });
    const path = join(blobs.root, 'sha256', stored.sha256.slice(0, 2), stored.sha256.slice(2, 4), stored.sha256);
    expect(readFileSync(path, 'utf8')).toBe('Giấy khai sinh');
    expect(statSync(path).isFile()).toBe(true);
    expect(await blobs.has(stored.sha256)).toBe(true);
    expect(await text((await blobs.get(stored.sha256))!)).toBe('Giấy khai sinh');
    expect(readdirSync(join(blobs.root, 'tmp'))).toEqual([]);
  });

  it('keeps one copy of identical content', async () => {
    const blobs = store();
    const [a, b] = await Promise.all([blobs.put(Readable.from(['same'])), blobs.put(Readable.from(['same']))]);
    expect(a).toEqual(b);
    const files = readdirSync(join(blobs.root, 'sha256'), { recursive: true, withFileTypes: true }).filter((entry) => entry.isFile());
    expect(files.map((entry) => entry.name)).toEqual([digest('same')]);
    expect(readdirSync(join(blobs.root, 'tmp'))).toEqual([]);
  });

  it('leaves nothing behind when the stream fails', async () => {
    const blobs = store();
    async function* failing() {
      yield Buffer.from('partial');
      throw new Error('client went away');
    }
    await expect(blobs.put(Readable.from(failing()))).rejects.toThrow('client went away');
    expect(readdirSync(join(blobs.root, 'tmp'))).toEqual([]);
    expect(await blobs.has(digest('partial'))).toBe(false);
  });

  it('answers nothing for unknown or malformed digests, so no name reaches a path', async () => {
    const blobs = store();
    expect(await blobs.has('0'.repeat(64))).toBe(false);
    expect(await blobs.get('0'.repeat(64))).toBeUndefined();
    expect(await blobs.has('../../etc/passwd')).toBe(false);
    expect(await blobs.get('../../etc/passwd')).toBeUndefined();
    expect(() => blobs.pathOf('../x')).toThrow('not a SHA-256 digest');
  });
});
