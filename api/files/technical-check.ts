import type { Multipart, MultipartFile } from '@fastify/multipart';
import type { WarehouseItemRow } from '../../db/schema';
import type { DocumentEntry } from '../schemas/files';
import type { BlobStore } from './blob-store';
import type { ComponentRule } from './component-rules';
import { contradicts, extensionOf } from './media-types';
import { fileNameProblem, LimitExceeded, receiveFile, type Budget } from './receive';

// The automatic technical check of a submission (Decree 45/2020 Art. 11(1)): every required component present,
// accepted types (by magic bytes), size limits, digests. It collects EVERY problem, each naming its field.

export interface FieldProblem {
  field: string;
  message: string;
}

/** A component of the dossier as it will be recorded. */
export interface CheckedDocument {
  componentCode: string;
  name: string;
  sha256: string;
  size: number;
  mediaType: string;
  source: 'upload' | 'warehouse';
  warehouseItemId: string | null;
}

const listOf = (types: readonly string[]) => types.join(', ');
const shorten = (text: string) => (text.length > 100 ? `${text.slice(0, 99)}…` : text);

export class TechnicalCheck {
  readonly problems: FieldProblem[] = [];
  private readonly checked: (CheckedDocument | undefined)[];
  private readonly rules: Map<string, ComponentRule>;
  /** Manifest position of each upload entry, by part name. */
  private readonly parts = new Map<string, number>();
  private readonly received = new Set<string>();

  constructor(
    private readonly manifest: DocumentEntry[],
    rules: ComponentRule[],
    private readonly described: { procedureCode: string; channel: string },
  ) {
    this.rules = new Map(rules.map((rule) => [rule.code, rule]));
    this.checked = manifest.map(() => undefined);
    this.checkManifest(rules);
  }

  private problem(field: string, message: string) {
    this.problems.push({ field, message });
  }

  /** What the manifest alone shows: unknown components, repeated parts, required components with no entry. */
  private checkManifest(rules: ComponentRule[]) {
    this.manifest.forEach((entry, i) => {
      if (!this.rules.has(entry.componentCode)) {
        const { procedureCode, channel } = this.described;
        this.problem(`documents.${i}.componentCode`, `${entry.componentCode} is not a component of procedure ${procedureCode} submitted ${channel}`);
      }
      if (!('part' in entry)) return;
      if (this.parts.has(entry.part)) this.problem(`documents.${i}.part`, `part ${entry.part} is named by two documents`);
      else this.parts.set(entry.part, i);
    });
    for (const rule of rules) {
      if (rule.required && !this.manifest.some((entry) => entry.componentCode === rule.code)) {
        this.problem(`components.${rule.code}`, `required component missing: ${shorten(rule.name)}`);
      }
    }
  }

  /** A JSON body cannot carry files: its upload entries are problems. */
  refuseUploads() {
    this.manifest.forEach((entry, i) => {
      if ('part' in entry) this.problem(`documents.${i}.part`, 'files are sent as parts of a multipart/form-data body');
    });
  }

  /** Resolves the warehouse entries against the applicant's items and the rules of the components they fill. */
  async checkWarehouse(find: (id: string) => Promise<WarehouseItemRow | undefined>, blobs: BlobStore) {
    for (const [i, entry] of this.manifest.entries()) {
      if (!('warehouseItem' in entry)) continue;
      const field = `documents.${i}.warehouseItem`;
      const item = await find(entry.warehouseItem);
      if (!item || !(await blobs.has(item.sha256))) {
        this.problem(field, `${entry.warehouseItem} is not in the applicant's warehouse`);
        continue;
      }
      const rule = this.rules.get(entry.componentCode);
      if (entry.sha256 && entry.sha256 !== item.sha256) this.problem(field, `the item's sha256 is ${item.sha256}, the manifest declared ${entry.sha256}`);
      if (rule && !rule.mediaTypes.includes(item.mediaType)) this.problem(field, `the item is ${item.mediaType}; accepted: ${listOf(rule.mediaTypes)}`);
      if (rule && item.size > rule.maxBytes) this.problem(field, `the item has ${item.size} bytes; the limit is ${rule.maxBytes}`);
      const { componentCode } = entry;
      this.checked[i] = { componentCode, name: item.name, sha256: item.sha256, size: item.size, mediaType: item.mediaType, source: 'warehouse', warehouseItemId: item.id };
    }
  }

