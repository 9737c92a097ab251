import source from '../../db/seed/procedures.source.json' with { type: 'json' };
import type { SubmissionRequest } from '../../workflows/dossier/inputs';

/** What the automatic technical check (Decree 45/2020 Art. 11) needs to know about one component (thành phần). */
export interface ComponentRule {
  /** The portal's component code; the submission's manifest names components by it. */
  code: string;
  name: string;
  /** Must be present (uploaded or referenced from the warehouse) for the submission to pass. */
  required: boolean;
  /** Media types accepted, checked against the content's magic bytes. */
  mediaTypes: string[];
  /** Per-file limit, enforced while the file streams in. */
  maxBytes: number;
}

export type Channel = SubmissionRequest['channel'];

/**
 * THE seam between the technical check and the procedure catalogue: the components a submission of this
 * procedure version through this channel may carry. The catalogue's `procedureComponents(code, version)` replaces
 * `seedComponentSource` at merge; nothing else in the API reads components.
 */
export type ComponentSource = (procedure: { code: string; version: number }, channel: Channel) => Promise<ComponentRule[]>;

/** Placeholder rules until the catalogue states them per component. */
export const DEFAULT_MEDIA_TYPES = ['application/pdf', 'image/jpeg', 'image/png'];
export const DEFAULT_MAX_BYTES = 10 * 1024 * 1024;

interface SourceComponent {
  group: string | null;
  nameVi: string;
  kind: string;
  condition: string | null;
  componentCode: string | null;
}

/** The source's conditions that name a channel (our reading; every other condition is a case of the applicant's). */
const CHANNEL_CONDITIONS: Record<string, Channel[]> = {
  'Nộp trực tuyến': ['online'],
  'Nộp trực tiếp': ['counter'],
  'Gửi hồ sơ qua bưu chính': ['postal'],
  'Nộp trực tiếp hoặc qua bưu chính': ['counter', 'postal'],
};

const IF_ANY = /\(nếu có\)|^trường hợp|(đối với|trong) trường hợp/i;

/**
 * Reads `dossierComponents` of the seed source (db/seed/procedures.source.json), every version alike:
 * - only `kind: "submit"` (nộp); `present` (xuất trình) is shown at the counter, never uploaded;
 * - a channel condition keeps the component to that channel; any other condition (abandoned child, a mandate…)
 *   is a case the check cannot know, so the component is optional;
 * - components under two or more case headings (groups not starting with `*`) are alternatives: optional;
 * - a name saying "(nếu có)" (if any), starting with "Trường hợp" (in the case…) or saying "đối với / trong
 *   trường hợp" (for the case…) is optional;
 * - a missing or repeated component code gets `<procedure>.TP<n>` (n = position in the source, from 1).
 */
export const seedComponentSource: ComponentSource = async ({ code }, channel) => seedComponents(code, channel);

export function seedComponents(procedureCode: string, channel: Channel): ComponentRule[] {
  const procedure = (source as { code: string; dossierComponents?: SourceComponent[] | null }[]).find((p) => p.code === procedureCode);
  const components = procedure?.dossierComponents ?? [];
  const submitted = components.filter((c) => c.kind === 'submit');
  const caseGroups = new Set(submitted.flatMap((c) => (c.group && !c.group.trim().startsWith('*') ? [c.group] : [])));
  const seen = new Set<string>();
  return components.flatMap((component, index) => {
    if (component.kind !== 'submit') return [];
    const channels = component.condition ? CHANNEL_CONDITIONS[component.condition] : undefined;
    if (channels && !channels.includes(channel)) return [];
    const code = component.componentCode && !seen.has(component.componentCode) ? component.componentCode : `${procedureCode}.TP${index + 1}`;
    seen.add(code);
    const conditional = component.condition !== null && channels === undefined;
    const alternative = caseGroups.size >= 2 && component.group !== null && caseGroups.has(component.group);
    const ifAny = IF_ANY.test(component.nameVi.normalize('NFC').replace(/^[-+*\s]+/, ''));
    return [
      {
        code,
        name: component.nameVi.replace(/^[-+*\s]+/, '').trim(),
        required: !conditional && !alternative && !ifAny,
        mediaTypes: DEFAULT_MEDIA_TYPES,
        maxBytes: DEFAULT_MAX_BYTES,
      },
    ];
  });
}
