// @vitest-environment happy-dom
/**
 * What one step press changes in the DOM (issue #13: the timeline's and the
 * state table's DOM changes were the largest part of a press's page work).
 * A MutationObserver records every change a press makes, and the tests name
 * the only elements allowed to change:
 *
 *  - the timeline: the row that was current and the row that is now (the
 *    mark moves), the list's active descendant — no other row, nothing of the
 *    search box, breakpoints editor or markers above the list, and no row is
 *    made again (each keeps its element);
 *  - the state table: the rows the step changed or that were highlighted
 *    before it, the heading's counts — no other row, and none of the filters'
 *    inputs (React writes an input's name and type again whenever it renders
 *    one, so a filter block rendered for nothing shows up here) — nor on a
 *    jump, when the session list arrives after the table.
 *
 * A row rendered again with the same props writes nothing to the DOM but
 * costs script time: rows are counted too, through a function each row calls
 * once per render (summarizeEffects in a timeline row, fmtValue in a state
 * table row), wrapped here.
 */
import { act, cleanup, screen, waitFor } from '@testing-library/react'
import { afterEach, describe, expect, it, vi } from 'vitest'
import { Profiler } from 'react'
import { TimelineView } from '../../src-renderer/src/views/timeline/TimelineView.js'
import { PresenterCaption } from '../../src-renderer/src/views/app/PresenterMode.js'
import { StateTableView } from '../../src-renderer/src/views/state-table/StateTableView.js'
import { rowKey } from '../../src-renderer/src/model/rows.js'
import { benchTrace } from '../../bench/ui.bench.js'
import { harness, renderWith } from './helpers/in-process.js'
import type { Harness } from './helpers/in-process.js'

const rowRenders = vi.hoisted(() => ({ timeline: 0, table: 0 }))

vi.mock('../../src-renderer/src/model/step-words.js', async (importOriginal) => {
  const real = await importOriginal<typeof import('../../src-renderer/src/model/step-words.js')>()
  return {
    ...real,
    summarizeEffects: (...args: Parameters<typeof real.summarizeEffects>) => {
      rowRenders.timeline++
      return real.summarizeEffects(...args)
    },
  }
})
vi.mock('../../src-renderer/src/views/common/format.js', async (importOriginal) => {
  const real = await importOriginal<typeof import('../../src-renderer/src/views/common/format.js')>()
  return {
    ...real,
    fmtValue: (...args: Parameters<typeof real.fmtValue>) => {
      rowRenders.table++
      return real.fmtValue(...args)
    },
  }
})

let h: Harness | null = null
afterEach(() => {
  cleanup()
  h?.close()
  h = null
})

/** Records every DOM change under `root` until `stop` is called. */
function recordChanges(root: Element): { stop(): MutationRecord[] } {
  const records: MutationRecord[] = []
  const observer = new MutationObserver((rs) => records.push(...rs))
  observer.observe(root, { subtree: true, childList: true, attributes: true, characterData: true })
  return {
    stop() {
      records.push(...observer.takeRecords())
      observer.disconnect()
      return records
    },
  }
}

/** The element a record changed (a text node's parent). */
const changedElement = (r: MutationRecord): Element | null => (r.target instanceof Element ? r.target : r.target.parentElement)

const timelineRows = () => new Map(screen.getAllByTestId('timeline-step').map((el) => [el.dataset.step!, el]))
const currentStep = () => screen.getAllByTestId('timeline-step').find((r) => r.getAttribute('aria-selected') === 'true')?.dataset.step

