// Applies worker/migrations exactly as `wrangler d1 migrations apply` does, before every test file.
import { applyD1Migrations } from 'cloudflare:test';
import { env } from 'cloudflare:workers';

await applyD1Migrations(env.DB, env.TEST_MIGRATIONS);
