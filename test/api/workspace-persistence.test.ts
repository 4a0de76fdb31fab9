/**
 * The persisted workspace (EngineServiceOptions.workspacePath), in process:
 * a clean close and reopen gives back identical steps, states and sessions
 * and an engine that goes on exactly as one that never stopped; opening a
 * demo or a trace file replaces the file (and New Workspace clears it); a
 * replace that fails leaves the old file; a damaged file at start is kept
 * aside with a notice and the service starts empty. The crash tests (SIGKILL
 * of a child process) are in test/shell/workspace-persistence-crash.test.ts.
 */
import { createHash } from 'node:crypto'
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, statSync, truncateSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { dirname, join } from 'node:path'
import Database from 'better-sqlite3'
import { afterAll, describe, expect, it } from 'vitest'
import type { MethodInput } from '../../src-main/api/contract.js'
import { EngineService, demoTracesDir } from '../../src-main/api/engine-service.js'
import { GENERATOR_APPS } from '../../scripts/trace-generator/apps.js'
import { GENERATOR_SETTINGS, generateOperations, generateTraceText } from '../../scripts/trace-generator/index.js'
import { call, failure } from '../timeline/api-call.js'
import { F130_FILE } from '../apex-import/fixtures.js'
import { describeWithSharedFixtures, itWithSharedFixtures } from '../helpers/shared-fixtures.js'

// Worker loads, fsync per step: bounded generously for slow CI machines.
const SLOW = { timeout: 180_000 }
const dir = mkdtempSync(join(tmpdir(), 'ss-ws-persist-'))
const open: EngineService[] = []
afterAll(() => {
  for (const s of open) s.close()
  rmSync(dir, { recursive: true, force: true })
})

let n = 0
function freshPath(): string {
  return join(dir, `case-${++n}`, 'workspace', 'current.ssws')
}

function start(path: string | null): EngineService {
  const s = new EngineService({ ...(path ? { workspacePath: path } : {}), workspaceDir: join(dir, 'cache') })
  open.push(s)
  return s
}

function stop(s: EngineService): void {
  s.close()
  open.splice(open.indexOf(s), 1)
}

const LIVE: MethodInput<'workspace.new'> = { apps: GENERATOR_APPS as never, seed: 5, settings: GENERATOR_SETTINGS, title: 'Live shop' }
const ops = (events: number, seed: number, t0 = 0) =>
  [...generateOperations({ events, sessions: 4, seed, gapSec: 200 })].map((op) => ({ ...op, ...(op.t !== undefined ? { t: op.t + t0 } : {}) }))

function sorted(list: unknown): string[] {
  return (list as unknown[]).map((x) => JSON.stringify(x)).sort()
}

/**
 * Steps with the effects of each phase in a canonical order. An engine rebuilt
 * from the timeline lists its sessions in the timeline's order (creation, a
 * session keeping its place when a login rotates its ID); one that never
 * stopped moves a rotated session to the end of its list — visible only as
 * the order of the per-session notices of a `wait` step (docs/storage.md).
 * Everything else must be identical.
 */
function canonical(result: unknown): unknown {
  const steps = (Array.isArray(result) ? result : (result as { steps: unknown[] }).steps) as { effects: unknown[]; phases: { start: number; end: number }[] }[]
  return steps.map((step) => {
    const effects = step.effects.map((e) => JSON.stringify(e))
    for (const p of step.phases) effects.splice(p.start, p.end - p.start, ...effects.slice(p.start, p.end).sort())
    return { ...step, effects }
  })
}

async function expectSame(a: EngineService, b: EngineService, opts: { canonical?: boolean } = {}): Promise<void> {
  const steps = a.timeline.stepCount
  expect(b.timeline.stepCount).toBe(steps)
  if (opts.canonical) expect(canonical(b.steps)).toEqual(canonical(a.steps))
  else expect(b.steps).toEqual(a.steps)
  let withPhases = Math.floor(steps / 2)
  while (withPhases > 0 && a.timeline.phaseCount(withPhases) === 0) withPhases--
  for (const point of [{ step: -1 }, { step: Math.floor(steps / 3) }, { step: withPhases, phase: 0 }, { step: steps - 1 }])
    expect(await call(b, 'timeline.state', { point }), JSON.stringify(point)).toEqual(await call(a, 'timeline.state', { point }))
  expect(sorted(await call(b, 'sessions.list', {}))).toEqual(sorted(await call(a, 'sessions.list', {})))
  expect(sorted(await call(b, 'state.userRows', {}))).toEqual(sorted(await call(a, 'state.userRows', {})))
  expect(b.summary()).toMatchObject({ title: a.summary().title, steps, recordedOnly: a.summary().recordedOnly })
}

