import type { FastifyInstance, FastifyRequest } from 'fastify';
import fp from 'fastify-plugin';
import rateLimit from '@fastify/rate-limit';
import { problem } from '../errors';
import type { ApiKeyStore } from '../../db/repositories/api-keys';
import { InvalidToken } from './tokens';
import { Role, type Access, type Principal } from './principal';

export interface AuthOptions {
  verifyToken: (token: string) => Promise<Principal>;
  apiKeys: ApiKeyStore;
  /** Requests per minute and client address on public routes. */
  publicRateLimitPerMinute: number;
}

declare module 'fastify' {
  interface FastifyContextConfig {
    /** Who may call the route (see `Access`). */
    access?: Access;
  }
  interface FastifyInstance {
    /** Every `/v1` route with who may call it, as declared (the authorisation matrix test reads it). */
    routeAccess: RouteAccess[];
  }
  interface FastifyRequest {
    /** The authenticated caller; null on a public route called anonymously. */
    principal: Principal | null;
  }
}

export interface RouteAccess {
  method: string;
  url: string;
  access: Access;
}

const BEARER = /^Bearer ([A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+)$/;

/**
 * Authentication and the route-level half of authorisation. Every `/v1` route declares `config.access`; a
 * request is authenticated on arrival (before its body is read) and refused with 401 (no or bad credentials) or
 * 403 (a role the route does not allow). Dossier-level checks (own unit, own dossier) are in `scope.ts`.
 */
async function authPlugin(app: FastifyInstance, options: AuthOptions) {
  app.decorateRequest('principal', null);
  const declared: RouteAccess[] = [];
  app.decorate('routeAccess', declared);

  app.addHook('onRoute', (route) => {
    if (!route.url.startsWith('/v1/')) return;
    const access = route.config?.access;
    if (access === undefined) throw new Error(`route ${route.method} ${route.url} declares no config.access`);
    if (access !== 'public' && (access.length === 0 || access.some((role) => !Role.safeParse(role).success))) {
      throw new Error(`route ${route.method} ${route.url} declares an invalid config.access`);
    }
    for (const method of [route.method].flat()) if (method !== 'HEAD') declared.push({ method, url: route.url, access });
    if (route.schema) {
      const described = access === 'public' ? 'Public (rate-limited).' : `Roles: ${access.join(', ')}.`;
      route.schema = {
        ...route.schema,
        description: [route.schema.description, described].filter(Boolean).join('\n\n'),
        ...(access === 'public' ? {} : { security: [{ bearerAuth: [] }, { apiKey: [] }] }),
      };
    }
  });

  await app.register(rateLimit, {
    global: true,
    max: options.publicRateLimitPerMinute,
    timeWindow: 60_000,
    // Authenticated routes are bounded by who may call them; public ones by address.
    allowList: (request) => request.routeOptions.config.access !== 'public',
    errorResponseBuilder: (_request, context) =>
      problem(429, 'Too many requests', { detail: `at most ${context.max} requests a minute; retry in ${context.after}` }),
  });

  app.addHook('onRequest', async (request) => {
    const access = request.routeOptions.config.access;
    if (access === undefined) return; // documentation and 404s
    request.principal = await authenticate(request, options);
    if (access === 'public') return;
    if (!request.principal) {
      throw problem(401, 'Authentication required', {
        detail: 'send `Authorization: Bearer <token>` or `X-Api-Key: <key>`',
      });
    }
    if (!access.includes(request.principal.role)) {
      throw problem(403, 'Forbidden', { detail: `the ${request.principal.role} role may not call this route` });
    }
  });
}

async function authenticate(request: FastifyRequest, options: AuthOptions): Promise<Principal | null> {
  const authorization = request.headers.authorization;
  const apiKey = request.headers['x-api-key'];
  if (authorization !== undefined && apiKey !== undefined) {
    throw problem(400, 'Ambiguous credentials', { detail: 'send either a bearer token or an API key, not both' });
  }
  if (authorization !== undefined) {
    const match = BEARER.exec(authorization);
    if (!match) throw unauthorized('the Authorization header must be `Bearer <JWT>`');
    try {
      return await options.verifyToken(match[1]!);
    } catch (error) {
      if (error instanceof InvalidToken) throw unauthorized(error.message);
      throw error;
    }
  }
  if (apiKey !== undefined) {
    const holder = typeof apiKey === 'string' ? await options.apiKeys.verify(apiKey) : undefined;
    if (!holder) throw unauthorized('the API key is unknown, revoked or malformed');
    return { subject: holder.subject, role: Role.parse(holder.role), units: [], name: holder.name, via: { kind: 'api-key', keyId: holder.id } };
  }
  return null;
}

const unauthorized = (detail: string) => problem(401, 'Authentication failed', { detail });

export const auth = fp(authPlugin, { name: 'motcua-auth' });
