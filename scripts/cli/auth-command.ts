// `motcua auth …`: bearer tokens signed with the local development key, and integrators' API keys.

import { parseArgs } from 'node:util';
import { resolve } from 'node:path';
import { Role, TokenClaims } from '../../api/auth/principal';
import { issueToken, localSigningKey } from '../../api/auth/tokens';
import { openDatabase } from '../../db/client';
import { createApiKeyStore } from '../../db/repositories/api-keys';
import { loadEnv } from '../../temporal-config/env';
import { CliError, type CliResult } from './cli-result';

export const AUTH_USAGE = `usage: motcua auth <token|api-key> …
  token   --role ROLE --sub ID [--unit CODE]… [--name NAME] [--ttl-hours H]
          signs a token with the local development key (MOTCUA_DATA_DIR/auth); ROLE is one of ${Role.options.join(', ')}
  api-key create --name NAME --subject ID     prints the key once; only its SHA-256 is stored
  api-key revoke --id ak_…
  api-key list
  (api-key commands use DATABASE_URL, or the embedded database: stop \`npm start\` first, or use POST /v1/admin/api-keys)`;

const ok = (stdout: string): CliResult => ({ exitCode: 0, stdout: `${stdout}\n`, stderr: '' });

export async function runAuthCommand(args: readonly string[], source: NodeJS.ProcessEnv): Promise<CliResult> {
  const [command, ...rest] = args;
  if (command === 'token') return ok(await token(rest, source));
  if (command === 'api-key') return ok(await apiKey(rest, source));
  throw new CliError(`unknown auth command "${command ?? ''}"\n${AUTH_USAGE}`);
}

async function token(args: readonly string[], source: NodeJS.ProcessEnv): Promise<string> {
  const { values } = parseOrFail(args, {
    role: { type: 'string' },
    sub: { type: 'string' },
    unit: { type: 'string', multiple: true },
    name: { type: 'string' },
    'ttl-hours': { type: 'string' },
  });
  const claims = TokenClaims.safeParse({ sub: values.sub, role: values.role, units: values.unit ?? [], name: values.name });
  if (!claims.success) {
    const issue = claims.error.issues[0]!;
    throw new CliError(`--${issue.path[0] === 'units' ? 'unit' : String(issue.path[0])}: ${issue.message}`);
  }
  const ttlHours = Number(values['ttl-hours'] ?? 8);
  if (!(ttlHours > 0 && ttlHours <= 24 * 30)) throw new CliError('--ttl-hours: must be a number of hours from 0 to 720');
  const env = loadEnv(source);
  const key = localSigningKey(resolve(env.MOTCUA_DATA_DIR));
  return issueToken(key.privateKeyPem, claims.data, {
    issuer: env.AUTH_JWT_ISSUER,
    audience: env.AUTH_JWT_AUDIENCE,
    ttlSeconds: Math.round(ttlHours * 3600),
  });
}

async function apiKey(args: readonly string[], source: NodeJS.ProcessEnv): Promise<string> {
  const [action, ...rest] = args;
  const { values } = parseOrFail(rest, { name: { type: 'string' }, subject: { type: 'string' }, id: { type: 'string' } });
  const env = loadEnv(source);
  const database = await openDatabase({ url: env.DATABASE_URL, dataDir: env.pgliteDir, maxConnections: 1 });
  try {
    await database.migrate();
    const store = createApiKeyStore(database.db);
    switch (action) {
      case 'create': {
        if (!values.name?.trim()) throw new CliError('--name: required');
        if (!values.subject || !/^[A-Za-z0-9._-]{2,64}$/.test(values.subject)) {
          throw new CliError('--subject: required, 2-64 letters, digits and ._-');
        }
        const issued = await store.create({ name: values.name.trim(), subject: values.subject });
        return JSON.stringify({ ...issued, note: 'store the key now: it is not shown again' }, null, 2);
      }
      case 'revoke':
        if (!values.id) throw new CliError('--id: required');
        if (!(await store.revoke(values.id))) throw new CliError(`--id: no active key ${values.id}`);
        return `revoked ${values.id}`;
      case 'list':
        return JSON.stringify(await store.list(), null, 2);
      default:
        throw new CliError(`unknown api-key action "${action ?? ''}"\n${AUTH_USAGE}`);
    }
  } finally {
    await database.close();
  }
}

function parseOrFail<O extends NonNullable<Parameters<typeof parseArgs>[0]>['options']>(args: readonly string[], options: O) {
  try {
    return parseArgs({ args: [...args], options, strict: true, allowPositionals: false });
  } catch (error) {
    throw new CliError((error as Error).message);
  }
}
