import { definitionDigest, validateDefinition, type CatalogueDefinition } from '../catalogue/definition';
import type { Database, Executor } from '../client';
import { CATALOGUE_IMPORT_LOCK, type Author } from '../repositories/procedure-catalogue-lifecycle';
import { createProcedureCatalogue } from '../repositories/procedure-catalogue';
import { seedDefinitions } from './catalogue-definitions';

// Imports the seed procedures (procedures.source.json through the interpretations) into the catalogue, through
// the same validation and lifecycle as an admin's edit. It runs with every migration (db/client.ts), so it is
// idempotent: a seed definition already taken in is skipped, whatever admins did since; a changed one becomes
// a new version, published at once only while the seed still owns the code (its published version is the
// seed's); once an admin has published or withdrawn a version, the change waits as a draft for their review.

export const SEED_AUTHOR: Author = { actor: 'seed-import', origin: 'seed' };

export interface ImportReport {
  /** New codes, published as version 1. */
  created: string[];
  /** Seed changes published as a new version. */
  updated: string[];
  /** Seed changes left as a draft because admins own the code. */
  drafted: string[];
  unchanged: string[];
  /** Seed changes not taken in (an admin's draft is open); retried at the next import. */
  skipped: { code: string; reason: string }[];
}

class InvalidSeed extends Error {}

/** Validates every seed definition first: one invalid definition imports nothing. */
function validSeed(inputs: readonly unknown[]): CatalogueDefinition[] {
  return inputs.map((input) => {
    const check = validateDefinition(input);
    if (check.ok) return check.definition;
    const code = (input as { code?: unknown } | null)?.code;
    const problems = check.issues.map((i) => `${i.field || '(definition)'}: ${i.message}`).join('; ');
    throw new InvalidSeed(`seed procedure ${String(code)} is invalid: ${problems}`);
  });
}

export async function importSeedCatalogue(db: Database | Executor, inputs: readonly unknown[] = seedDefinitions()): Promise<ImportReport> {
  const definitions = validSeed(inputs);
  const report: ImportReport = { created: [], updated: [], drafted: [], unchanged: [], skipped: [] };
  await db.transaction(async (tx) => {
    // API and worker both migrate at start: one import at a time.
    await tx.execute(CATALOGUE_IMPORT_LOCK);
    const catalogue = createProcedureCatalogue(tx);
    for (const d of definitions) {
      const outcome = await importOne(catalogue, d);
      if (typeof outcome === 'string') report[outcome].push(d.code);
      else report.skipped.push({ code: d.code, reason: outcome.skipped });
    }
  });
  return report;
}

type Catalogue = ReturnType<typeof createProcedureCatalogue>;
type Outcome = 'created' | 'updated' | 'drafted' | 'unchanged' | { skipped: string };

async function importOne(catalogue: Catalogue, d: CatalogueDefinition): Promise<Outcome> {
  const digest = definitionDigest(d);
  const known = await catalogue.seedDigest(d.code);
  if (known === undefined) {
    await catalogue.createProcedure(d, SEED_AUTHOR);
    await catalogue.publish(d.code, 1, SEED_AUTHOR);
    await catalogue.markSeed(d.code, digest);
    return 'created';
  }
  if (known === digest) return 'unchanged';
  const [published, draft] = [await catalogue.published(d.code), await catalogue.draft(d.code)];
  if (published?.definitionSha256 === digest) {
    await catalogue.markSeed(d.code, digest);
    return 'unchanged';
  }
  if (draft) return { skipped: `version ${draft.version} is an open draft; the seed change waits until it is published or withdrawn` };
  const next = await catalogue.createDraft(d.code, SEED_AUTHOR, d);
  const seedOwnsIt = published?.origin === 'seed';
  if (seedOwnsIt) await catalogue.publish(d.code, next.version, SEED_AUTHOR);
  await catalogue.markSeed(d.code, digest);
  return seedOwnsIt ? 'updated' : 'drafted';
}
