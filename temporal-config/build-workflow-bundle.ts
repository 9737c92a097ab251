// Builds the workflow bundle once, for production workers (`npm run build:workflows`): the worker then starts
// without bundling, and the deployed workflow code is exactly the file that was built and replay-tested.
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { bundleWorkflows } from './worker';

const out = resolve(process.argv[2] ?? 'dist/workflow-bundle.js');
const { code } = await bundleWorkflows();
mkdirSync(dirname(out), { recursive: true });
writeFileSync(out, code);
console.log(`workflow bundle written to ${out} (${(code.length / 1024).toFixed(0)} KiB); run workers with WORKFLOW_BUNDLE_PATH=${out}`);
