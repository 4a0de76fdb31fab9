/** perServices: one store per app's services, made once, on first use. */
import { describe, expect, it } from 'vitest'
import { createStore } from 'zustand/vanilla'
import type { AppServices } from '../../src-renderer/src/stores/app-context.js'
import { perServices } from '../../src-renderer/src/stores/per-services.js'

describe('perServices', () => {
  it('gives each services object its own store, the same one every time, created on first use', () => {
    let made = 0
    const storeOf = perServices(() => {
      made++
      return createStore(() => ({ n: made }))
    })
    const a = {} as AppServices
    const b = {} as AppServices
    expect(made).toBe(0)
    const first = storeOf(a)
    expect(storeOf(a)).toBe(first)
    expect(made).toBe(1)
    const other = storeOf(b)
    expect(other).not.toBe(first)
    expect([first.getState().n, other.getState().n]).toEqual([1, 2])
    expect(made).toBe(2)
  })
})
