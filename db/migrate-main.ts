// Applies the database migrations and exits: `npm run migrate` (DATABASE_URL, or the embedded PGlite default).
import { loadEnv } from '../temporal-config/env';
import { openDatabase } from './client';

const env = loadEnv(process.env);
const handle = await openDatabase({ url: env.DATABASE_URL, dataDir: env.pgliteDir });
try {
  await handle.migrate();
  console.log(`migrations applied (${handle.kind})`);
} finally {
  await handle.close();
}
