// @vitest-environment happy-dom
/**
 * Export state in the browser host: the page builds the same CSV / JSON the
 * desktop's File → Export writes (src-main/shell/export-state.ts), from the
 * same contract answers, and downloads it.
 */
import { act, cleanup, fireEvent, screen } from '@testing-library/react'
import { afterEach, describe, expect, it, vi } from 'vitest'
import * as shell from '../../src-main/shell/export-state.js'
import type { StateRow } from '../../src-renderer/src/transport/api-types.js'
import { App } from '../../src-renderer/src/views/app/App.js'
import { stateFileName, stateRowsToCsv, stateToJson } from '../../src-renderer/src/views/app/export-state.js'
import { harness, renderWith } from './helpers/in-process.js'
import type { Harness } from './helpers/in-process.js'

let h: Harness | null = null
afterEach(() => {
  cleanup()
  vi.restoreAllMocks()
  h?.close()
  h = null
})

const row = (session: number, page: number | null, item: string, value: string | null, status: 'I' | 'U' | 'R' = 'I') =>
  ({ session, app: 100, page, item, value, status, storage: 'session' }) as unknown as StateRow

describe('export state', () => {
  it('writes the CSV a spreadsheet reads safely (hand-written expected text)', () => {
    const csv = stateRowsToCsv([row(2, 44, 'P44_NOTE', 'say "hi", then go'), row(1, null, 'G_X', '=SUM(A1)'), row(1, 43, 'P43_N', '-5', 'U'), row(1, 43, 'P43_E', null, 'R')])
    expect(csv).toBe(
      'session,app,page,item,value,status\r\n' +
        '1,100,,G_X,\'=SUM(A1),I\r\n' +
        '1,100,43,P43_E,,R\r\n' +
        '1,100,43,P43_N,-5,U\r\n' +
        '2,100,44,P44_NOTE,"say ""hi"", then go",I\r\n',
    )
    expect(stateFileName('Onboard New Employee', 'csv')).toBe('onboard-new-employee state.csv')
  })

  it('gives the same bytes as the desktop export for a demo’s state', async () => {
    h = await harness('onboarding-wizard')
    const rows = (await h.service.dispatch('state.rows', {})) as { ok: true; result: StateRow[] }
    const sessions = (await h.service.dispatch('sessions.list', {})) as { ok: true; result: never[] }
    const userRows = (await h.service.dispatch('state.userRows', {})) as { ok: true; result: never[] }
    expect(rows.result.length).toBeGreaterThan(3)
    expect(stateRowsToCsv(rows.result)).toBe(shell.stateRowsToCsv(rows.result as never))
    const now = new Date('2026-12-07T16:00:00Z')
    const data = { workspace: 'W', sessions: sessions.result, rows: rows.result, userRows: userRows.result }
    expect(stateToJson(data, now)).toBe(shell.stateToJson(data as never, now))
  })

  it('the toolbar’s State CSV downloads the file in a browser', async () => {
    h = await harness('onboarding-wizard')
    const blobs: Blob[] = []
    vi.spyOn(URL, 'createObjectURL').mockImplementation((b) => {
      blobs.push(b as Blob)
      return 'blob:test'
    })
    vi.spyOn(URL, 'revokeObjectURL').mockImplementation(() => {})
    const names: string[] = []
    vi.spyOn(HTMLAnchorElement.prototype, 'click').mockImplementation(function (this: HTMLAnchorElement) {
      names.push(this.download)
    })
    renderWith(h, <App />)
    const rows = (await h.service.dispatch('state.rows', {})) as { ok: true; result: StateRow[] }
    await act(async () => {
      fireEvent.click(await screen.findByTestId('export-state-csv'))
      await new Promise((r) => setTimeout(r, 30))
    })
    expect(names).toHaveLength(1)
    expect(names[0]).toBe('onboard-new-employee-wizard-pages-43-45 state.csv')
    expect(rows.result.length).toBeGreaterThan(3)
    expect(blobs[0]!.type).toBe('text/csv')
    expect(await blobs[0]!.text()).toBe(shell.stateRowsToCsv(rows.result as never))
  })
})
