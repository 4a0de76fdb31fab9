// @vitest-environment happy-dom
/**
 * "Import APEX export" in the UI against the real engine in-process: the
 * picker menu by keyboard, a `.sql` upload into a new workspace with its home
 * page's session in the state table and the summary (the CLI's counts), a
 * folder upload added to a workspace with recorded steps, the confirmation
 * before replacing one, errors as messages, and the desktop path (shell.run,
 * then the apex.imported event).
 */
import { act, cleanup, fireEvent, screen, waitFor, within } from '@testing-library/react'
import { readFileSync, readdirSync, statSync } from 'node:fs'
import { dirname, join, relative } from 'node:path'
import { afterEach, expect, it } from 'vitest'
import { MAX_APEX_IMPORT_CHARS, MAX_APEX_IMPORT_FILES } from '../../src-main/api/contract.js'
import type { EngineApi } from '../../src-main/api/contract.js'
import { EngineService } from '../../src-main/api/engine-service.js'
import { runImportApex } from '../../src-main/cli/import-apex-command.js'
import { createServices } from '../../src-renderer/src/stores/app-context.js'
import { App } from '../../src-renderer/src/views/app/App.js'
import { MAX_EXPORT_BYTES, MAX_EXPORT_FILES, readExportFiles } from '../../src-renderer/src/views/app/import-apex.js'
import { harness, inProcessApi, renderWith } from './helpers/in-process.js'
import type { Harness } from './helpers/in-process.js'
import { beforeAllWithSharedFixtures, describeWithSharedFixtures, sharedFixture } from '../helpers/shared-fixtures.js'

// The shared fixtures, read in place (skipped with a notice when absent outside CI).
const F130_FILE = sharedFixture('f130-apex21.1/f130.sql')
const F347_FOLDER = sharedFixture('f347-apex24.2')

let h: Harness | null = null
afterEach(() => {
  cleanup()
  h?.close()
  h = null
  delete (globalThis as { sessionScope?: unknown }).sessionScope
})

const settle = (ms = 50) => act(async () => void (await new Promise((r) => setTimeout(r, ms))))

function sqlFile(path: string, name = path.split('/').pop()!): File {
  return new File([readFileSync(path, 'utf8')], name, { type: 'application/sql' })
}

/** A folder pick: every file with its webkitRelativePath (the .js and licence files too — the page keeps the .sql ones). */
function folderPick(folder: string): File[] {
  const out: File[] = []
  const walk = (dir: string) => {
    for (const name of readdirSync(dir)) {
      const full = join(dir, name)
      if (statSync(full).isDirectory()) walk(full)
      else {
        const f = new File([readFileSync(full)], name)
        Object.defineProperty(f, 'webkitRelativePath', { value: relative(dirname(folder), full) })
        out.push(f)
      }
    }
  }
  walk(folder)
  return out
}

async function pick(testId: string, files: File[]) {
  const input = screen.getByTestId(testId) as HTMLInputElement
  await act(async () => {
    fireEvent.change(input, { target: { files } })
    await new Promise((r) => setTimeout(r, 50))
  })
}

let cli130: { apps: { pages: number; pageItems: number; branches: number; appItems: number; computations: number; validations: number; buttons: number; processes: number; notSimulated: number; coverage: { components: { runs: number; total: number; percent: number }; statements: { ran: number; total: number; failed: number } | null } }[] }
beforeAllWithSharedFixtures(async () => {
  let out = ''
  await runImportApex([F130_FILE, '--json'], { stdout: (t) => (out += t), stderr: () => undefined })
  cli130 = JSON.parse(out)
})

