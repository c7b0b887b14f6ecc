// Applies worker/migrations exactly as `wrangler d1 migrations apply` does, before every test file.
import { applyD1Migrations, env } from 'cloudflare:test';

await applyD1Migrations(env.DB, env.TEST_MIGRATIONS);