function rawMeta(path: string): { events: number; live: number; integrity: unknown } {
  const db = new Database(path, { readonly: true })
  try {
    return {
      events: Number(db.prepare("SELECT value FROM ws_meta WHERE key = 'events'").pluck().get()),
      live: db.prepare('SELECT count(*) FROM ws_live').pluck().get() as number,
      integrity: db.pragma('integrity_check', { simple: true }),
    }
  } finally {
    db.close()
  }
}

/** The workspace file as a process killed now would leave it (file and write-ahead log, no close): its copy's path. */
function copyAsKilled(path: string): string {
  const crashed = join(dirname(path), 'crashed', 'current.ssws')
  mkdirSync(dirname(crashed))
  for (const suffix of ['', '-wal']) if (existsSync(path + suffix)) copyFileSync(path + suffix, crashed + suffix)
  return crashed
}

const sha = (path: string) => createHash('sha256').update(readFileSync(path)).digest('hex')

describe('restart: a clean close and a reopen', SLOW, () => {
  it('gives back identical steps, states and sessions, and the engine continues as if it never stopped', async () => {
    const path = freshPath()
    const ref = start(null)
    const a = start(path)
    expect(a.startupNotice).toBeNull()
    for (const s of [ref, a]) {
      await call(s, 'workspace.new', LIVE)
      for (const op of ops(120, 5)) await call(s, 'operate', { op })
    }
    // Every step is in the file before the answer: as live rows until the close.
    expect(rawMeta(path).live).toBe(a.timeline.cols.eventCount)
    stop(a)
    // The clean close folded them into the timeline's blobs.
    expect(rawMeta(path)).toEqual({ events: ref.timeline.cols.eventCount, live: 0, integrity: 'ok' })

    const b = start(path)
    expect(b.startupNotice).toBeNull()
    await expectSame(ref, b)
    // Both go on with the same operations: same steps (session IDs continue the seeded sequence, the clock where it was).
    for (const op of ops(60, 77, 1e6)) expect(canonical(await call(b, 'operate', { op }))).toEqual(canonical(await call(ref, 'operate', { op })))
    expect(canonical(b.steps)).toEqual(canonical(ref.steps))

    // And once more: the reopened file keeps recording (appended after its folded part).
    stop(b)
    const c = start(path)
    await expectSame(ref, c, { canonical: true })
    const op = { type: 'wait' as const, seconds: 5 }
    expect(canonical(await call(c, 'operate', { op }))).toEqual(canonical(await call(ref, 'operate', { op })))
  })

  it('an empty start creates the file, and restarting it changes nothing', async () => {
    const path = freshPath()
    const a = start(path)
    expect(existsSync(path)).toBe(true)
    expect(a.timeline.stepCount).toBe(0)
    stop(a)
    const b = start(path)
    expect(b.startupNotice).toBeNull()
    expect(b.summary().title).toBe('Untitled workspace')
  })
})

