/**
 * vitest globalSetup: prints, once per run, why the tests that read the shared
 * APEX exports are skipped (or will fail, in CI) when the folder is absent.
 * Each test file runs in its own process, so a notice printed from the test
 * files would repeat once per file.
 */
import { missingSharedFixturesMessage, sharedFixturesPresent } from './shared-fixtures.js'

export default function setup(): void {
  if (!sharedFixturesPresent) process.stderr.write(`\n${missingSharedFixturesMessage()}\n\n`)
}
