import { defineConfig } from 'vitest/config'

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts', 'test/**/*.test.tsx'],
    environment: 'node',
    // Engine tests are CPU-bound and these machines have 2 cores.
    pool: 'forks',
    testTimeout: 30_000,
    hookTimeout: 60_000,
  },
})
