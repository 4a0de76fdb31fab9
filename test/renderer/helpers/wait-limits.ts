/**
 * How long a renderer test waits for the UI to reach the state it asserts.
 * testing-library's waitFor / findBy* and vitest's vi.waitFor give up after
 * 1 s by default — a few engine answers and renders, which CI (every test
 * file at once on two cores of a slower machine) does not always manage in
 * 1 s. A wait still ends at its first match, so a right answer costs no
 * extra time; only a wrong one is reported later.
 */
import { configure } from '@testing-library/react'

export const WAIT_LIMIT_MS = 15_000

/** For vi.waitFor: `await vi.waitFor(() => expect(…), WAIT)`. */
export const WAIT = { timeout: WAIT_LIMIT_MS } as const

configure({ asyncUtilTimeout: WAIT_LIMIT_MS })
