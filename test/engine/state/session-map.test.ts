/**
 * SessionMap keeps alias and clone-group indexes next to the records; every
 * answer must be what a scan over all sessions in iteration order gives, after
 * any sequence of sets (new IDs, changed aliases or groups, ended sessions),
 * deletes and clears.
 */
import { test } from '@fast-check/vitest'
import fc from 'fast-check'
import { describe, expect } from 'vitest'
import type { SessionRecord } from '../../../src-main/engine/model/effect.js'
import { SessionState } from '../../../src-main/engine/state/session-state.js'

const ALIASES = ['A', 'B', 'C', null] as const
const GROUPS = [1, 2, 3]

const action = fc.oneof(
  fc.record({ kind: fc.constant('set' as const), id: fc.integer({ min: 1, max: 8 }), alias: fc.constantFrom(...ALIASES), group: fc.constantFrom(...GROUPS), ended: fc.boolean() }),
  fc.record({ kind: fc.constant('delete' as const), id: fc.integer({ min: 1, max: 8 }) }),
  fc.constant({ kind: 'clear' as const }),
)

function record(id: number, alias: string | null, group: number, ended: boolean): SessionRecord {
  return { id, alias, user: 'nobody', createdAt: 0, groupId: group, apps: [], currentApp: null, currentPage: null, ended: ended ? 'loggedOut' : null, endedAt: null }
}

describe('SessionMap indexes', () => {
  test.prop([fc.array(action, { maxLength: 60 })], { numRuns: 400 })('answer as a scan in iteration order does', (actions) => {
    const state = new SessionState()
    const sessions = state.sessions
    for (const a of actions) {
      if (a.kind === 'set') sessions.set(a.id, record(a.id, a.alias, a.group, a.ended))
      else if (a.kind === 'delete') sessions.delete(a.id)
      else sessions.clear()
      const all = [...sessions.values()]
      for (const alias of ALIASES) {
        if (alias === null) continue
        const scan = all.filter((s) => s.alias === alias)
        expect(sessions.withAlias(alias)).toEqual(scan)
        expect(sessions.aliasIds(alias) ?? []).toEqual(scan.map((s) => s.id))
        expect(state.liveWithAlias(alias)).toBe(state.liveSessions().find((s) => s.alias === alias))
      }
      for (const g of GROUPS) {
        expect(sessions.inGroup(g)).toEqual(all.filter((s) => s.groupId === g))
        expect(state.liveInGroup(g)).toEqual(state.liveSessions().filter((s) => s.groupId === g))
      }
    }
  })
})
