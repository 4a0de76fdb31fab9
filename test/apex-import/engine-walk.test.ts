/**
 * Walks through real imported apps in the engine: render the home page,
 * follow a real branch with its clear cache, and check the values.
 */
import { beforeAll, expect, it } from 'vitest'
import { importApexExport } from '../../src-main/apex-import/index.js'
import type { AppDefinition } from '../../src-main/engine/model/app-definition.js'
import { Engine } from '../../src-main/engine/engine.js'
import { F130_FOLDER, F347_FOLDER } from './fixtures.js'
import { describeWithSharedFixtures } from '../helpers/shared-fixtures.js'

function valueOf(engine: Engine, alias: string, item: string): { value: string | null; status: string } | null {
  const id = engine.resolveSession(alias)!
  const row = engine.stateRows(id).find((r) => r.item === item)
  return row ? { value: row.value, status: row.status } : null
}

describeWithSharedFixtures('f130 (APEX 21.1) in the engine', () => {
  let app: AppDefinition
  beforeAll(async () => {
    const r = await importApexExport(F130_FOLDER)
    app = r.apps[0]!
  })

  it('renders the home page in a new session; the PL/SQL branch condition is not simulated and does not hold', () => {
    const engine = new Engine({ apps: [app], seed: 1 })
    const [step, ...rest] = engine.run({ type: 'request', url: `f?p=${app.id}:${app.homePage}:0`, as: 'A' })
    expect(step!.outcome).toBe('ok')
    expect(rest).toHaveLength(0)
    expect(step!.page).toBe(app.homePage)
    const notices = step!.effects.filter((e) => e.op === 'notice' && e.code === 'notSimulated')
    expect(notices.length).toBeGreaterThan(0)
    expect(engine.sessions()[0]!.currentPage).toBe(app.homePage)
    engine.close()
  })

  it('the same branch is taken when not-simulated conditions are set to hold', () => {
    const engine = new Engine({ apps: [app], seed: 1, settings: { notSimulatedConditionsHold: true } })
    const steps = engine.run({ type: 'request', url: `f?p=${app.id}:1:0`, as: 'A' })
    expect(steps.map((s) => s.page)).toEqual([1, 1000])
    expect(steps[1]!.causedBy).toBe(steps[0]!.index)
    expect(valueOf(engine, 'A', 'P1000_LOAD_SAMPLE_YN')?.value).toBe('Y')
    engine.close()
  })

  it('submitting page 11 follows "Branch for Update, Create": clear cache of page 5, then P5_ID from the branch URL', () => {
    const engine = new Engine({ apps: [app], seed: 2 })
    engine.run({ type: 'request', url: `f?p=${app.id}:5:0::::P5_ID,P5_APPLICATION_ID:7,99`, as: 'A' })
    expect(valueOf(engine, 'A', 'P5_APPLICATION_ID')).toEqual({ value: '99', status: 'I' })
    // Page 11 shown for row 42: Apply Changes (SAVE) is displayed only when P11_ID has a value.
    engine.run({ type: 'request', session: 'A', url: `f?p=${app.id}:11:&SESSION.::::P11_ID:42` })
    const steps = engine.run({ type: 'submit', session: 'A', page: 11, request: 'SAVE', values: { P11_ID: '42', P11_NAME: 'Std' } })
    expect(steps.map((s) => [s.kind, s.page, s.outcome])).toEqual([
      ['accept', 11, 'ok'],
      ['show', 5, 'ok'],
    ])
    const branch = steps[0]!.phases.find((p) => p.kind === 'branch')
    expect(branch?.label).toContain(':5:')
    const show = steps[1]!
    expect(show.request?.clearCache).toEqual(['5'])
    expect(show.request?.items).toEqual([{ name: 'P5_ID', value: '42' }])
    expect(valueOf(engine, 'A', 'P5_ID')).toEqual({ value: '42', status: 'U' })
    expect(valueOf(engine, 'A', 'P5_APPLICATION_ID')).toEqual({ value: null, status: 'R' })
    expect(valueOf(engine, 'A', 'P11_NAME')?.value).toBe('Std')
    // What PL/SQL would have done is named, not silently skipped.
    const skipped = steps[0]!.effects.filter((e) => e.op === 'notice' && e.code === 'notSimulated').map((e) => (e as { message: string }).message)
    expect(skipped.join('\n')).toMatch(/not simulated: .*process/i)
    engine.close()
  })
})

describeWithSharedFixtures('f347 (APEX 24.2) in the engine', () => {
  let app: AppDefinition
  beforeAll(async () => {
    const r = await importApexExport(F347_FOLDER)
    app = r.apps[0]!
  })

  it('page 750: defaults fill empty items, URL values override, clear cache resets and the defaults return', () => {
    const engine = new Engine({ apps: [app], seed: 3 })
    engine.run({ type: 'request', url: `f?p=${app.id}:750:0`, as: 'A' })
    expect(valueOf(engine, 'A', 'P750_SHOW_ONLY_FINDINGS')?.value).toBe('1')
    expect(valueOf(engine, 'A', 'P750_MIGRATION_PRIORITIES')?.value).toBe('1:2:3')
    engine.run({ type: 'request', session: 'A', url: `f?p=${app.id}:750:&SESSION.::::P750_SHOW_ONLY_FINDINGS:0` })
    expect(valueOf(engine, 'A', 'P750_SHOW_ONLY_FINDINGS')).toEqual({ value: '0', status: 'U' })
    const [cleared] = engine.run({ type: 'request', session: 'A', url: `f?p=${app.id}:750:&SESSION.::NO:750` })
    const resets = cleared!.effects.filter((e) => e.op === 'set' && e.toStatus === 'R').map((e) => (e as { item: string }).item)
    expect(resets).toContain('P750_SHOW_ONLY_FINDINGS')
    expect(valueOf(engine, 'A', 'P750_SHOW_ONLY_FINDINGS')).toEqual({ value: '1', status: 'U' })
    engine.close()
  })
})
