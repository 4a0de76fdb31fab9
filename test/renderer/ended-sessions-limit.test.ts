/**
 * The renderer's copy of LIST_ENDED_SESSIONS_UP_TO (stores/playhead.ts) is the
 * contract's: the engine warms End's answer after a trace opens the way the
 * renderer asks for it (live sessions only beyond this many), so the two must
 * not drift. The renderer keeps a copy rather than importing the contract's
 * value: a value import would put the contract's schemas (zod) in the page's
 * first bundle, which loads them only when needed.
 */
import { describe, expect, it } from 'vitest'
import { LIST_ENDED_SESSIONS_UP_TO as inContract } from '../../src-main/api/contract.js'
import { LIST_ENDED_SESSIONS_UP_TO as inRenderer } from '../../src-renderer/src/stores/playhead.js'

describe('LIST_ENDED_SESSIONS_UP_TO', () => {
  it('is the same in the renderer and the contract', () => {
    expect(inRenderer).toBe(inContract)
  })
})
