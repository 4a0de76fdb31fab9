import { describe, expect, it } from 'vitest'
import { freeAlias } from '../../../src-main/engine/state/free-alias.js'
import { EngineService } from '../../../src-main/api/engine-service.js'

describe('freeAlias', () => {
  it('takes the first free letter, then S27, S28, …', () => {
    expect(freeAlias(['A', 'B'])).toBe('C')
    expect(freeAlias(['B', null])).toBe('A')
    const letters = Array.from({ length: 26 }, (_, i) => String.fromCharCode(65 + i))
    expect(freeAlias(letters)).toBe('S27')
    expect(freeAlias([...letters, 'S27', 'S29'])).toBe('S28')
  })

  it('sessions.freeAlias: over every session at the end of a live workspace, ended ones too; refused on a recorded-only trace', async () => {
    const service = new EngineService()
    try {
      expect((await service.dispatch('workspace.new', { use: ['demo:onboarding'], title: 'Aliases' })).ok).toBe(true)
      for (const as of ['A', 'B']) expect((await service.dispatch('operate', { op: { type: 'request', url: 'f?p=HR:1', as } })).ok).toBe(true)
      expect(await service.dispatch('sessions.freeAlias', {})).toMatchObject({ ok: true, result: { alias: 'C' } })
      // A logged out (ended): its alias is still not offered again.
      expect((await service.dispatch('operate', { op: { type: 'logout', session: 'A' } })).ok).toBe(true)
      expect(await service.dispatch('sessions.freeAlias', {})).toMatchObject({ ok: true, result: { alias: 'C' } })
      const recorded = '{"format":"session-trace","version":1,"title":"r","apps":[]}\n'
      expect((await service.dispatch('workspace.openTraceText', { text: recorded })).ok).toBe(true)
      expect(await service.dispatch('sessions.freeAlias', {})).toMatchObject({ ok: false, error: { code: 'forbidden' } })
    } finally {
      service.close()
    }
  })
})