describe('replacing the persisted workspace', SLOW, () => {
  it('a demo replaces it; New Workspace clears it', async () => {
    const path = freshPath()
    const a = start(path)
    await call(a, 'workspace.new', LIVE)
    for (const op of ops(20, 3)) await call(a, 'operate', { op })
    await call(a, 'workspace.openDemo', { name: 'onboarding-wizard' })
    const demo = start(null)
    await call(demo, 'workspace.openDemo', { name: 'onboarding-wizard' })
    // A live step on the demo's engine is kept too.
    const more = { type: 'request' as const, url: 'f?p=100:43', as: 'LATE' }
    expect(await call(a, 'operate', { op: more })).toEqual(await call(demo, 'operate', { op: more }))
    stop(a)
    const b = start(path)
    await expectSame(demo, b)
    expect(b.summary().expects).toEqual(demo.summary().expects)
    // File → New Workspace: workspace.new replaces it with an empty live workspace.
    await call(b, 'workspace.new', { use: ['demo:onboarding'], title: 'Live: Onboard New Employee' })
    stop(b)
    const c = start(path)
    expect(c.timeline.stepCount).toBe(0)
    expect(c.summary().title).toBe('Live: Onboard New Employee')
    expect(c.engine?.apps.size).toBe(1)
  })

  it('an opened trace file (indexed in a worker) is copied in, with the live steps recorded on it', async () => {
    const path = freshPath()
    const trace = join(dirname(path), 'apps.sstrace')
    mkdirSync(dirname(trace), { recursive: true })
    writeFileSync(trace, generateTraceText({ events: 400, sessions: 6, seed: 12 }))
    const a = start(path)
    const ref = start(null)
    for (const s of [a, ref]) {
      await call(s, 'workspace.openTraceFile', { path: trace })
      for (const op of ops(15, 8, 1e6)) await call(s, 'operate', { op })
    }
    stop(a)
    const b = start(path)
    await expectSame(ref, b)
    // The copy does not depend on the trace file any more.
    rmSync(trace)
    stop(b)
    const c = start(path)
    await expectSame(ref, c)
    const op = { type: 'wait' as const, seconds: 1 }
    expect(canonical(await call(c, 'operate', { op }))).toEqual(canonical(await call(ref, 'operate', { op })))
  })

  it('a recorded trace is copied in once its own workspace file is complete', async () => {
    const path = freshPath()
    const trace = join(dirname(path), 'recorded.sstrace')
    mkdirSync(dirname(trace), { recursive: true })
    writeFileSync(trace, generateTraceText({ events: 3000, sessions: 10, seed: 3, recorded: true }))
    const a = start(path)
    let changes = 0
    a.subscribe('workspace.changed', () => changes++)
    await call(a, 'workspace.openTraceFile', { path: trace })
    // The second workspace.changed: the trace's workspace file is complete (and copied here before it).
    await expect.poll(() => changes, { timeout: 60_000 }).toBe(2)
    const ref = start(null)
    await call(ref, 'workspace.openTraceText', { text: readFileSync(trace, 'utf8') })
    stop(a)
    const b = start(path)
    expect(b.engine).toBeNull()
    await expectSame(ref, b)
  })

  it('a replace that cannot be written fails and changes nothing: the old workspace stays, in the service and in the file', async () => {
    const path = freshPath()
    const a = start(path)
    await call(a, 'workspace.new', LIVE)
    for (const op of ops(10, 4)) await call(a, 'operate', { op })
    const before = a.timeline.stepCount
    // Something in the way of the new file (a folder where it is written).
    mkdirSync(`${path}.partial`)
    expect(await failure(a, 'workspace.openDemo', { name: 'phone-number' })).toMatchObject({ code: 'internal', message: expect.stringContaining('the current workspace stays') })
    expect(a.timeline.stepCount).toBe(before)
    expect(a.summary().title).toBe('Live shop')
    // Recording goes on into the old file.
    await call(a, 'operate', { op: { type: 'wait', seconds: 1 } })
    rmSync(`${path}.partial`, { recursive: true })
    stop(a)
    const b = start(path)
    expect(b.summary().title).toBe('Live shop')
    expect(b.timeline.stepCount).toBe(before + 1)
    // And replacing works again once the way is clear.
    await call(b, 'workspace.openDemo', { name: 'phone-number' })
    stop(b)
    const header = JSON.parse(readFileSync(join(demoTracesDir(), 'phone-number.sstrace'), 'utf8').split('\n', 1)[0]!) as { title: string }
    expect(start(path).summary().title).toBe(header.title)
  })
})

