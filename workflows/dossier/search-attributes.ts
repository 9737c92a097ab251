import { defineSearchAttributeKey } from '@temporalio/common';

// Custom search attributes admins filter dossiers by in the Temporal Web UI (domain spec §9: no personal data here).
export const DossierCodeKey = defineSearchAttributeKey('DossierCode', 'KEYWORD');
export const ProcedureCodeKey = defineSearchAttributeKey('ProcedureCode', 'KEYWORD');
export const UnitCodeKey = defineSearchAttributeKey('UnitCode', 'KEYWORD');
export const DossierStatusKey = defineSearchAttributeKey('DossierStatus', 'KEYWORD');
export const DueAtKey = defineSearchAttributeKey('DueAt', 'DATETIME');
export const OverdueKey = defineSearchAttributeKey('Overdue', 'BOOL');

/** Registered on every Temporal server Motcua runs against (dev server flags, cluster setup script). */
export const dossierSearchAttributes = [DossierCodeKey, ProcedureCodeKey, UnitCodeKey, DossierStatusKey, DueAtKey, OverdueKey];