describe('a step press changes only the DOM the step changes', () => {
  it('timeline: two rows (the mark moves), none made again, nothing above the list', async () => {
    h = await harness('onboarding-wizard')
    renderWith(h, <TimelineView />)
    // Something in the boxes above the list: a breakpoint condition listed, and steps found by a search.
    await act(() => h!.services.actions.goTo({ step: 3, phase: null }))
    await act(() => h!.services.ui.playback.getState().setConditions([{ kind: 'itemChanges', item: 'P44_SAL' }]))
    // Every row of the window loaded (a row arriving from the cache is a change of its own).
    await waitFor(() => expect(screen.getAllByTestId('timeline-step').every((r) => !r.classList.contains('loading'))).toBe(true))
    const panel = screen.getByRole('region', { name: 'Timeline' })
    for (let press = 0; press < 4; press++) {
      const before = timelineRows()
      const from = currentStep()!
      const changes = recordChanges(panel)
      rowRenders.timeline = 0
      await act(() => h!.services.actions.stepBy(1))
      await waitFor(() => expect(currentStep()).toBe(String(Number(from) + 1)))
      const records = changes.stop()
      // The same row elements (keyed by step, not made again).
      const after = timelineRows()
      for (const [step, el] of before) if (after.has(step)) expect(after.get(step), `row of step ${step}`).toBe(el)
      const rowsChanged = new Set<string>()
      const outsideRows: string[] = []
      for (const r of records) {
        const el = changedElement(r)
        const row = el?.closest<HTMLElement>('[data-testid=timeline-step]')
        if (row) rowsChanged.add(row.dataset.step!)
        else if (!(el?.getAttribute('data-testid') === 'timeline-list' && r.attributeName === 'aria-activedescendant')) outsideRows.push(`${el?.tagName ?? '?'} ${r.type} ${r.attributeName ?? ''}`)
      }
      expect([...rowsChanged].sort()).toEqual([from, String(Number(from) + 1)].sort())
      expect(outsideRows).toEqual([])
      // The two rows rendered once each (every row of this short timeline is in the window: nothing scrolled in).
      expect(rowRenders.timeline).toBe(2)
    }
  })

  it('state table: the rows the step changed or had highlighted, never the filters', async () => {
    h = await harness()
    // 5 sessions × 4 items, then one value set per step.
    await h.services.actions.openTraceText(benchTrace(5, 4, 80), 'bench.sstrace')
    renderWith(h, <StateTableView />)
    await act(() => h!.services.actions.goTo({ step: 40, phase: null }))
    const filters = screen.getByRole('group', { name: 'State filters' })
    const table = screen.getByTestId('state-table')
    const keyOf = (el: HTMLElement) => rowKey(Number(el.dataset.sessionId), Number(el.dataset.app), el.dataset.page === '' ? null : Number(el.dataset.page), el.dataset.item!)
    const stateRows = () => new Map(screen.getAllByTestId('state-row').map((el) => [keyOf(el), el]))
    let rowsSeenChanging = 0
    for (let press = 0; press < 6; press++) {
      const before = stateRows()
      const step = Number(table.dataset.step)
      const highlightedBefore = new Set(h.services.engine.getState().changes.keys())
      const inTable = recordChanges(table)
      const inFilters = recordChanges(filters)
      rowRenders.table = 0
      await act(() => h!.services.actions.stepBy(1))
      await waitFor(() => expect(table.dataset.step).toBe(String(step + 1)))
      const highlightedNow = new Set(h.services.engine.getState().changes.keys())
      // A set-state step changes one value: it is highlighted now.
      expect(highlightedNow.size).toBe(1)
      const allowed = new Set([...highlightedBefore, ...highlightedNow])
      const changedRows = new Set<string>()
      for (const r of inTable.stop()) {
        const row = changedElement(r)?.closest<HTMLElement>('[data-testid=state-row]')
        if (row) changedRows.add(keyOf(row))
      }
      for (const key of changedRows) expect(allowed, `row ${key} changed at step ${step + 1}`).toContain(key)
      rowsSeenChanging += changedRows.size
      // Rows rendered: at most the allowed ones (the settle after a step may render them once more).
      expect(rowRenders.table).toBeLessThanOrEqual(2 * allowed.size)
      // Unchanged rows keep their elements.
      const after = stateRows()
      for (const [key, el] of before) if (after.has(key) && !allowed.has(key)) expect(after.get(key), `row ${key}`).toBe(el)
      // The filters: at most the changed-only count's text, never an input, select or option.
      const filterChanges = inFilters.stop().filter((r) => !changedElement(r)?.closest('[data-testid=changed-count]'))
      expect(filterChanges.map((r) => `${changedElement(r)?.tagName} ${r.type} ${r.attributeName ?? ''}`)).toEqual([])
    }
    // The test saw rows change (it would pass on a table that never updates otherwise).
    expect(rowsSeenChanging).toBeGreaterThan(0)
  })

  it('state filters: a jump and the session list arriving after it write none of their inputs', async () => {
    h = await harness()
    await h.services.actions.openTraceText(benchTrace(5, 4, 800), 'bench.sstrace')
    renderWith(h, <StateTableView />)
    await act(() => h!.services.actions.goTo({ step: 10, phase: null }))
    await waitFor(() => expect(h!.services.engine.getState().sessions.length).toBe(5))
    const filters = screen.getByRole('group', { name: 'State filters' })
    const inFilters = recordChanges(filters)
    // Far enough to be a jump: the table first, the whole session list once the playhead rests there.
    await act(() => h!.services.actions.goTo({ step: 700, phase: null }))
    expect(screen.getByTestId('state-table').dataset.step).toBe('700')
    await waitFor(() => expect(h!.services.engine.getState().sessions.length).toBe(5))
    const written = inFilters
      .stop()
      .map((r) => changedElement(r))
      .filter((el) => el?.tagName === 'INPUT')
      .map((el) => `${el!.getAttribute('aria-label') ?? el!.parentElement?.textContent}`)
    expect(written).toEqual([])
  })

  it('presenter caption: outside presenter mode a step renders nothing of it', async () => {
    h = await harness('onboarding-wizard')
    let commits = 0
    renderWith(
      h,
      <Profiler id="caption" onRender={() => commits++}>
        <PresenterCaption />
      </Profiler>,
    )
    await act(() => h!.services.actions.goTo({ step: 2, phase: null }))
    commits = 0
    for (let i = 0; i < 3; i++) await act(() => h!.services.actions.stepBy(1))
    expect(h.services.engine.getState().point.step).toBe(5)
    expect(commits).toBe(0)
  })
})