describe('a damaged workspace file at start', SLOW, () => {
  async function recorded(path: string): Promise<void> {
    const a = start(path)
    await call(a, 'workspace.new', LIVE)
    for (const op of ops(30, 6)) await call(a, 'operate', { op })
    stop(a)
  }

  const damages: [string, (path: string) => Promise<void>][] = [
    ['garbage bytes', async (path) => writeFileSync(path, 'not a database\n'.repeat(500))],
    [
      'a truncated file',
      async (path) => {
        await recorded(path)
        truncateSync(path, Math.floor(statSync(path).size / 3))
      },
    ],
    [
      'a timeline part that does not match its checksum',
      async (path) => {
        await recorded(path)
        const db = new Database(path)
        db.prepare("UPDATE ws_blobs SET data = zeroblob(length(data)) WHERE name = 'eTo'").run()
        db.close()
      },
    ],
    [
      'a live step that does not match its checksum',
      async (path) => {
        // The files of a service that was killed while recording (copied while it was idle: a crash image), ...
        const elsewhere = join(dirname(path), 'running.ssws')
        const a = start(elsewhere)
        await call(a, 'workspace.new', LIVE)
        for (const op of ops(5, 6)) await call(a, 'operate', { op })
        for (const suffix of ['', '-wal']) if (existsSync(elsewhere + suffix)) copyFileSync(elsewhere + suffix, path + suffix)
        stop(a)
        // ... with one of its live rows damaged.
        const db = new Database(path)
        expect(db.prepare('SELECT count(*) FROM ws_live').pluck().get()).toBeGreaterThan(2)
        db.prepare("UPDATE ws_live SET line = CAST(replace(CAST(line AS TEXT), '\"t\":', '\"t\": ') AS BLOB) WHERE seq = 2").run()
        db.close()
      },
    ],
  ]

  it.each(damages)('%s: kept aside untouched, a notice says where, the service starts empty and keeps the new file', async (_label, damage) => {
    const path = freshPath()
    mkdirSync(dirname(path), { recursive: true })
    await damage(path)
    const damagedSha = sha(path)
    const a = start(path)
    expect(a.startupNotice).toMatch(/could not be reopened/)
    const kept = readdirSync(dirname(path)).filter((f) => /^current\.ssws\.damaged-/.test(f) && !/-(wal|shm)$/.test(f))
    expect(kept).toHaveLength(1)
    const keptPath = join(dirname(path), kept[0]!)
    expect(a.startupNotice).toContain(keptPath)
    // The user's data, byte for byte (nothing was written into it or deleted).
    expect(sha(keptPath)).toBe(damagedSha)
    expect(a.timeline.stepCount).toBe(0)
    // A fresh workspace is kept from now on, and the next start is quiet.
    await call(a, 'workspace.new', LIVE)
    await call(a, 'operate', { op: { type: 'request', url: 'f?p=100:1', as: 'NEW' } })
    stop(a)
    const b = start(path)
    expect(b.startupNotice).toBeNull()
    expect(b.timeline.stepCount).toBeGreaterThan(0)
    expect(existsSync(keptPath)).toBe(true)
  })
})

describeWithSharedFixtures('an app that joins the live workspace (APEX import) is kept with it', SLOW, () => {
  it('the new engine, its apps and the steps it recorded survive a restart', async () => {
    const path = freshPath()
    const a = start(path)
    await call(a, 'workspace.new', { use: ['demo:onboarding'], seed: 11, title: 'Joined' })
    await call(a, 'operate', { op: { type: 'request', url: 'f?p=100:43', as: 'A', t: 1 } })
    const imported = await call(a, 'workspace.importApexExport', { path: F130_FILE })
    expect(imported.action).toBe('added')
    const apps = (await call(a, 'apps.list', {})).map((x) => x.id).sort()
    expect(apps).toContain(130)
    await call(a, 'operate', { op: { type: 'request', url: 'f?p=130:1', as: 'B', t: 5 } })
    const steps = a.steps
    const sessions = sorted(await call(a, 'sessions.list', {}))
    // Killed, not closed: what was recorded must be in the file already (header included).
    const crashed = copyAsKilled(path)
    stop(a)
    for (const p of [path, crashed]) {
      const b = start(p)
      expect(b.startupNotice).toBeNull()
      expect((await call(b, 'apps.list', {})).map((x) => x.id).sort()).toEqual(apps)
      expect(b.steps).toEqual(steps)
      expect(sorted(await call(b, 'sessions.list', {}))).toEqual(sessions)
      const r = await call(b, 'operate', { op: { type: 'request', url: 'f?p=130:1', as: 'C', t: 9 } })
      expect(r.steps[0]!.outcome).toBe('ok')
      stop(b)
    }
  })
})

