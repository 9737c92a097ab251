import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { DossierRow } from '../../db/schema';
import { procedureSnapshot } from '../../db/seed/procedure-snapshots';
import { problem } from '../errors';
import type { Principal } from './principal';

/**
 * The dossier-level half of authorisation (the route-level half is `config.access`):
 * - an officer or leader reaches dossiers received by one of their units, or with a step (liên thông) assigned to
 *   one of their units;
 * - an applicant reaches only their own dossiers (the token's subject is their CCCD or tax code);
 * - integrators (portal, payment, postal gateways) and admins reach every dossier, within what their routes allow.
 */
export function mayReachDossier(principal: Principal, dossier: Pick<DossierRow, 'unitCode' | 'applicant' | 'procedureCode'>): boolean {
  switch (principal.role) {
    case 'integrator':
    case 'admin':
      return true;
    case 'applicant':
      return (dossier.applicant as { identifier?: string } | null)?.identifier === principal.subject;
    case 'officer':
    case 'leader':
      return dossierUnits(dossier).some((unit) => principal.units.includes(unit));
  }
}

/** The receiving unit and the units assigned to the procedure's steps. */
export function dossierUnits(dossier: Pick<DossierRow, 'unitCode' | 'procedureCode'>): string[] {
  const steps = procedureSnapshot(dossier.procedureCode)?.steps ?? [];
  return [dossier.unitCode, ...steps.flatMap((step) => (step.unitCode ? [step.unitCode] : []))];
}

/** Officers and leaders reach their own units' lists and books; admins every unit's. */
export function mayReachUnit(principal: Principal, unitCode: string): boolean {
  if (principal.role === 'admin') return true;
  return (principal.role === 'officer' || principal.role === 'leader') && principal.units.includes(unitCode);
}

export function requireUnit(request: FastifyRequest, unitCode: string): void {
  if (!mayReachUnit(authenticated(request), unitCode)) {
    throw problem(403, 'Forbidden', { detail: `the caller does not act for unit ${unitCode}` });
  }
}

/** The dossier's read-model row, after checking that the caller may reach it: 404 when unknown, 403 when not theirs. */
export async function requireDossier(app: FastifyInstance, request: FastifyRequest, id: string): Promise<DossierRow> {
  const row = await app.readModel.findById(id);
  if (!row) throw problem(404, 'Dossier not found', { detail: `no dossier ${id}` });
  if (!mayReachDossier(authenticated(request), row)) {
    throw problem(403, 'Forbidden', { detail: 'the caller may not reach this dossier' });
  }
  return row;
}

/** The caller of a route that requires authentication. */
export function authenticated(request: FastifyRequest): Principal {
  if (!request.principal) throw problem(401, 'Authentication required');
  return request.principal;
}
