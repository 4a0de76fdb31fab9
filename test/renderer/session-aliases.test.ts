/**
 * The renderer's alias map (review finding 11): one map changed in place,
 * a version to re-render on, bounded with the oldest learnt forgotten first.
 */
import { describe, expect, it } from 'vitest'
import { createSessionAliases, MAX_SESSION_ALIASES } from '../../src-renderer/src/stores/session-aliases.js'

describe('session aliases', () => {
  it('keeps at most MAX_SESSION_ALIASES, forgetting the oldest learnt first', () => {
    const store = createSessionAliases()
    const a = store.getState()
    a.learn(Array.from({ length: MAX_SESSION_ALIASES + 2 }, (_, i) => ({ id: i + 1, alias: `s${i + 1}` })))
    expect(a.size()).toBe(MAX_SESSION_ALIASES)
    expect(a.aliasOf(1)).toBeUndefined()
    expect(a.aliasOf(2)).toBeUndefined()
    expect(a.aliasOf(3)).toBe('s3')
    expect(a.aliasOf(MAX_SESSION_ALIASES + 2)).toBe(`s${MAX_SESSION_ALIASES + 2}`)
  })

  it('a session learnt again is the newest: not the first forgotten', () => {
    const store = createSessionAliases(3)
    const a = store.getState()
    a.learn([
      { id: 1, alias: 'A' },
      { id: 2, alias: 'B' },
      { id: 3, alias: 'C' },
    ])
    a.learn([{ id: 1, alias: 'A2' }])
    a.learn([{ id: 4, alias: 'D' }])
    expect([1, 2, 3, 4].map((id) => a.aliasOf(id))).toEqual(['A2', undefined, 'C', 'D'])
  })

  it('publishes a new version only when an alias is learnt or the map cleared', () => {
    const store = createSessionAliases()
    const versions: number[] = []
    store.subscribe((s) => versions.push(s.version))
    store.getState().learn([{ id: 7, alias: 'A' }])
    store.getState().learn([{ id: 7, alias: 'A' }, { id: 8, alias: null }, { id: 9, alias: '' }])
    store.getState().learn([{ id: 8, alias: 'B' }])
    store.getState().clear()
    store.getState().clear()
    expect(versions).toEqual([1, 2, 3])
    expect(store.getState().aliasOf(7)).toBeUndefined()
  })
})
