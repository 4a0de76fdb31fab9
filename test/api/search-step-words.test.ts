/** timeline.search with `stepWords`: steps found by session, user, button, URL and note through the contract. */
import { describe, expect, it } from 'vitest'
import { EngineService } from '../../src-main/api/engine-service.js'
import { call, failure } from '../timeline/api-call.js'

describe('timeline.search stepWords', () => {
  it('answers steps by their words apart from the changes, only when asked', async () => {
    const s = new EngineService()
    try {
      await call(s, 'workspace.openDemo', { name: 'per-user' })
      const plain = await call(s, 'timeline.search', { query: 'SCOTT' })
      expect(plain.stepWords).toBeUndefined()
      const r = await call(s, 'timeline.search', { query: 'scott', stepWords: true })
      const logins = r.stepWords!.hits.filter((h) => h.part === 'user')
      expect(logins.length).toBeGreaterThan(0)
      expect(logins.every((h) => h.text === 'SCOTT' && typeof h.alias === 'string')).toBe(true)
      // The step it names is a login step of that session.
      const step = (await call(s, 'steps.range', { from: logins[0]!.step, count: 1 }))[0]!
      expect(step.kind).toBe('login')
      expect(step.session).toBe(logins[0]!.session)
      // The change hits' sessions come with their aliases too (per-user: sessions A and B).
      const items = await call(s, 'timeline.search', { query: 'P1_THEME', stepWords: true })
      const aliases = new Map(items.stepWords!.aliases.map((a) => [a.id, a.alias]))
      expect(items.hits.length).toBeGreaterThan(0)
      for (const h of items.hits) expect(aliases.get(h.session)).toMatch(/^[A-Z]$/)
      // Not with paging or `near` (the hits are the first page's).
      expect((await call(s, 'timeline.search', { query: 'scott', stepWords: true, offset: 1 })).stepWords).toBeUndefined()
      expect((await failure(s, 'timeline.search', { query: 'x', stepWords: 'yes' } as never)).code).toBe('invalidPayload')
    } finally {
      s.close()
    }
  })
})
