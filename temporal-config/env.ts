import { resolve } from 'node:path';
import { z } from 'zod';

const port = z.coerce.number().int().min(0).max(65535);
const optionalText = z
  .string()
  .trim()
  .transform((value) => (value === '' ? undefined : value))
  .optional();

/** Every setting Motcua reads from the environment: one schema for the API, the worker and the dev runner. */
export const EnvSchema = z.object({
  TEMPORAL_ADDRESS: z
    .string()
    .regex(/^[^\s:/]+:\d{1,5}$/, 'must be host:port, e.g. 127.0.0.1:7233')
    .default('127.0.0.1:7233'),
  TEMPORAL_NAMESPACE: z.string().regex(/^[A-Za-z0-9._-]{2,255}$/, 'must be a Temporal namespace name').default('default'),
  TEMPORAL_TASK_QUEUE: z.string().min(1).default('motcua-dossiers'),
  DATABASE_URL: optionalText.pipe(
    z
      .string()
      .regex(/^postgres(ql)?:\/\//, 'must be a postgres:// or postgresql:// URL')
      .optional(),
  ),
  MOTCUA_DATA_DIR: z.string().min(1).default('.data'),
  /** A prebuilt workflow bundle (`npm run build:workflows`); without it the worker bundles from source at start. */
  WORKFLOW_BUNDLE_PATH: optionalText,
  HOST: z.string().min(1).default('127.0.0.1'),
  PORT: port.default(3000),
  TEMPORAL_UI_PORT: port.default(8233),
  /** `npm start` only: `auto` starts a dev server unless TEMPORAL_ADDRESS is set; `on` always; `off` never. */
  TEMPORAL_DEV_SERVER: z.enum(['auto', 'on', 'off']).default('auto'),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  /** Office minutes before a due date when the unit is reminded; one working day of the unit when unset. */
  REMINDER_LEAD_MINUTES: z.coerce.number().int().min(0).max(100_000).optional(),
  /**
   * Workflows a worker keeps in memory between their events (the SDK's sticky cache). Unset: the SDK's default, from
   * the V8 heap limit (about 2,300 on a 4 GiB heap). Each cached dossier takes about 1.7 MB of the worker's memory
   * (docs/performance.md); an evicted one is replayed from its history at its next event.
   */
  WORKER_MAX_CACHED_WORKFLOWS: z.coerce.number().int().min(0).max(100_000).optional(),
  /** How long an officer's decision waits for the workflow before the API answers 503. */
  DECISION_TIMEOUT_MS: z.coerce.number().int().min(100).max(120_000).default(10_000),
  /**
   * The token issuer's public key (PEM, SPKI: Ed25519, P-256 or RSA), or its JWKS URL. With neither, a local
   * Ed25519 key in MOTCUA_DATA_DIR/auth signs and verifies tokens (`motcua auth token`): for development only.
   */
  AUTH_JWT_PUBLIC_KEY: optionalText.pipe(z.string().includes('BEGIN PUBLIC KEY', { message: 'must be a PEM public key' }).optional()),
  AUTH_JWKS_URL: optionalText.pipe(z.url({ protocol: /^https?$/, message: 'must be an http(s) URL' }).optional()),
  AUTH_JWT_ISSUER: z.string().min(1).default('motcua-local'),
  AUTH_JWT_AUDIENCE: z.string().min(1).default('motcua'),
  /** Where a worker process serves the Temporal SDK's Prometheus metrics (`host:port`, path /metrics); empty: off. */
  WORKER_METRICS_ADDRESS: z
    .string()
    .regex(/^$|^[^\s:/]+:\d{1,5}$/, 'must be host:port, or empty to turn worker metrics off')
    .default('127.0.0.1:9464')
    .transform((value) => value || undefined),
  /** Requests a minute per client address on public routes (calendar, catalogue, result verification). */
  RATE_LIMIT_PUBLIC_PER_MINUTE: z.coerce.number().int().min(1).max(1_000_000).default(300),
  /** Applicants' e-mails (docs/integrations.md): an SMTP URL, or host and port; without either they are skipped. */
  SMTP_URL: optionalText.pipe(z.string().regex(/^smtps?:\/\//, 'must be an smtp:// or smtps:// URL').optional()),
  SMTP_HOST: optionalText,
  SMTP_PORT: z.coerce.number().int().min(1).max(65535).default(587),
  SMTP_USER: optionalText,
  SMTP_PASSWORD: optionalText,
  MAIL_FROM: z.string().min(3).default('Motcua <no-reply@motcua.local>'),
  /** Outbox delivery: attempts before a message is dead, and the backoff between them. */
  OUTBOX_MAX_ATTEMPTS: z.coerce.number().int().min(1).max(1000).default(30),
  OUTBOX_RETRY_BASE_MS: z.coerce.number().int().min(10).max(86_400_000).default(10_000),
  OUTBOX_RETRY_MAX_MS: z.coerce.number().int().min(10).max(604_800_000).default(3_600_000),
  /** How often the dispatcher looks for new messages when the outbox is empty. */
  OUTBOX_IDLE_MS: z.coerce.number().int().min(50).max(60_000).default(1_000),
  WEBHOOK_TIMEOUT_MS: z.coerce.number().int().min(100).max(60_000).default(10_000),
});

export type Env = z.infer<typeof EnvSchema> & {
  /** Where the embedded PGlite database lives when DATABASE_URL is unset. */
  pgliteDir: string;
  /** The dev server's SQLite file: dossiers survive a restart. */
  temporalDbFile: string;
};

export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`invalid configuration:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    this.name = 'ConfigError';
  }
}

/** Parses the environment; throws a ConfigError naming every wrong variable. */
export function loadEnv(source: NodeJS.ProcessEnv): Env {
  const parsed = EnvSchema.safeParse(source);
  if (!parsed.success) {
    throw new ConfigError(
      parsed.error.issues.map((issue) => {
        const name = issue.path.join('.');
        const got = source[name as keyof typeof source];
        return `${name}: ${issue.message}${got === undefined ? '' : ` (got "${got}")`}`;
      }),
    );
  }
  const dataDir = resolve(parsed.data.MOTCUA_DATA_DIR);
  return { ...parsed.data, pgliteDir: resolve(dataDir, 'pglite'), temporalDbFile: resolve(dataDir, 'temporal.sqlite') };
}

/** For entry points: print the problems and exit non-zero instead of a stack trace. */
export function loadEnvOrExit(source: NodeJS.ProcessEnv): Env {
  try {
    return loadEnv(source);
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    console.error(error.message);
    process.exit(2);
  }
}

/**
 * The standalone `worker` and `api` processes must share one database: the embedded PGlite lives inside a single
 * process, so they need DATABASE_URL (the dev runner hosts both in one process and may use PGlite).
 */
export function requireSharedDatabase(env: Env, processName: string): Env & { DATABASE_URL: string } {
  if (env.DATABASE_URL) return env as Env & { DATABASE_URL: string };
  console.error(
    `invalid configuration:\n  - DATABASE_URL: required by the standalone ${processName} (the embedded database serves only \`npm start\`)`,
  );
  process.exit(2);
}
