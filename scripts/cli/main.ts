// Entry of the `motcua` command line: `runCli` is the testable core (no process I/O).

import { AUTH_USAGE, runAuthCommand } from './auth-command';
import { runCalendarCommand } from './calendar-command';
import { CliError, type CliResult } from './cli-result';

export type { CliResult } from './cli-result';

const USAGE = `usage: motcua calendar <days|receipt|deadline|lunar|solar|load-notice|version> [options] [--json]
  days        --from YYYY-MM-DD --to YYYY-MM-DD [--unit CODE]
  receipt     --at <ISO instant> [--unit CODE]
  deadline    --from <ISO instant> (--working-days N | --calendar-days N | --working-hours H | --same-day --cutoff HH:MM) [--unit CODE]
  lunar       --date YYYY-MM-DD
  solar       --lunar YYYY-MM-DD [--leap]
  load-notice --file FILE
  version     [--unit CODE]
\${AUTH_USAGE}`;

export function runCli(argv: readonly string[], env: Record<string, string | undefined>): CliResult {
  const [command, ...rest] = argv;
  try {
    if (command === 'calendar') return runCalendarCommand(rest, env);
    if (command === undefined || command === '--help' || command === 'help') {
      return { exitCode: command ? 0 : 2, stdout: command ? `${USAGE}\n` : '', stderr: command ? '' : `${USAGE}\n` };
    }
    throw new CliError(`unknown command "${command}" (try: motcua calendar … or motcua auth …)`);
  } catch (error) {
    return failure(error);
  }
}

/** The `auth` commands read keys and the database, so they are asynchronous; the rest answer at once. */
export async function runCliAsync(argv: readonly string[], env: Record<string, string | undefined>): Promise<CliResult> {
  if (argv[0] !== 'auth') return runCli(argv, env);
  try {
    return await runAuthCommand(argv.slice(1), env);
  } catch (error) {
    return failure(error);
  }
}

function failure(error: unknown): CliResult {
  if (error instanceof CliError) return { exitCode: 2, stdout: '', stderr: `motcua: ${error.message}\n` };
  return { exitCode: 1, stdout: '', stderr: `motcua: ${(error as Error).message}\n` };
}

export async function main(argv: readonly string[], env: Record<string, string | undefined>): Promise<number> {
  const result = await runCliAsync(argv, env);
  if (result.stdout) process.stdout.write(result.stdout);
  if (result.stderr) process.stderr.write(result.stderr);
  return result.exitCode;
}