  /**
   * Reads the file parts in order, storing accepted content. A size limit crossed throws LimitExceeded at once
   * (the caller answers 413 with `problems` so far); every other problem is listed and the next part read.
   */
  async receive(parts: AsyncIterator<Multipart>, budget: Budget, blobs: BlobStore, maxFiles: number) {
    let files = 0;
    for (let next = await parts.next(); !next.done; next = await parts.next()) {
      const part = next.value;
      const field = `parts.${part.fieldname}`;
      if (part.type === 'field') {
        this.problem(field, 'unexpected field: after the submission part, only file parts named in the manifest');
        continue;
      }
      if (++files > maxFiles) {
        this.problem(field, `more than ${maxFiles} files`);
        await receiveFile(part.file, { maxBytes: budget.limit, accepted: [] }, budget, blobs);
        continue;
      }
      try {
        await this.receivePart(part, field, budget, blobs);
      } catch (error) {
        // Listed first: it is why the answer is 413 and why the rest of the body was not read.
        if (error instanceof LimitExceeded) this.problems.unshift({ field, message: error.message });
        throw error;
      }
    }
    for (const [name, i] of this.parts) {
      if (!this.received.has(name)) this.problem(`parts.${name}`, `the manifest's document ${i} names part ${name}, which was not sent`);
    }
  }

  private async receivePart(part: MultipartFile, field: string, budget: Budget, blobs: BlobStore) {
    const i = this.parts.get(part.fieldname);
    const rule = i === undefined ? undefined : this.rules.get(this.manifest[i]!.componentCode);
    const known = i !== undefined && !this.received.has(part.fieldname);
    if (!known) this.problem(field, i === undefined ? 'no document of the manifest names this part' : 'the part is sent twice');
    const nameProblem = part.filename ? fileNameProblem(part.filename) : undefined;
    if (nameProblem) this.problem(`${field}.filename`, nameProblem);
    const limits = { maxBytes: rule?.maxBytes ?? budget.limit, accepted: known && rule ? rule.mediaTypes : [] };
    const received = await receiveFile(part.file, limits, budget, blobs);
    if (known) this.received.add(part.fieldname);
    if (!known || !rule) return;
    const { found } = received;
    if (received.size === 0) return this.problem(field, 'the file is empty');
    if (received.kind === 'refused') {
      return this.problem(field, `the content is ${found.description} (${found.mediaType}); accepted: ${listOf(rule.mediaTypes)}`);
    }
    if (contradicts(part.mimetype, found.mediaType)) {
      this.problem(field, `declared as ${part.mimetype} but the content is ${found.description} (${found.mediaType})`);
    }
    const entry = this.manifest[i!]!;
    if (entry.sha256 && entry.sha256 !== received.sha256) {
      this.problem(field, `the content's sha256 is ${received.sha256}, the manifest declared ${entry.sha256}`);
    }
    const name = part.filename && !nameProblem ? part.filename.normalize('NFC') : `${entry.componentCode}.${extensionOf(found.mediaType)}`;
    this.checked[i!] = { componentCode: entry.componentCode, name, sha256: received.sha256, size: received.size, mediaType: found.mediaType, source: 'upload', warehouseItemId: null };
  }

  /** The documents in manifest order; only meaningful when `problems` is empty. */
  documents(): CheckedDocument[] {
    return this.checked.filter((document): document is CheckedDocument => document !== undefined);
  }
}
