#!/usr/bin/env node
// The `motcua` command: registers tsx so the TypeScript sources run directly, then dispatches.
import { register } from 'tsx/esm/api';

register();
const { main } = await import('./cli/main.ts');
process.exitCode = await main(process.argv.slice(2), process.env);
