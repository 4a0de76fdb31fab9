/**
 * lastCheckpointAtOrBefore: the binary search a seek and a far jump's row slots start from. Choosing an
 * earlier checkpoint still gives right states (only slower), so the seek tests cannot see it being off:
 * checked here against a scan of the list.
 */
import { fc, test } from '@fast-check/vitest'
import { describe, expect } from 'vitest'
import { lastCheckpointAtOrBefore } from '../../src-main/timeline/dense-state.js'
import type { Checkpoint } from '../../src-main/timeline/dense-state.js'

const positions = fc.uniqueArray(fc.nat({ max: 1000 }), { maxLength: 40 }).map((xs) => [...xs].sort((a, b) => a - b))

describe('the last checkpoint at or before a position', () => {
  test.prop([positions, fc.integer({ min: -5, max: 1005 })], { numRuns: 500 })('is the last one a scan finds', (pos, at) => {
    const checkpoints = pos.map((p) => ({ pos: p }) as Checkpoint)
    let expected = -1
    for (let i = 0; i < pos.length; i++) if (pos[i]! <= at) expected = i
    expect(lastCheckpointAtOrBefore(checkpoints, at)).toBe(expected)
  })
})
