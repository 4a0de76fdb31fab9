/**
 * The recorder's phases: `enter` (made at close, shared between steps) and
 * `phase` (made at once, may take detail) give the same ranges, and a shared
 * phase is frozen so that no step can change another's.
 */
import { describe, expect, it } from 'vitest'
import { StepRecorder } from '../../src-main/engine/runtime/step-recorder.js'
import { SessionState } from '../../src-main/engine/state/session-state.js'

function record(state: SessionState, session: number, open: (rec: StepRecorder) => void): StepRecorder {
  const rec = new StepRecorder(state)
  rec.notice('before any phase')
  open(rec)
  rec.emit({ op: 'set', session, app: 1, page: 1, item: 'P1_A', from: null, fromStatus: null, to: 'x', toStatus: 'I', cause: 'test' })
  rec.phase('itemsRender', 'Items render (page 1)', { values: { P1_A: 'x' } })
  rec.enter('endOfRequest', 'End of request: commit session state')
  rec.notice('last')
  rec.close()
  return rec
}

describe('StepRecorder phases', () => {
  it('records phase ranges in order, whichever way a phase was opened', () => {
    const rec = record(new SessionState(), 1, (r) => r.enter('beforeHeader', 'Before Header'))
    expect(rec.phases).toEqual([
      { kind: 'resolveSession', label: 'Resolve session', start: 0, end: 1 },
      { kind: 'beforeHeader', label: 'Before Header', start: 1, end: 2 },
      { kind: 'itemsRender', label: 'Items render (page 1)', start: 2, end: 2, detail: { values: { P1_A: 'x' } } },
      { kind: 'endOfRequest', label: 'End of request: commit session state', start: 2, end: 3 },
    ])
  })

  it('shares equal plain phases between steps, frozen, and never a phase with detail', () => {
    const state = new SessionState()
    const a = record(state, 1, (r) => r.enter('beforeHeader', 'Before Header'))
    const b = record(state, 2, (r) => r.phase('beforeHeader', 'Before Header'))
    expect(b.phases).toEqual(a.phases)
    expect(b.phases[1]).toBe(a.phases[1])
    expect(Object.isFrozen(a.phases[1])).toBe(true)
    expect(() => {
      ;(a.phases[1] as { end: number }).end = 9
    }).toThrow(TypeError)
    expect(b.phases[2]).not.toBe(a.phases[2])
    expect(Object.isFrozen(a.phases[2])).toBe(false)
  })

  it('gives a phase opened with `phase` its detail while it is open', () => {
    const rec = new StepRecorder(new SessionState())
    const p = rec.phase('clearCache', 'Clear cache: 1')
    rec.notice('reset')
    p.detail = { tokens: [] }
    rec.close()
    expect(rec.phases).toEqual([{ kind: 'clearCache', label: 'Clear cache: 1', start: 0, end: 1, detail: { tokens: [] } }])
  })
})
