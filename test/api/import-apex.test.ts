/**
 * workspace.importApexExport (by path) and workspace.importApexFiles (files a
 * page read) on the real fixtures: the app runs live, its home page opens in a
 * new session appended to the timeline, the summary is the CLI's, and what
 * cannot be imported is refused with file and line while the workspace stays.
 */
import { readFileSync, readdirSync, statSync } from 'node:fs'
import { dirname, join, relative } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import type { ApexImportResult, ApiResponse, EventPayloads, EventTopic, MethodName } from '../../src-main/api/contract.js'
import { MAX_APEX_IMPORT_CHARS, MAX_APEX_IMPORT_FILES } from '../../src-main/api/contract.js'
import { EngineService } from '../../src-main/api/engine-service.js'
import { runImportApex } from '../../src-main/cli/import-apex-command.js'
import { HOST_PATH_METHODS } from '../../src-main/web-host/ws-transport.js'
import { F130_FILE, F130_FOLDER, F347_FOLDER } from '../apex-import/fixtures.js'
import { beforeAllWithSharedFixtures, describeWithSharedFixtures, itWithSharedFixtures } from '../helpers/shared-fixtures.js'

const FIXTURES = dirname(F130_FOLDER)

let service: EngineService | null = null
afterEach(() => {
  service?.close()
  service = null
})

function newService(): EngineService {
  service = new EngineService()
  return service
}

async function ok<M extends MethodName>(s: EngineService, method: M, payload: unknown) {
  const r = (await s.dispatch(method, payload)) as ApiResponse<M>
  if (!r.ok) throw new Error(`${method}: ${JSON.stringify(r.error)}`)
  return r.result
}

/** Every file under a folder with its path relative to the folder's parent, as a browser's folder picker gives it. */
function folderFiles(folder: string): { path: string; text: string }[] {
  const out: { path: string; text: string }[] = []
  const walk = (dir: string) => {
    for (const name of readdirSync(dir)) {
      const full = join(dir, name)
      if (statSync(full).isDirectory()) walk(full)
      else out.push({ path: relative(dirname(folder), full), text: readFileSync(full, 'utf8') })
    }
  }
  walk(folder)
  return out
}

/** The CLI's `--json` document for a path. */
async function cliSummary(path: string): Promise<{ apps: unknown[]; problems: { file: string; line: number; message: string }[]; skippedCalls: Record<string, number> }> {
  let stdout = ''
  const code = await runImportApex([path, '--json'], { stdout: (t) => (stdout += t), stderr: () => undefined })
  expect(code).toBe(0)
  return JSON.parse(stdout)
}

/** Problems with their files named relative to the fixtures folder (the CLI names absolute paths, an upload relative ones). */
const relativeProblems = (problems: { file: string; line: number; message: string }[]) => problems.map((p) => ({ ...p, file: p.file.startsWith('/') ? relative(FIXTURES, p.file) : p.file }))

function record(s: EngineService) {
  const seen: { topic: EventTopic; payload: unknown }[] = []
  for (const topic of ['steps.appended', 'workspace.changed', 'apex.imported'] as const) s.subscribe(topic, (payload) => seen.push({ topic, payload }))
  return seen
}

/** The home page step is the new session's first request, shown, on the app's home page. */
async function expectHomeShown(s: EngineService, r: ApexImportResult, app: { id: number; homePage: number }, sessionsBefore: number[]) {
  expect(r.home).toMatchObject({ app: app.id, page: app.homePage, outcome: 'ok', steps: 1 })
  const [step] = await ok(s, 'steps.range', { from: r.home!.step, count: 1 })
  expect(step).toMatchObject({ kind: 'show', app: app.id, page: app.homePage, outcome: 'ok', session: r.home!.session, input: { type: 'request', url: `f?p=${app.id}:${app.homePage}` } })
  expect(sessionsBefore).not.toContain(r.home!.session)
  // The engine made the session with this request.
  expect(step!.effects.some((e) => e.op === 'session' && e.event === 'created' && e.session === r.home!.session)).toBe(true)
  const sessions = await ok(s, 'sessions.list', {})
  expect(sessions.find((x) => x.id === r.home!.session)).toMatchObject({ alias: r.home!.alias, currentApp: app.id, currentPage: app.homePage })
  expect(r.home!.step).toBe((await ok(s, 'steps.count', {})).count - 1)
}

