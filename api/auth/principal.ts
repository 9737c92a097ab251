import { z } from 'zod';
import { UnitCode } from '../../workflows/dossier/inputs';

/**
 * Who calls the API. Applicants (công dân, doanh nghiệp) act on their own dossiers; officers (cán bộ, công chức) and
 * leaders (lãnh đạo) act for their units; integrators are other systems (the national public-service portal,
 * payment and postal gateways, other agencies); admins keep the catalogue, keys and calendars.
 */
export const Role = z.enum(['applicant', 'officer', 'leader', 'integrator', 'admin']);
export type Role = z.infer<typeof Role>;
export const ROLES = Role.options;

/** Roles that act for units and so must carry at least one unit code. */
export const UNIT_ROLES: readonly Role[] = ['officer', 'leader'];

/** The claims Motcua reads from a bearer token; every other claim is ignored. */
export const TokenClaims = z
  .object({
    /** The applicant's identifier (CCCD or tax code) for applicants; a staff or system id otherwise. */
    sub: z.string().trim().min(1).max(100),
    role: Role,
    units: z.array(UnitCode).max(50).default([]),
    name: z.string().trim().max(200).optional(),
  })
  .refine((claims) => !UNIT_ROLES.includes(claims.role) || claims.units.length > 0, {
    message: 'officers and leaders must carry at least one unit code',
    path: ['units'],
  });
export type TokenClaims = z.infer<typeof TokenClaims>;

/** An authenticated caller. */
export interface Principal {
  subject: string;
  role: Role;
  units: readonly string[];
  name?: string;
  /** How the caller proved who they are: a signed token, or an API key (its id, never the secret). */
  via: { kind: 'jwt' } | { kind: 'api-key'; keyId: string };
}

/**
 * Who may call a route: `public` (anyone, rate-limited per client address) or the roles allowed. Every `/v1` route
 * must declare one; the server refuses to start otherwise.
 */
export type Access = 'public' | readonly Role[];
