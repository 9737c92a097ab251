import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { DossierRow } from '../../db/schema';
import type { ProcedureCatalogue } from '../../db/repositories/procedure-catalogue';
import { problem } from '../errors';
import type { Principal } from './principal';

/**
 * The dossier-level half of authorisation (the route-level half is `config.access`):
 * - an officer or leader reaches dossiers received by one of their units, or with a step (liên thông) assigned to
 *   one of their units;
 * - an applicant reaches only their own dossiers (the token's subject is their CCCD or tax code);
 * - integrators (portal, payment, postal gateways) and admins reach every dossier, within what their routes allow.
 * `stepUnits` are the units assigned to the steps of the procedure version the dossier runs under (`dossierUnits`).
 */
export function mayReachDossier(
  principal: Principal,
  dossier: Pick<DossierRow, 'unitCode' | 'applicant'>,
  stepUnits: readonly string[] = [],
): boolean {
  switch (principal.role) {
    case 'integrator':
    case 'admin':
      return true;
    case 'applicant':
      return (dossier.applicant as { identifier?: string } | null)?.identifier === principal.subject;
    case 'officer':
    case 'leader':
      return [dossier.unitCode, ...stepUnits].some((unit) => principal.units.includes(unit));
  }
}

/**
 * The receiving unit and the units assigned to the steps of the catalogue version the dossier was submitted under
 * (pinned at submission; for a dossier submitted before the catalogue kept it, the published version).
 */
export async function dossierUnits(catalogue: ProcedureCatalogue, dossier: Pick<DossierRow, 'id' | 'unitCode' | 'procedureCode'>): Promise<string[]> {
  return [dossier.unitCode, ...(await catalogue.stepUnits(dossier))];
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
  const principal = authenticated(request);
  // Step units matter only for an officer or leader who does not act for the receiving unit.
  const byStep = (principal.role === 'officer' || principal.role === 'leader') && !principal.units.includes(row.unitCode);
  const stepUnits = byStep ? await app.catalogue.stepUnits(row) : [];
  if (!mayReachDossier(principal, row, stepUnits)) {
    throw problem(403, 'Forbidden', { detail: 'the caller may not reach this dossier' });
  }
  return row;
}

/** The caller of a route that requires authentication. */
export function authenticated(request: FastifyRequest): Principal {
  if (!request.principal) throw problem(401, 'Authentication required');
  return request.principal;
}