describeWithSharedFixtures('Import APEX export (browser)', () => {
  it('opens a menu of file or folder by keyboard, from the toolbar and the empty state', async () => {
    h = await harness()
    renderWith(h, <App />)
    const button = await screen.findByTestId('import-apex-button')
    expect(screen.getByTestId('import-apex-button-empty-state')).toBeTruthy()
    button.focus()
    await act(async () => {
      fireEvent.click(button)
    })
    expect(button.getAttribute('aria-expanded')).toBe('true')
    const menu = screen.getByRole('menu', { name: 'Import APEX export from' })
    const items = within(menu).getAllByRole('menuitem')
    expect(items.map((i) => i.textContent)).toEqual(['Single-file export (.sql)…', 'Split-export folder…'])
    expect(document.activeElement).toBe(items[0])
    fireEvent.keyDown(menu, { key: 'ArrowDown' })
    expect(document.activeElement).toBe(items[1])
    fireEvent.keyDown(menu, { key: 'ArrowDown' })
    expect(document.activeElement).toBe(items[0])
    await act(async () => {
      fireEvent.keyDown(menu, { key: 'Escape' })
    })
    expect(screen.queryByRole('menu')).toBeNull()
    expect(document.activeElement).toBe(button)
    // The choices open the hidden pickers: a .sql file, or a folder.
    const folder = screen.getByTestId('import-apex-folder-input') as HTMLInputElement
    expect(folder.hasAttribute('webkitdirectory')).toBe(true)
    expect((screen.getByTestId('import-apex-file-input') as HTMLInputElement).accept).toBe('.sql')
    let clicked = false
    folder.addEventListener('click', () => (clicked = true))
    await act(async () => {
      fireEvent.click(button)
    })
    await act(async () => {
      fireEvent.click(within(screen.getByRole('menu')).getByText('Split-export folder…'))
    })
    expect(clicked).toBe(true)
  })

  it('imports an uploaded f130.sql: a new workspace, the home page session in the state table, the summary with the CLI counts', async () => {
    h = await harness()
    renderWith(h, <App />)
    await screen.findByTestId('import-apex-button')
    await pick('import-apex-file-input', [sqlFile(F130_FILE)])
    await waitFor(() => expect(screen.getByTestId('workspace-title').textContent).toMatch(/130/))
    await waitFor(() => expect(screen.getByTestId('playhead').dataset.step).toBe('0'))
    const session = h.service.engine!.sessions()[0]!
    // The home page's rows, derived from f130.sql: computation #1 sets LAST_VIEW to 1; P1_TIMEZONE's PL/SQL source is
    // nvl(apex_util.get_session_time_zone(), 'unknown') and no time zone was set; P1_TIMEZONE_URL's is
    // apex_util.prepare_url('f?p=' || :APP_ID || ':45:' || :APP_SESSION) (no item values, so no checksum is added).
    const sid = String(session.id)
    await waitFor(() =>
      expect(
        screen
          .getAllByTestId('state-row')
          .map((r) => [r.dataset.sessionId, r.dataset.app, r.dataset.item, r.dataset.value])
          .sort((a, b) => String(a[2]).localeCompare(String(b[2]))),
      ).toEqual([
        [sid, '130', 'LAST_VIEW', '1'],
        [sid, '130', 'P1_TIMEZONE', 'unknown'],
        [sid, '130', 'P1_TIMEZONE_URL', `f?p=130:45:${sid}`],
      ]),
    )

    const panel = await screen.findByTestId('import-apex-summary')
    expect(panel.dataset.action).toBe('newWorkspace')
    expect(panel.getAttribute('role')).toBe('dialog')
    expect(screen.getByTestId('import-apex-home').textContent).toContain(`Home page 1 of application 130 in session A (${session.id})`)
    const count = (key: string) => panel.querySelector(`[data-count-of=${key}] td`)!.textContent
    const cli = cli130.apps[0]!
    for (const key of ['pages', 'pageItems', 'branches', 'appItems', 'computations', 'validations', 'buttons', 'processes', 'notSimulated'] as const) {
      expect(count(key), key).toBe(cli[key].toLocaleString())
    }
    // What runs (issue #11 item 6): the same coverage as the CLI prints.
    const coverage = within(panel).getByTestId('import-apex-coverage')
    expect(coverage.dataset.percent).toBe(String(cli.coverage.components.percent))
    expect(within(coverage).getByTestId('import-apex-coverage-line').textContent).toMatch(
      new RegExp(`^${cli.coverage.components.runs.toLocaleString()} of ${cli.coverage.components.total.toLocaleString()} components run`),
    )
    const st = cli.coverage.statements
    expect(within(coverage).getByTestId('import-apex-statements').textContent).toBe(
      st ? `Supporting objects: ${st.ran.toLocaleString()} of ${st.total.toLocaleString()} install statements ran (${(st as { percent?: number }).percent}%), ${st.failed.toLocaleString()} failed.` : 'No supporting-object statements were run.',
    )
    expect(screen.getByTestId('import-apex-problems').dataset.count).toBe('0')
    // Keyboard: the panel has focus; Esc closes it and focus goes back to the import button.
    expect(document.activeElement).toBe(panel)
    await act(async () => {
      fireEvent.keyDown(panel, { key: 'Escape' })
    })
    expect(screen.queryByTestId('import-apex-summary')).toBeNull()
    expect(document.activeElement).toBe(screen.getByTestId('import-apex-button'))
  })

  it('adds an uploaded folder to a workspace with recorded steps: the playhead goes to the new session; problems are listed with file and line', async () => {
    h = await harness('onboarding-wizard')
    renderWith(h, <App />)
    await screen.findByTestId('workspace-title')
    const before = h.service.steps.length
    await pick('import-apex-folder-input', folderPick(F347_FOLDER))
    const panel = await screen.findByTestId('import-apex-summary')
    expect(panel.dataset.action).toBe('added')
    await waitFor(() => expect(screen.getByTestId('playhead').dataset.step).toBe(String(before)))
    expect(screen.getByTestId('workspace-title').textContent).toMatch(/Onboard/)
    expect(h.services.engine.getState().apps.map((a) => a.id)).toEqual([100, 347])
    const imported = h.service.engine!.sessions().find((x) => x.currentApp === 347)!
    expect(h.services.ui.selection.getState().session).toBe(imported.id)
    const problems = screen.getByTestId('import-apex-problems')
    expect(Number(problems.dataset.count)).toBeGreaterThan(5)
    expect(problems.textContent).toMatch(/f347-apex24\.2\/install\.sql:\d+ install\.sql runs .* which is missing/)
  })

  it('asks before replacing a workspace with recorded steps; Cancel keeps it, Start new workspace replaces it', async () => {
    h = await harness('onboarding-wizard')
    renderWith(h, <App />)
    await screen.findByTestId('workspace-title')
    await pick('import-apex-file-input', [sqlFile(F130_FILE)])
    await screen.findByTestId('import-apex-summary')
    const steps = h.service.steps.length
    await pick('import-apex-file-input', [sqlFile(F130_FILE)])
    const confirm = await screen.findByTestId('import-apex-confirm')
    expect(confirm.getAttribute('role')).toBe('alertdialog')
    expect(confirm.textContent).toMatch(/already has an application 130/)
    expect(document.activeElement).toBe(confirm)
    await act(async () => {
      fireEvent.click(screen.getByTestId('import-apex-confirm-no'))
    })
    expect(screen.queryByTestId('import-apex-confirm')).toBeNull()
    expect(h.service.steps.length).toBe(steps)

    await pick('import-apex-file-input', [sqlFile(F130_FILE)])
    await act(async () => {
      fireEvent.click(await screen.findByTestId('import-apex-confirm-yes'))
      await new Promise((r) => setTimeout(r, 50))
    })
    // The first import's home page is a live step no file has: asked about before the workspace closes.
    const prompt = await screen.findByTestId('unsaved-prompt')
    expect(prompt.getAttribute('data-count')).toBe('1')
    await act(async () => {
      fireEvent.click(screen.getByTestId('unsaved-discard'))
      await new Promise((r) => setTimeout(r, 50))
    })
    await waitFor(() => expect(screen.getByTestId('import-apex-summary').dataset.action).toBe('newWorkspace'))
    await waitFor(() => expect(screen.getByTestId('workspace-title').textContent).toMatch(/130/))
    expect(h.service.steps.length).toBe(1)
  })

  it('shows what cannot be imported as a message naming the file and line; the workspace stays', async () => {
    h = await harness('onboarding-wizard')
    renderWith(h, <App />)
    await screen.findByTestId('workspace-title')
    const broken = new File(["begin\nwwv_flow_api.create_page(\n p_id=>1\n,p_name=>'Home\n);\nend;\n"], 'broken.sql')
    await pick('import-apex-file-input', [broken])
    const toast = await screen.findByTestId('toast-error')
    expect(toast.textContent).toMatch(/Could not import the APEX export: broken\.sql is not an APEX application export.*broken\.sql:2:/)
    expect(toast.textContent).toMatch(/line: 2/)
    expect(screen.getByTestId('workspace-title').textContent).toMatch(/Onboard/)
    expect(screen.queryByTestId('import-apex-summary')).toBeNull()
    // A folder without .sql files never reaches the engine.
    const readme = new File(['# hi'], 'README.md')
    Object.defineProperty(readme, 'webkitRelativePath', { value: 'x/README.md' })
    await pick('import-apex-folder-input', [readme])
    await waitFor(() => expect(screen.getAllByTestId('toast-error').at(-1)!.textContent).toMatch(/no \.sql files/))
  })
})

