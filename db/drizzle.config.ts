import { defineConfig } from 'drizzle-kit';

// Generates SQL migrations from the schema: `npm run db:generate -- --name <what_changed>`.
export default defineConfig({
  dialect: 'postgresql',
  schema: './db/schema/index.ts',
  out: './db/migrations',
  migrations: { table: '__motcua_migrations', schema: 'public' },
});
