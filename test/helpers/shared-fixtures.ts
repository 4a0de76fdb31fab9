/**
 * The real APEX exports (third-party files, never copied into the repository)
 * live in the project's shared folder beside the clone:
 * `../shared/fixtures/apex-exports`. A clone on its own has no such folder.
 *
 * Tests that read them use the wrappers below:
 * - folder present: they run;
 * - folder absent, outside CI: they are skipped (the reason is printed once per
 *   run by test/helpers/shared-fixtures-notice.ts, vitest's globalSetup);
 * - folder absent with CI=true: they run and fail, and
 *   test/shared-fixtures.test.ts fails saying where the folder should be.
 *
 * SESSION_SCOPE_SHARED_FIXTURES points at another copy of the folder.
 */
import { existsSync } from 'node:fs'
import { dirname, join, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'
import { beforeAll, describe, it } from 'vitest'

// Not `new URL('../..', import.meta.url)`: under happy-dom, vite turns that form into an asset import of the folder.
const REPO_ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..')

/** Where the shared APEX exports are expected. */
export const SHARED_FIXTURES_DIR = resolve(process.env.SESSION_SCOPE_SHARED_FIXTURES ?? join(REPO_ROOT, '..', 'shared', 'fixtures', 'apex-exports'))

export const sharedFixturesPresent = existsSync(SHARED_FIXTURES_DIR)

/** CI must run every test: there a missing folder is a failure, never a skip. */
export const inCI = process.env.CI === 'true'

/** Whether tests that need the shared exports are skipped in this run. */
export const skipSharedFixtureTests = !sharedFixturesPresent && !inCI

/** The path of one shared export file or folder (relative to apex-exports/). */
export function sharedFixture(rel: string): string {
  return join(SHARED_FIXTURES_DIR, rel)
}

/** Why those tests are skipped, or fail: one message for the notice and the CI failure. */
export function missingSharedFixturesMessage(): string {
  return (
    `The shared APEX export fixtures are missing: expected at ${SHARED_FIXTURES_DIR} ` +
    '(the project\'s shared folder beside the clone, "../shared/fixtures/apex-exports"; or set SESSION_SCOPE_SHARED_FIXTURES). ' +
    (inCI ? 'CI=true: the tests that read them fail.' : 'The tests that read them are skipped; see README, "Test it".')
  )
}

/** `describe` for suites that read the shared exports. */
export const describeWithSharedFixtures = describe.skipIf(skipSharedFixtureTests)

/** `it` for single tests that read the shared exports. */
export const itWithSharedFixtures = it.skipIf(skipSharedFixtureTests)

/** `beforeAll` that reads the shared exports: not run when those tests are skipped. */
export function beforeAllWithSharedFixtures(fn: () => unknown, timeout?: number): void {
  beforeAll(async () => {
    if (!skipSharedFixtureTests) await fn()
  }, timeout)
}