describeWithSharedFixtures('reading picked files', () => {
  it('keeps only the .sql files of a folder, with their relative paths, within the contract limits', async () => {
    expect(MAX_EXPORT_BYTES).toBe(MAX_APEX_IMPORT_CHARS)
    expect(MAX_EXPORT_FILES).toBe(MAX_APEX_IMPORT_FILES)
    const files = await readExportFiles(folderPick(F347_FOLDER), true)
    expect(files.every((f) => f.path.startsWith('f347-apex24.2/') && f.path.endsWith('.sql'))).toBe(true)
    expect(files.some((f) => f.path === 'f347-apex24.2/install.sql')).toBe(true)
    const big = new File(['x'], 'big.sql')
    Object.defineProperty(big, 'size', { value: MAX_EXPORT_BYTES + 1 })
    await expect(readExportFiles([big], false)).rejects.toThrow(/at most 32 MiB/)
    await expect(readExportFiles([], false)).rejects.toThrow(/No file/)
  })
})

describeWithSharedFixtures('Import APEX export (desktop)', () => {
  it('the button runs main\'s File → Import APEX Export…; the summary arrives with the apex.imported event', async () => {
    ;(globalThis as { sessionScope?: unknown }).sessionScope = { invoke: () => Promise.resolve(), subscribe: () => () => undefined }
    const service = new EngineService()
    const calls: { method: string; payload: unknown }[] = []
    const inner = inProcessApi(service)
    const api: EngineApi = {
      invoke: ((method: string, payload: unknown) => {
        calls.push({ method, payload })
        if (method === 'shell.run') return Promise.resolve({ ok: true, result: { done: true } })
        return inner.invoke(method as never, payload as never)
      }) as EngineApi['invoke'],
      subscribe: inner.subscribe,
    }
    const services = createServices(api)
    await services.actions.init()
    h = { service, services, close: () => (services.actions.dispose(), service.close()) }
    renderWith(h, <App />)
    const button = await screen.findByTestId('import-apex-button')
    expect(button.hasAttribute('aria-haspopup')).toBe(false)
    await act(async () => {
      fireEvent.click(button)
    })
    expect(screen.queryByRole('menu')).toBeNull()
    expect(calls.filter((c) => c.method === 'shell.run')).toEqual([{ method: 'shell.run', payload: { command: 'file.importApexExport' } }])
    // Main picked the file and imported it by path.
    await act(async () => {
      await service.dispatch('workspace.importApexExport', { path: F130_FILE })
    })
    await settle()
    const panel = await screen.findByTestId('import-apex-summary')
    expect(panel.dataset.action).toBe('newWorkspace')
    await waitFor(() => expect(screen.getByTestId('workspace-title').textContent).toMatch(/130/))
    expect(calls.some((c) => c.method === 'workspace.importApexFiles')).toBe(false)
  })
})
