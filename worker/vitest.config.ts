import { fileURLToPath } from 'node:url';
import { cloudflareTest, readD1Migrations } from '@cloudflare/vitest-plugin';
import { defineConfig } from 'vitest/config';

const root = fileURLToPath(new URL('..', import.meta.url));

export default defineConfig({
  plugins: [
    cloudflareTest(async () => ({
      wrangler: { configPath: `${root}/wrangler.toml` },
      miniflare: {
        bindings: { TEST_MIGRATIONS: await readD1Migrations(`${root}/worker/migrations`) },
        // A second Rate Limiting binding with a small limit, so a test can reach it (wrangler.toml's is 6000/60).
        ratelimits: { TEST_VIEWER_LIMITER: { namespace_id: '9001', simple: { limit: 5, period: 60 } } },
      },
    })),
  ],
  test: {
    name: 'worker',
    include: ['src/**/*.test.ts', 'test/**/*.test.ts'],
    setupFiles: ['test/apply-migrations.ts'],
    // Tests drive real D1 inside workerd on a shared, busy machine; a slow run must not read as a failure.
    testTimeout: 30_000,
  },
});
