// @vitest-environment happy-dom
/**
 * Words, not trace JSON: the inspector says what a clone, login, logout,
 * clear cache, set value, wait or Ajax step did; the import summary numbers
 * the home page's step as the playhead does (from 0); the per-user demo's
 * note agrees with what the state table and the Per User store show.
 * Expected sentences are written by hand from the demo traces.
 */
import { act, cleanup, render, screen } from '@testing-library/react'
import { afterEach, describe, expect, it } from 'vitest'
import { EngineService } from '../../src-main/api/engine-service.js'
import type { ApexImportResult } from '../../src-main/api/contract.js'
import type { Step } from '../../src-renderer/src/transport/api-types.js'
import { durationWords, stepTarget } from '../../src-renderer/src/model/step-words.js'
import { RequestParts } from '../../src-renderer/src/views/inspector/RequestParts.js'
import { ImportApexResult } from '../../src-renderer/src/views/app/ImportApexResult.js'
import { importStore } from '../../src-renderer/src/views/app/import-apex.js'
import { harness, renderWith } from './helpers/in-process.js'
import type { Harness } from './helpers/in-process.js'

/** The parts of timeline.state's answer this test reads. */
interface StateAnswer {
  sessions: { id: number; alias: string | null }[]
  rows: { session: number; item: string; value: string | null }[]
  userRows: { user: string; item: string; value: string | null }[]
}

let service: EngineService | null = null
let h: Harness | null = null
afterEach(() => {
  cleanup()
  service?.close()
  service = null
  h?.close()
  h = null
})

async function demoStep(demo: string, index: number): Promise<Step> {
  service ??= new EngineService()
  const opened = await service.dispatch('workspace.openDemo', { name: demo })
  expect(opened.ok).toBe(true)
  const r = await service.dispatch('steps.range', { from: index, count: 1 })
  if (!r.ok) throw new Error(JSON.stringify(r))
  const step = (r.result as unknown as Step[])[0]!
  expect(step.index).toBe(index)
  return step
}

const wordsOf = (step: Step) => {
  render(<RequestParts step={step} />)
  const text = screen.getByTestId('operation-words').textContent
  cleanup()
  return text
}

describe('operations in words', () => {
  it('says what each kind of operation did, with the trace JSON only behind "As written in the trace"', async () => {
    const clone = await demoStep('session-cloning', 3)
    expect(clone.kind).toBe('clone')
    expect(wordsOf(clone)).toBe('Clone session A as B (APEX_CLONE_SESSION), showing page 44')
    expect(stepTarget(clone)).toBe('Clone session A as B (APEX_CLONE_SESSION), showing page 44')
    expect(wordsOf(await demoStep('session-cloning', 7))).toBe('Wait 50 min (3000 s) on the simulated clock')
    expect(wordsOf(await demoStep('session-cloning', 10))).toBe('Log out session B and every session cloned with it')
    expect(wordsOf(await demoStep('per-user', 1))).toBe('Log session A in as user SCOTT (the session gets a new ID; its alias follows)')
    expect(wordsOf(await demoStep('per-user', 15))).toBe('Clear the cache of page 1 in session B (ClearCache "1")')
    expect(wordsOf(await demoStep('clear-cache-urls', 1))).toBe('Set THE_EMPNO to "7839" in session A')
    expect(wordsOf(await demoStep('ajax-and-reports', 1))).toBe(
      'Ajax call from page 1 in session A: process GET_EMPLOYEE, sending P1_EMPNO = "7017", returning P1_ENAME, P1_SAL',
    )
    // The JSON is still there for trace writers, inside a closed <details>.
    render(<RequestParts step={clone} />)
    const details = screen.getByText('As written in the trace').closest('details')!
    expect(details.open).toBe(false)
    expect(details.querySelector('code')!.textContent).toContain('"as":"B"')
  })

  it('a clone by URL says so above the URL parts', async () => {
    const step = await demoStep('ajax-and-reports', 5)
    expect(step.kind).toBe('clone')
    render(<RequestParts step={step} />)
    expect(screen.getByTestId('operation-words').textContent).toBe('Clone session A as B (APEX_CLONE_SESSION)')
    expect(screen.getByTestId('request-url').textContent).toContain('APEX_CLONE_SESSION')
  })

  it('waits in the units people use', () => {
    expect(durationWords(45)).toBe('45 s')
    expect(durationWords(700)).toBe('11 min 40 s')
    expect(durationWords(3000)).toBe('50 min')
    expect(durationWords(7500)).toBe('2 h 5 min')
    expect(durationWords(90000)).toBe('1 d 1 h')
  })
})

describe('the import summary numbers steps as the playhead does', () => {
  const result = (step: number, steps: number): ApexImportResult =>
    ({
      id: 1,
      action: 'added',
      message: 'Application 130 was added to this workspace.',
      summary: { apps: [], problems: [], moreProblems: 0, skippedCalls: {} },
      home: { app: 130, page: 1, session: 123, alias: 'A', step, steps, outcome: 'ok' },
    }) as unknown as ApexImportResult

  it('says "step 16" for the step the playhead shows as 16', async () => {
    h = await harness()
    renderWith(h, <ImportApexResult />)
    await act(async () => importStore(h!.services).setState({ shown: result(16, 1) }))
    expect(screen.getByTestId('import-apex-home').textContent).toBe('Home page 1 of application 130 in session A (123), step 16.')
    await act(async () => importStore(h!.services).setState({ shown: result(15, 2) }))
    expect(screen.getByTestId('import-apex-home').textContent).toBe('Home page 1 of application 130 in session A (123), steps 15–16.')
  })
})

describe('the per-user demo note', () => {
  it('says what the table shows (B\'s own P1_THEME null) and where the kept value is (SCOTT\'s dark, Per User store)', async () => {
    const step = await demoStep('per-user', 15)
    expect(step.note).toBe(
      "Clearing page 1 resets session B's own copy of P1_THEME to null (its row in the state table); SCOTT's Per User value dark is kept in the Per User store (Sessions panel) and is what his pages read next",
    )
    const r = await service!.dispatch('timeline.state', { point: { step: 15, phase: null } })
    if (!r.ok) throw new Error(JSON.stringify(r))
    const state = r.result as unknown as StateAnswer
    const b = state.sessions.find((x) => x.alias === 'B')!
    expect(state.rows.filter((x) => x.session === b.id && x.item === 'P1_THEME').map((x) => x.value)).toEqual([null])
    expect(state.userRows.filter((x) => x.item === 'P1_THEME').map((x) => [x.user, x.value])).toEqual([['SCOTT', 'dark']])
  })
})
