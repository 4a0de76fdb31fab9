import { defineConfig } from 'vitest/config'

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts', 'test/**/*.test.tsx'],
    environment: 'node',
    // Engine tests are CPU-bound and these machines have 2 cores.
    pool: 'forks',
    testTimeout: 30_000,
    hookTimeout: 60_000,
    // expect.poll's own default is 1 s: on CI's loaded machine one poll of a browser page can take that long.
    // A poll still ends at its first match; this is only how long a right answer may take to arrive.
    expect: { poll: { timeout: 15_000 } },
    // Says once per run why the tests that read ../shared/fixtures are skipped when it is absent.
    globalSetup: ['test/helpers/shared-fixtures-notice.ts'],
  },
})