let cli130: Awaited<ReturnType<typeof cliSummary>>
let cli130File: Awaited<ReturnType<typeof cliSummary>>
let cli347: Awaited<ReturnType<typeof cliSummary>>
beforeAllWithSharedFixtures(async () => {
  ;[cli130, cli130File, cli347] = await Promise.all([cliSummary(F130_FOLDER), cliSummary(F130_FILE), cliSummary(F347_FOLDER)])
})

describeWithSharedFixtures('workspace.importApexExport (by path)', () => {
  it('imports f130.sql (APEX 21.1) into a new live workspace with its home page in a new session; the summary is the CLI\'s', async () => {
    const s = newService()
    const events = record(s)
    const r = await ok(s, 'workspace.importApexExport', { path: F130_FILE })
    expect(r.action).toBe('newWorkspace')
    expect(r.summary).toEqual(cli130File)
    expect(r.summary.apps[0]).toMatchObject({ id: 130, pages: 47, pageItems: 156, branches: 21, appItems: 6 })
    await expectHomeShown(s, r, { id: 130, homePage: 1 }, [])
    expect((await ok(s, 'apps.list', {})).map((a) => a.id)).toEqual([130])
    expect(r.workspace).toMatchObject({ recordedOnly: false, steps: 1 })
    expect(r.workspace.title).toContain('130')
    // The UI hears of it: the workspace changed, then the import with the same result.
    expect(events.map((e) => e.topic)).toEqual(['workspace.changed', 'apex.imported'])
    expect((events[1]!.payload as EventPayloads['apex.imported']).id).toBe(r.id)
    expect(events[1]!.payload).toEqual(r)
  })

  it('imports the f347 split-export folder (APEX 24.2, wwv_flow_imp) and lists its problems with file and line', async () => {
    const s = newService()
    const r = await ok(s, 'workspace.importApexExport', { path: F347_FOLDER })
    expect(r.action).toBe('newWorkspace')
    expect(r.summary).toEqual(cli347)
    expect(r.summary.problems.length).toBeGreaterThan(0)
    expect(r.summary.problems[0]).toEqual({ file: join(F347_FOLDER, 'install.sql'), line: expect.any(Number), message: expect.stringContaining('missing') })
    expect(r.summary.problems[0]!.line).toBeGreaterThan(0)
    await expectHomeShown(s, r, { id: 347, homePage: 10 }, [])
    // The app runs live: the session goes on.
    const next = await ok(s, 'operate', { op: { type: 'request', session: r.home!.alias!, url: 'f?p=347:10' } })
    expect(next.steps[0]).toMatchObject({ session: r.home!.session, outcome: 'ok' })
  })

  it('refuses a path that does not exist and keeps the workspace', async () => {
    const s = newService()
    await ok(s, 'workspace.openDemo', { name: 'phone-number' })
    const before = { steps: s.steps.length, title: s.summary().title }
    const r = await s.dispatch('workspace.importApexExport', { path: join(FIXTURES, 'no-such-export', 'f1.sql') })
    expect(r).toMatchObject({ ok: false, error: { code: 'notFound', field: 'path' } })
    expect({ steps: s.steps.length, title: s.summary().title }).toEqual(before)
  })
})

