import { createHash, randomBytes } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { mkdir, open, rename, stat, unlink, type FileHandle } from 'node:fs/promises';
import { dirname, join, relative, sep } from 'node:path';
import { Transform, Writable, type Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';

/**
 * Where file content lives, addressed by its SHA-256 (docs/files.md, "Storage"). The contract every
 * implementation keeps (a filesystem today; an S3-compatible store can be added behind the same three methods):
 *
 * - `put` consumes the stream, and resolves only once the content is durable: after that, a crash or a power cut
 *   does not lose it. It resolves with the content's SHA-256 (lower-case hex) and size in bytes. If the stream
 *   errors (a size limit, a client that went away), `put` rejects and leaves nothing visible under any digest.
 *   Putting content that is already stored keeps one copy and resolves with the same digest.
 * - `get` streams the content of a digest, or resolves undefined when there is none.
 * - `has` tells whether a digest is stored.
 * - Names, media types and owners are not the store's business: they are rows in the database. The store never
 *   sees a client's file name, so no name can reach a path.
 * - Content is never overwritten or deleted through this interface; unreferenced content (a rejected submission's
 *   files) is removed by a separate sweep (docs/files.md, "Cleanup").
 *
 * For S3: `put` uploads to a temporary key (or a multipart upload) while hashing, then copies to `sha256/<hash>`
 * with `If-None-Match: *` and deletes the temporary key; S3 acknowledges a PUT only once it is durable.
 */
export interface BlobStore {
  put(content: Readable): Promise<StoredBlob>;
  get(sha256: string): Promise<Readable | undefined>;
  has(sha256: string): Promise<boolean>;
}

export interface StoredBlob {
  sha256: string;
  size: number;
}

export const SHA256_HEX = /^[0-9a-f]{64}$/;

/**
 * The default store: `<root>/sha256/ab/cd/<hash>`. Content is written to `<root>/tmp/` (same filesystem), fsync'd,
 * renamed into place, and the directory that gained the entry is fsync'd too, so both the bytes and the name
 * survive a crash before `put` resolves.
 */
export type FileBlobStore = BlobStore & { root: string; pathOf(sha256: string): string };

export function fileBlobStore(root: string): FileBlobStore {
  const tmpDir = join(root, 'tmp');
  const pathOf = (sha256: string) => {
    if (!SHA256_HEX.test(sha256)) throw new Error('not a SHA-256 digest');
    return join(root, 'sha256', sha256.slice(0, 2), sha256.slice(2, 4), sha256);
  };

  return {
    root,
    pathOf,

    async put(content) {
      await mkdir(tmpDir, { recursive: true });
      const tmp = join(tmpDir, `${Date.now()}-${randomBytes(8).toString('hex')}`);
      const hash = createHash('sha256');
      let size = 0;
      const digesting = new Transform({
        transform(chunk: Buffer, _encoding, done) {
          hash.update(chunk);
          size += chunk.length;
          done(null, chunk);
        },
      });
      try {
        const file = await open(tmp, 'wx', 0o640);
        try {
          await pipeline(content, digesting, syncedWriter(file));
        } finally {
          await file.close();
        }
        const sha256 = hash.digest('hex');
        const target = pathOf(sha256);
        if (await exists(target)) {
          await unlink(tmp);
        } else {
          await mkdirDurably(dirname(target));
          await rename(tmp, target);
          await syncDirectory(dirname(target));
        }
        return { sha256, size };
      } catch (error) {
        await unlink(tmp).catch(() => {});
        throw error;
      }
    },

    async get(sha256) {
      if (!SHA256_HEX.test(sha256) || !(await exists(pathOf(sha256)))) return undefined;
      return createReadStream(pathOf(sha256));
    },

    async has(sha256) {
      return SHA256_HEX.test(sha256) && exists(pathOf(sha256));
    },
  };
}

const exists = (path: string) =>
  stat(path).then(
    () => true,
    (error: NodeJS.ErrnoException) => {
      if (error.code === 'ENOENT') return false;
      throw error;
    },
  );

/** Creates `dir` and fsyncs the parent of every directory it created, so new entries are durable. */
async function mkdirDurably(dir: string): Promise<void> {
  const first = await mkdir(dir, { recursive: true });
  if (first === undefined) return;
  const created = relative(dirname(first), dir).split(sep);
  let parent = dirname(first);
  for (const part of created) {
    await syncDirectory(parent);
    parent = join(parent, part);
  }
}

/** Writes to `file` and fsyncs it before finishing: `put` cannot resolve before the bytes are on disk. */
function syncedWriter(file: FileHandle): Writable {
  return new Writable({
    write(chunk: Buffer, _encoding, done) {
      file.write(chunk).then(() => done(), done);
    },
    final(done) {
      file.sync().then(() => done(), done);
    },
  });
}

async function syncDirectory(dir: string): Promise<void> {
  const handle = await open(dir, 'r');
  try {
    await handle.sync();
  } finally {
    await handle.close();
  }
}
