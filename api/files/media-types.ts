// What a file is, from its first bytes (magic numbers), not from its name or the type a client declared.

interface Signature {
  mediaType: string;
  description: string;
  magic: number[];
  offset?: number;
}

/** Accepted types first; the rest are recognised only to name them in a rejection. */
const SIGNATURES: Signature[] = [
  { mediaType: 'application/pdf', description: 'PDF document', magic: [0x25, 0x50, 0x44, 0x46, 0x2d] }, // %PDF-
  { mediaType: 'image/png', description: 'PNG image', magic: [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a] },
  { mediaType: 'image/jpeg', description: 'JPEG image', magic: [0xff, 0xd8, 0xff] },
  { mediaType: 'image/gif', description: 'GIF image', magic: [0x47, 0x49, 0x46, 0x38] },
  { mediaType: 'image/tiff', description: 'TIFF image', magic: [0x49, 0x49, 0x2a, 0x00] },
  { mediaType: 'image/tiff', description: 'TIFF image', magic: [0x4d, 0x4d, 0x00, 0x2a] },
  { mediaType: 'application/vnd.microsoft.portable-executable', description: 'Windows executable', magic: [0x4d, 0x5a] },
  { mediaType: 'application/x-executable', description: 'ELF executable', magic: [0x7f, 0x45, 0x4c, 0x46] },
  { mediaType: 'application/zip', description: 'ZIP archive (or an Office document)', magic: [0x50, 0x4b, 0x03, 0x04] },
  { mediaType: 'application/x-ole-storage', description: 'legacy Office document', magic: [0xd0, 0xcf, 0x11, 0xe0] },
  { mediaType: 'application/x-rar-compressed', description: 'RAR archive', magic: [0x52, 0x61, 0x72, 0x21] },
  { mediaType: 'application/gzip', description: 'gzip archive', magic: [0x1f, 0x8b] },
];

/** Bytes to read before deciding. */
export const SNIFF_BYTES = 16;

export interface Sniffed {
  mediaType: string;
  description: string;
}

/** The type the content's first bytes show, or `unknown` (never trusted as anything). */
export function sniff(head: Uint8Array): Sniffed {
  const found = SIGNATURES.find(({ magic, offset = 0 }) => magic.every((byte, i) => head[offset + i] === byte));
  return found ?? { mediaType: 'application/octet-stream', description: 'unrecognised content' };
}

/** Types a client may declare without saying anything about the content. */
const UNSPECIFIC = new Set(['application/octet-stream', 'binary/octet-stream', '']);

/** A declared type contradicts the content when it is specific and names another type (parameters ignored). */
export function contradicts(declared: string | undefined, found: string): boolean {
  const bare = (declared ?? '').split(';')[0]!.trim().toLowerCase();
  if (UNSPECIFIC.has(bare)) return false;
  return bare !== found && !(bare === 'image/jpg' && found === 'image/jpeg');
}

const EXTENSIONS: Record<string, string> = { 'application/pdf': 'pdf', 'image/png': 'png', 'image/jpeg': 'jpg' };
export const extensionOf = (mediaType: string) => EXTENSIONS[mediaType] ?? 'bin';
