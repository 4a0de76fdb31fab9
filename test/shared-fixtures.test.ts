/**
 * In CI every test must run: a missing shared fixtures folder fails here,
 * loudly, with where it should be (outside CI those tests are skipped with a
 * notice instead; test/helpers/shared-fixtures.ts).
 */
import { describe, expect, it } from 'vitest'
import { inCI, missingSharedFixturesMessage, sharedFixturesPresent, SHARED_FIXTURES_DIR } from './helpers/shared-fixtures.js'

describe('the shared APEX export fixtures', () => {
  it.runIf(inCI || sharedFixturesPresent)(`are present at ${SHARED_FIXTURES_DIR}`, () => {
    expect(sharedFixturesPresent, missingSharedFixturesMessage()).toBe(true)
  })
})
