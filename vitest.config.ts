import { defineConfig } from 'vitest/config';

// One entry for every suite: unit (node), worker (workerd) and e2e (real browsers).
export default defineConfig({
  test: {
    projects: [
      {
        test: {
          name: 'unit',
          environment: 'node',
          include: [
            'shared/src/**/*.test.ts',
            'bench/**/*.test.ts',
            'cli/**/*.test.ts',
            'dev-services/**/*.test.ts',
            'extension/src/**/*.test.ts',
            'portal/src/**/*.test.ts',
          ],
        },
      },
      './worker/vitest.config.ts',
      {
        test: {
          name: 'e2e',
          environment: 'node',
          include: ['e2e/**/*.e2e.ts'],
          testTimeout: 120_000,
          hookTimeout: 120_000,
          fileParallelism: false,
        },
      },
    ],
  },
});
