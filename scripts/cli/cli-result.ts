export type CliResult = { exitCode: number; stdout: string; stderr: string };

/** A usage error: exit code 2 and one line naming the argument. */
export class CliError extends Error {}
