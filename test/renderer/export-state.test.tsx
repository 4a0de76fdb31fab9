// @vitest-environment happy-dom
/**
 * Export state in the browser host: the page builds the same CSV / JSON the
 * desktop's File → Export writes, with the same module
 * (src-main/engine/model/state-export.ts) from the same contract answers,
 * and downloads it.
 */
import { act, cleanup, fireEvent, screen, waitFor } from '@testing-library/react'
import { afterEach, describe, expect, it, vi } from 'vitest'
import { stateRowsToCsv as moduleCsv } from '../../src-main/engine/model/state-export.js'
import { exportState as desktopExport } from '../../src-main/shell/file-actions.js'
import type { FileActionDeps } from '../../src-main/shell/file-actions.js'
import type { StateRow } from '../../src-renderer/src/transport/api-types.js'
import { App } from '../../src-renderer/src/views/app/App.js'
import { exportState, stateFileName } from '../../src-renderer/src/views/app/export-state.js'
import { harness, renderWith } from './helpers/in-process.js'
import type { Harness } from './helpers/in-process.js'

let h: Harness | null = null
afterEach(() => {
  cleanup()
  vi.restoreAllMocks()
  vi.useRealTimers()
  h?.close()
  h = null
})

const row = (session: number, page: number | null, item: string, value: string | null, status: 'I' | 'U' | 'R' = 'I') =>
  ({ session, app: 100, page, item, value, status, storage: 'session' }) as unknown as StateRow

describe('export state', () => {
  it('writes the CSV a spreadsheet reads safely (hand-written expected text)', () => {
    const csv = moduleCsv([row(2, 44, 'P44_NOTE', 'say "hi", then go'), row(1, null, 'G_X', '=SUM(A1)'), row(1, 43, 'P43_N', '-5', 'U'), row(1, 43, 'P43_E', null, 'R')])
    expect(csv).toBe(
      'session,app,page,item,value,status\r\n' +
        '1,100,,G_X,\'=SUM(A1),I\r\n' +
        '1,100,43,P43_E,,R\r\n' +
        '1,100,43,P43_N,-5,U\r\n' +
        '2,100,44,P44_NOTE,"say ""hi"", then go",I\r\n',
    )
    expect(stateFileName('Onboard New Employee', 'csv')).toBe('onboard-new-employee state.csv')
  })

  it('writes the same bytes as the desktop’s File → Export for a demo’s state (CSV and JSON)', async () => {
    h = await harness('onboarding-wizard')
    vi.useFakeTimers({ toFake: ['Date'] })
    vi.setSystemTime(new Date('2026-12-07T16:00:00Z'))
    const title = h.services.engine.getState().workspace!.title
    // The desktop: main's file action, its save dialog and file system faked, answered by the same engine.
    const written: string[] = []
    const deps: FileActionDeps = {
      dispatch: (method, payload) => h!.service.dispatch(method, payload),
      dialogs: { openFile: async () => null, saveFile: async (o) => `/exports/${o.defaultPath}`, error: () => undefined, unsaved: async () => 'cancel' },
      fs: { size: async () => 0, readText: async () => '', writeText: async (_path, text) => void written.push(text) },
      opened: () => undefined,
      missing: () => undefined,
      progress: () => undefined,
    }
    // The browser host: the toolbar's action, the download caught.
    const downloaded: Blob[] = []
    vi.spyOn(URL, 'createObjectURL').mockImplementation((b) => {
      downloaded.push(b as Blob)
      return 'blob:test'
    })
    vi.spyOn(URL, 'revokeObjectURL').mockImplementation(() => {})
    vi.spyOn(HTMLAnchorElement.prototype, 'click').mockImplementation(() => {})
    for (const format of ['csv', 'json'] as const) {
      expect(await desktopExport(deps, format, title)).toEqual({ ok: true })
      expect(await exportState(h.services, format)).toBe(true)
    }
    vi.useRealTimers()
    expect(written).toHaveLength(2)
    expect(downloaded).toHaveLength(2)
    expect(written[0]!.split('\r\n').length).toBeGreaterThan(4)
    expect(JSON.parse(written[1]!)).toMatchObject({ format: 'session-scope-state', exportedAt: '2026-12-07T16:00:00.000Z', workspace: title })
    expect(await downloaded[0]!.text()).toBe(written[0])
    expect(await downloaded[1]!.text()).toBe(written[1])
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
    const button = await screen.findByTestId('export-state-csv')
    await act(async () => {
      fireEvent.click(button)
    })
    await waitFor(() => expect(names).toHaveLength(1))
    expect(names[0]).toBe('onboard-new-employee-wizard-pages-43-45 state.csv')
    expect(rows.result.length).toBeGreaterThan(3)
    expect(blobs[0]!.type).toBe('text/csv')
    expect(await blobs[0]!.text()).toBe(moduleCsv(rows.result))
  })
})