describeWithSharedFixtures('workspace.importApexFiles (files a page read)', () => {
  it('imports the f130 split export from its files (install.sql order) and its single file alike, with the CLI\'s counts', async () => {
    const s = newService()
    const files = folderFiles(F130_FOLDER)
    expect(files.some((f) => f.path === 'f130-apex21.1/install.sql')).toBe(true)
    const split = await ok(s, 'workspace.importApexFiles', { files })
    expect(split.action).toBe('newWorkspace')
    expect(split.summary).toEqual(cli130)
    await expectHomeShown(s, split, { id: 130, homePage: 1 }, [])

    const single = await ok(s, 'workspace.importApexFiles', { files: [{ path: 'f130.sql', text: readFileSync(F130_FILE, 'utf8') }], newWorkspace: true })
    expect(single.action).toBe('newWorkspace')
    expect(single.summary).toEqual(cli130File)
    expect(single.summary.apps).toEqual(split.summary.apps)
    await expectHomeShown(s, single, { id: 130, homePage: 1 }, [])
    expect((await ok(s, 'steps.count', {})).count).toBe(1)
  })

  it('imports the f347 split export from its files; problems name the uploaded files and lines', async () => {
    const s = newService()
    const r = await ok(s, 'workspace.importApexFiles', { files: folderFiles(F347_FOLDER) })
    expect(r.summary.apps).toEqual(cli347.apps)
    expect(r.summary.skippedCalls).toEqual(cli347.skippedCalls)
    expect(r.summary.problems).toEqual(relativeProblems(cli347.problems))
    expect(r.summary.problems[0]!.file).toBe('f347-apex24.2/install.sql')
    await expectHomeShown(s, r, { id: 347, homePage: 10 }, [])
  })

  it('without install.sql takes the .sql files under application/, sorted like the folder walk: the same app', async () => {
    const s = newService()
    const files = folderFiles(F130_FOLDER).filter((f) => !f.path.endsWith('install.sql'))
    const r = await ok(s, 'workspace.importApexFiles', { files: files.reverse() })
    expect(r.summary.apps).toEqual(cli130.apps)
  })
})

describeWithSharedFixtures('what happens to the current workspace', () => {
  it('adds the app to a live workspace with recorded steps: every step stays, the new session is appended, both apps run', async () => {
    const s = newService()
    await ok(s, 'workspace.openDemo', { name: 'onboarding-wizard' })
    const count = s.steps.length
    expect(count).toBeGreaterThan(3)
    const stepsBefore = await ok(s, 'steps.range', { from: 0, count })
    const stateBefore = await ok(s, 'timeline.state', { point: { step: count - 1 } })
    const sessionsBefore = (await ok(s, 'sessions.list', {})).map((x) => x.id)
    const title = s.summary().title
    const events = record(s)

    const r = await ok(s, 'workspace.importApexExport', { path: F130_FOLDER })
    expect(r.action).toBe('added')
    expect(r.message).toMatch(/joined this workspace/)
    expect(r.summary).toEqual(cli130)
    await expectHomeShown(s, r, { id: 130, homePage: 1 }, sessionsBefore)
    expect(r.home!.step).toBe(count)
    expect(r.workspace).toMatchObject({ title, steps: count + 1 })
    expect(events.map((e) => e.topic)).toEqual(['steps.appended', 'apex.imported'])
    expect(events[0]!.payload).toEqual({ from: count, count: 1 })

    // Nothing recorded was lost or changed; time travel still answers for the old steps.
    expect(await ok(s, 'steps.range', { from: 0, count })).toEqual(stepsBefore)
    expect(await ok(s, 'timeline.state', { point: { step: count - 1 } })).toEqual(stateBefore)
    const after = await ok(s, 'timeline.state', { point: { step: count } })
    expect(after.sessions.map((x) => x.id)).toEqual(expect.arrayContaining([...sessionsBefore, r.home!.session]))
    expect((await ok(s, 'apps.list', {})).map((a) => a.id)).toEqual([100, 130])

    // Both apps run on: the demo's session A and the imported app's new session.
    const demo = await ok(s, 'operate', { op: { type: 'request', session: 'A', url: 'f?p=HR:43' } })
    expect(demo.steps[0]).toMatchObject({ app: 100, page: 43, outcome: 'ok', index: count + 1 })
    const imported = await ok(s, 'operate', { op: { type: 'request', session: r.home!.alias!, url: 'f?p=130:5:&SESSION.::::P5_ID:7' } })
    expect(imported.steps[0]).toMatchObject({ app: 130, page: 5, outcome: 'ok', session: r.home!.session })

    // The exported trace carries both apps and every step, and opens again without divergences.
    const { text } = await ok(s, 'workspace.exportTraceText', {})
    const reopened = await ok(s, 'workspace.openTraceText', { text, name: 'after-import.sstrace' })
    expect(reopened.steps).toBe(count + 3)
    expect(reopened.divergences).toEqual([])
    expect((await ok(s, 'apps.list', {})).map((a) => a.id)).toEqual([100, 130])
  })

  it('asks before replacing a workspace with recorded steps that already has the app; with newWorkspace: true it replaces it', async () => {
    const s = newService()
    await ok(s, 'workspace.openDemo', { name: 'onboarding-wizard' })
    await ok(s, 'workspace.importApexExport', { path: F130_FILE })
    const count = s.steps.length
    const events = record(s)

    const again = await ok(s, 'workspace.importApexFiles', { files: [{ path: 'f130.sql', text: readFileSync(F130_FILE, 'utf8') }] })
    expect(again.action).toBe('needsConfirmation')
    expect(again.message).toMatch(/already has an application 130/)
    expect(again.message).toContain(`${count} recorded steps`)
    expect(again.home).toBeNull()
    expect(again.summary).toEqual(cli130File)
    // Nothing changed, nothing was announced.
    expect(s.steps.length).toBe(count)
    expect((await ok(s, 'apps.list', {})).map((a) => a.id)).toEqual([100, 130])
    expect(events).toEqual([])

    const replaced = await ok(s, 'workspace.importApexFiles', { files: [{ path: 'f130.sql', text: readFileSync(F130_FILE, 'utf8') }], newWorkspace: true })
    expect(replaced.action).toBe('newWorkspace')
    expect(s.steps.length).toBe(1)
    expect((await ok(s, 'apps.list', {})).map((a) => a.id)).toEqual([130])
    expect(events.map((e) => e.topic)).toEqual(['workspace.changed', 'apex.imported'])
  })

  it('asks before replacing a recorded-only trace (no engine to add the app to)', async () => {
    const s = newService()
    await ok(s, 'workspace.openDemo', { name: 'phone-number' })
    const { text } = await ok(s, 'workspace.exportTraceText', {})
    const lines = text.split('\n')
    const header = JSON.parse(lines[0]!) as Record<string, unknown>
    delete header.apps
    delete header.use
    const recorded = await ok(s, 'workspace.openTraceText', { text: [JSON.stringify(header), ...lines.slice(1)].join('\n'), name: 'recorded.sstrace' })
    expect(recorded.recordedOnly).toBe(true)
    const r = await ok(s, 'workspace.importApexExport', { path: F347_FOLDER })
    expect(r.action).toBe('needsConfirmation')
    expect(r.message).toMatch(/recorded trace/)
    expect(s.summary()).toMatchObject({ recordedOnly: true, steps: recorded.steps })
  })

  it('an empty workspace (no recorded steps) is simply replaced', async () => {
    const s = newService()
    await ok(s, 'workspace.new', { use: ['demo:onboarding'] })
    const r = await ok(s, 'workspace.importApexExport', { path: F347_FOLDER })
    expect(r.action).toBe('newWorkspace')
    expect((await ok(s, 'apps.list', {})).map((a) => a.id)).toEqual([347])
  })
})

