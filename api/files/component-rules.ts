import type { ProcedureCatalogue } from '../../db/repositories/procedure-catalogue';
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
 * The seam between the technical check and the procedure catalogue: the components a submission of this
 * procedure version through this channel may carry. Nothing else in the API reads components.
 */
export type ComponentSource = (procedure: { code: string; version: number }, channel: Channel) => Promise<ComponentRule[]>;

/** Media types of an e-result file (the result route); components state theirs in the catalogue. */
export const DEFAULT_MEDIA_TYPES = ['application/pdf', 'image/jpeg', 'image/png'];

/**
 * Components from the procedure catalogue (db/repositories/procedure-catalogue.ts), the one place that states them:
 * those to submit (`present` ones are shown at the counter, never uploaded) on this channel, with the catalogue's
 * reading of which are required and its accepted types and sizes. The portal's component code names a component
 * in the manifest; the catalogue's own id where the record has none.
 */
export function catalogueComponentSource(catalogue: ProcedureCatalogue): ComponentSource {
  return async ({ code, version }, channel) => {
    const components = (await catalogue.procedureComponents(code, version)) ?? [];
    return components
      .filter((component) => component.kind === 'submit' && (component.channels === null || component.channels.includes(channel)))
      .map((component) => ({
        code: component.componentCode ?? component.id,
        name: component.name.replace(/^[-+*\s]+/, '').trim(),
        required: component.required,
        mediaTypes: component.acceptedMediaTypes,
        maxBytes: component.maxSizeBytes,
      }));
  };
}
