import { describe, expect, it } from 'vitest';
import { ConfigError, loadEnv } from '../../temporal-config/env';
import { devServerArgs } from '../../temporal-config/dev-server';

describe('configuration from the environment', () => {
  it('defaults to a local dev server and the embedded database under .data/', () => {
    const env = loadEnv({});
    expect(env).toMatchObject({ TEMPORAL_ADDRESS: '127.0.0.1:7233', TEMPORAL_NAMESPACE: 'default', PORT: 3000 });
    expect(env.DATABASE_URL).toBeUndefined();
    expect(env.pgliteDir).toMatch(/\.data\/pglite$/);
    expect(env.temporalDbFile).toMatch(/\.data\/temporal\.sqlite$/);
  });

  it('treats an empty DATABASE_URL as unset', () => {
    expect(loadEnv({ DATABASE_URL: '' }).DATABASE_URL).toBeUndefined();
  });

  it('names every wrong variable with what it got', () => {
    let error: unknown;
    try {
      loadEnv({ PORT: 'eighty', DATABASE_URL: 'mysql://db/x', TEMPORAL_ADDRESS: 'localhost', LOG_LEVEL: 'loud' });
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(ConfigError);
    const problems = (error as ConfigError).problems;
    expect(problems.map((p) => p.split(':')[0])).toEqual(['TEMPORAL_ADDRESS', 'DATABASE_URL', 'PORT', 'LOG_LEVEL']);
    expect(problems[1]).toContain('(got "mysql://db/x")');
  });
});

describe('dev server configuration', () => {
  it('persists to SQLite, serves the Web UI and registers every dossier search attribute', () => {
    const args = devServerArgs({ port: 7233, uiPort: 8233, dbFile: '/x/temporal.sqlite', namespace: 'default' });
    expect(args.join(' ')).toContain('--port 7233 --namespace default');
    expect(args.join(' ')).toContain('--ui-port 8233 --db-filename /x/temporal.sqlite');
    const attributes = args.flatMap((arg, i) => (args[i - 1] === '--search-attribute' ? [arg] : []));
    expect(attributes).toEqual([
      'DossierCode=Keyword',
      'ProcedureCode=Keyword',
      'UnitCode=Keyword',
      'DossierStatus=Keyword',
      'DueAt=Datetime',
      'Overdue=Bool',
    ]);
  });

  it('runs headless and in memory for tests', () => {
    const args = devServerArgs({ port: 1234, uiPort: null, namespace: 'default' });
    expect(args).toContain('--headless');
    expect(args).not.toContain('--db-filename');
  });
});