describe('bad input', () => {
  async function expectUnchanged(s: EngineService, run: () => Promise<void>) {
    const before = { steps: await ok(s, 'steps.range', { from: 0, count: 100 }), apps: await ok(s, 'apps.list', {}), summary: s.summary() }
    const events = record(s)
    await run()
    expect({ steps: await ok(s, 'steps.range', { from: 0, count: 100 }), apps: await ok(s, 'apps.list', {}), summary: s.summary() }).toEqual(before)
    expect(events).toEqual([])
  }

  it('refuses a file that is not an APEX export, naming the file and line; the workspace is unchanged', async () => {
    const s = newService()
    await ok(s, 'workspace.openDemo', { name: 'onboarding-wizard' })
    await expectUnchanged(s, async () => {
      const broken = "prompt --application\nbegin\nwwv_flow_api.create_page(\n p_id=>1\n,p_name=>'Home\n);\nend;\n/\n"
      const r = await s.dispatch('workspace.importApexFiles', { files: [{ path: 'exports/broken.sql', text: broken }] })
      expect(r.ok).toBe(false)
      if (r.ok) return
      expect(r.error).toMatchObject({ code: 'invalidExport', field: 'files.0', line: 3 })
      expect(r.error.message).toContain('exports/broken.sql:3:')
      expect(r.error.message).toMatch(/create_page/)
    })
    await expectUnchanged(s, async () => {
      const r = await s.dispatch('workspace.importApexFiles', { files: [{ path: 'notes.txt', text: 'hello, world\n' }] })
      expect(r).toMatchObject({ ok: false, error: { code: 'invalidExport', field: 'files.0', message: expect.stringMatching(/^notes\.txt is not an APEX application export.*notes\.txt: no application definition found/) } })
    })
    await expectUnchanged(s, async () => {
      // A folder with nothing to import: the message names the folder.
      const r = await s.dispatch('workspace.importApexFiles', { files: [{ path: 'f9/readme.md', text: '# x' }, { path: 'f9/app.js', text: '1' }] })
      expect(r).toMatchObject({ ok: false, error: { code: 'invalidExport', message: expect.stringContaining('f9: no .sql export files found') } })
    })
  })

  itWithSharedFixtures('imports what it can from an export with a malformed call, listing the call with its file and line', async () => {
    const s = newService()
    const text = readFileSync(F130_FILE, 'utf8')
    const marker = "p_name=>'P11_NAME'"
    const at = text.indexOf(marker)
    expect(at).toBeGreaterThan(0)
    const damaged = text.slice(0, at) + "p_name=>'P11_NAME" + text.slice(at + marker.length)
    const r = await ok(s, 'workspace.importApexFiles', { files: [{ path: 'f130.sql', text: damaged }] })
    expect(r.action).toBe('newWorkspace')
    const line = text.slice(0, text.lastIndexOf('wwv_flow_api.create_page_item(', at)).split('\n').length
    expect(r.summary.problems).toContainEqual({ file: 'f130.sql', line, message: expect.stringContaining('create_page_item') })
    expect(r.summary.apps[0]!.pageItems).toBeLessThan(156)
    await expectHomeShown(s, r, { id: 130, homePage: 1 }, [])
  })

  it('validates the payload like every other: sizes, counts, paths, duplicates', async () => {
    const s = newService()
    await ok(s, 'workspace.openDemo', { name: 'phone-number' })
    await expectUnchanged(s, async () => {
      const cases: [unknown, string][] = [
        [{ files: [] }, 'files'],
        [{}, 'files'],
        [{ files: [{ path: '', text: 'x' }] }, 'files.0.path'],
        [{ files: [{ path: 'a\u0000.sql', text: 'x' }] }, 'files.0.path'],
        [{ files: [{ path: 'a.sql', text: 1 }] }, 'files.0.text'],
        [{ files: [{ path: 'a.sql', text: 'x', extra: true }] }, 'files.0'],
        [{ files: [{ path: 'a.sql', text: 'x' }], newWorkspace: 'yes' }, 'newWorkspace'],
        [{ files: [{ path: 'd/a.sql', text: 'x' }, { path: 'd\\a.sql', text: 'y' }] }, 'files.1.path'],
        [{ files: [{ path: 'a.sql', text: 'x'.repeat(MAX_APEX_IMPORT_CHARS / 2) }, { path: 'b.sql', text: 'y'.repeat(MAX_APEX_IMPORT_CHARS / 2 + 1) }] }, 'files.1.text'],
        [{ files: Array.from({ length: MAX_APEX_IMPORT_FILES + 1 }, (_, i) => ({ path: `f/${i}.sql`, text: '' })) }, 'files'],
      ]
      for (const [payload, field] of cases) {
        const r = await s.dispatch('workspace.importApexFiles', payload)
        expect(r, JSON.stringify(payload).slice(0, 100)).toMatchObject({ ok: false, error: { code: 'invalidPayload', field } })
      }
      expect(await s.dispatch('workspace.importApexExport', { path: '' })).toMatchObject({ ok: false, error: { code: 'invalidPayload', field: 'path' } })
      expect(await s.dispatch('workspace.importApexExport', { path: F130_FILE, extra: 1 })).toMatchObject({ ok: false, error: { code: 'invalidPayload' } })
    })
  })

  it('the browser host never lets a page import by a path on the host', () => {
    expect(HOST_PATH_METHODS.has('workspace.importApexExport')).toBe(true)
    expect(HOST_PATH_METHODS.has('workspace.importApexFiles')).toBe(false)
  })
})
