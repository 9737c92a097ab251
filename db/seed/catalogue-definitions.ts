import {
  DEFAULT_ACCEPTED_MEDIA_TYPES,
  DEFAULT_MAX_SIZE_BYTES,
  type CatalogueDefinition,
  type DossierComponent,
} from '../catalogue/definition';
import { componentInterpretations, type ComponentInterpretation } from './interpretations/components';
import { buildSnapshot, procedureInterpretations } from './procedure-snapshots';
import { sourceProcedures, type SourceProcedure } from './source-procedures';

// The seed catalogue's definitions: the snapshot fields from procedure-snapshots.ts (interpretations checked
// against the source), plus what only the catalogue holds, copied verbatim from procedures.source.json (sector,
// English gloss, components, legal basis, sources, stated texts) with the component readings of
// interpretations/components.ts and the default acceptance rules. The result is *input*: the import validates it
// with `validateDefinition`, exactly as an admin's edit.

function components(p: SourceProcedure): DossierComponent[] {
  const rows = p.dossierComponents ?? [];
  const readings: ComponentInterpretation[] | undefined = componentInterpretations[p.code];
  if (!readings || readings.length !== rows.length) {
    throw new Error(`procedure ${p.code}: ${rows.length} source components but ${readings?.length ?? 'no'} component readings`);
  }
  return rows.map((row, i) => {
    const reading = readings[i]!;
    return {
      id: row.componentCode ?? `component-${i + 1}`,
      name: row.nameVi,
      group: row.group ?? null,
      kind: row.kind,
      originals: row.originals,
      copies: row.copies,
      condition: row.condition,
      componentCode: row.componentCode,
      note: row.note ?? null,
      required: reading.required,
      channels: reading.channels ?? null,
      reusable: reading.reusable,
      acceptedMediaTypes: [...DEFAULT_ACCEPTED_MEDIA_TYPES],
      maxSizeBytes: DEFAULT_MAX_SIZE_BYTES,
    };
  });
}

function statedTexts(p: SourceProcedure): CatalogueDefinition['statedTexts'] {
  const { countsFrom, variants = [], extensions = [], excludedPeriods = [], otherDeadlines = [] } = p.timeLimit;
  return {
    countsFrom,
    limitCases: [
      ...variants.map((v) => ({ kind: 'variant' as const, case: v.case, value: v.value ?? null, unit: v.unit, statedText: v.statedText ?? null })),
      ...extensions.map((e) => ({ kind: 'extension' as const, case: e.when, value: e.value ?? null, unit: e.unit, statedText: e.statedText ?? null })),
    ],
    excludedPeriods,
    otherDeadlines: otherDeadlines.map(({ what, statedText }) => ({ what, statedText })),
  };
}

function sources(p: SourceProcedure): CatalogueDefinition['sources'] {
  return p.sources.map((s) => ({
    title: s.title,
    url: s.url,
    kind: s.kind ?? null,
    copyReadAt: s.copyReadAt ?? null,
    recordUpdatedAt: s.recordUpdatedAt ?? null,
  }));
}

/** The definition of one seed procedure (unvalidated), or undefined when the code is not in the seed. */
export function seedDefinition(code: string): unknown {
  const interpretation = procedureInterpretations.find((i) => i.code === code);
  const p = sourceProcedures.find((s) => s.code === code);
  if (!interpretation || !p) return undefined;
  const { version: _version, ...snapshot } = buildSnapshot(interpretation);
  return {
    ...snapshot,
    nameEn: p.nameEn,
    field: p.field,
    components: components(p),
    legalBasis: p.legalBasis ?? [],
    sources: sources(p),
    statedTexts: statedTexts(p),
  };
}

/** Every seed procedure's definition, in the source's order. */
export function seedDefinitions(): unknown[] {
  return sourceProcedures.map((p) => seedDefinition(p.code));
}