describe('unsaved live steps (what a replace would lose)', SLOW, () => {
  const unsaved = async (s: EngineService) => (await call(s, 'workspace.summary', {})).unsavedSteps

  it('counts live steps since the open, save or export; a demo or trace is its own file', async () => {
    const s = start(null)
    await call(s, 'workspace.openDemo', { name: 'onboarding-wizard' })
    expect(await unsaved(s)).toBe(0)
    const demoSteps = s.timeline.stepCount
    await call(s, 'operate', { op: { type: 'request', url: 'f?p=100:43', as: 'X' } })
    expect(s.timeline.stepCount).toBeGreaterThan(demoSteps)
    expect(await unsaved(s)).toBe(s.timeline.stepCount - demoSteps)
    await call(s, 'workspace.new', LIVE)
    expect(await unsaved(s)).toBe(0)
    for (const op of ops(12, 4)) await call(s, 'operate', { op })
    const total = s.timeline.stepCount
    expect(total).toBeGreaterThan(0)
    expect(await unsaved(s)).toBe(total)
    // A download: the text says how many steps it holds, and the page marks them saved once it has it.
    const exported = await call(s, 'workspace.exportTraceText', {})
    expect(exported.steps).toBe(total)
    await call(s, 'operate', { op: { type: 'request', url: 'f?p=100:1', as: 'LATER' } })
    expect(await call(s, 'workspace.markSaved', { steps: exported.steps! })).toEqual({ unsavedSteps: s.timeline.stepCount - total })
    // An older save never undoes a newer one; more steps than there are is refused.
    expect(await call(s, 'workspace.markSaved', { steps: 1 })).toEqual({ unsavedSteps: s.timeline.stepCount - total })
    expect(await failure(s, 'workspace.markSaved', { steps: s.timeline.stepCount + 1 })).toMatchObject({ code: 'invalidPayload', field: 'steps' })
    // Saved by path: every step.
    const file = join(dir, `export-${++n}.sstrace`)
    await call(s, 'workspace.exportTraceFile', { path: file })
    expect(await unsaved(s)).toBe(0)
    expect(readdirSync(dirname(file)).filter((f) => f.includes('.partial'))).toEqual([])
    await call(s, 'operate', { op: { type: 'request', url: 'f?p=100:1', as: 'AFTER' } })
    expect(await unsaved(s)).toBeGreaterThan(0)
    await call(s, 'workspace.save', { path: join(dir, `saved-${n}.ssws`) })
    expect(await unsaved(s)).toBe(0)
  })

  it('a failed export keeps them unsaved and leaves no partial file', async () => {
    const s = start(null)
    await call(s, 'workspace.new', LIVE)
    for (const op of ops(5, 6)) await call(s, 'operate', { op })
    const missing = join(dir, 'no-such-folder', 'x.sstrace')
    expect(await failure(s, 'workspace.exportTraceFile', { path: missing })).toMatchObject({ code: 'internal', field: 'path' })
    expect(await unsaved(s)).toBe(s.timeline.stepCount)
  })

  it('survive a restart, and so does what was saved of them', async () => {
    const path = freshPath()
    const a = start(path)
    await call(a, 'workspace.new', LIVE)
    for (const op of ops(10, 8)) await call(a, 'operate', { op })
    const saved = (await call(a, 'workspace.exportTraceText', {})).steps!
    await call(a, 'workspace.markSaved', { steps: saved })
    for (const op of ops(6, 9, 100_000)) await call(a, 'operate', { op })
    const before = await unsaved(a)
    expect(before).toBe(a.timeline.stepCount - saved)
    expect(before).toBeGreaterThan(0)
    // Killed, not closed: the saved count must be in the file already.
    const crashed = copyAsKilled(path)
    stop(a)
    for (const p of [path, crashed]) {
      const b = start(p)
      expect(await unsaved(b)).toBe(before)
      stop(b)
    }
  })

  itWithSharedFixtures('an app joining the workspace keeps the count', async () => {
    const s = start(null)
    await call(s, 'workspace.new', { use: ['demo:onboarding'], title: 'Joined' })
    await call(s, 'operate', { op: { type: 'request', url: 'f?p=100:43', as: 'A' } })
    const before = await unsaved(s)
    expect(before).toBe(1)
    const imported = await call(s, 'workspace.importApexExport', { path: F130_FILE })
    expect(imported.action).toBe('added')
    expect(await unsaved(s)).toBe(s.timeline.stepCount)
  })
})

describe('shell.run in the contract', () => {
  it('is typed by the contract and refused by the engine (the desktop shell answers it)', async () => {
    const s = start(null)
    expect(await failure(s, 'shell.run', { command: 'file.openTrace' })).toMatchObject({ code: 'forbidden', field: 'command' })
    expect(await failure(s, 'shell.run', { command: 'go.stepForward' as never })).toMatchObject({ code: 'invalidPayload', field: 'command' })
  })
})
