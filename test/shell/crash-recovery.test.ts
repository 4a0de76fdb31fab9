/**
 * "A crash (SIGKILL while recording) loses at most the step in flight."
 *
 * A child process records steps into a SQLite workspace file as fast as it
 * can; we SIGKILL it mid-recording, reopen the file here and check that every
 * step the child finished is there, nothing half-written is, and recording
 * continues. The store commits one transaction per step (WAL), so the last
 * step is either entirely there or entirely absent.
 *
 * Uses the engine's session store (`new Engine({ storePath })`): the
 * sessions, state rows, clock and session-ID generator state — one layer
 * below the persisted workspace of the engine service (timeline, recorded
 * steps and the engine continuing), whose SIGKILL test is
 * workspace-persistence-crash.test.ts (docs/desktop.md "Persistence").
 */
import { spawn } from 'node:child_process'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import Database from 'better-sqlite3'
import { afterAll, describe, expect, it } from 'vitest'
import { Engine } from '../../src-main/engine/engine.js'
import { CRASH_APP, ITEMS } from './helpers/crash-app.js'
import { onLines } from './helpers/output-lines.js'

const CHILD = join(import.meta.dirname, 'helpers', 'record-loop.ts')
const dir = mkdtempSync(join(tmpdir(), 'ss-crash-'))
afterAll(() => rmSync(dir, { recursive: true, force: true }))

interface Run {
  session: number
  /** The last `committed n` line the child wrote before it died. */
  lastWritten: number
  signal: NodeJS.Signals | null
}

/** Starts the recorder and SIGKILLs it once it reported `killAfter` steps. */
function recordAndKill(storePath: string, killAfter: number): Promise<Run> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', CHILD, storePath], { stdio: ['ignore', 'pipe', 'pipe'] })
    let stderr = ''
    let session = 0
    let lastWritten = 0
    let killed = false
    child.stderr.on('data', (d) => (stderr += String(d)))
    onLines(child.stdout, (line) => {
      const m = /^(session|committed) (\d+)$/.exec(line)
      if (!m) return
      if (m[1] === 'session') session = Number(m[2])
      else lastWritten = Number(m[2])
      if (!killed && lastWritten >= killAfter) {
        killed = true
        child.kill('SIGKILL')
      }
    })
    child.on('error', reject)
    // 'close' waits for stdout to drain: lines written just before the kill are counted.
    child.on('close', (_code, signal) => {
      if (!killed) reject(new Error(`recorder exited on its own: ${stderr}`))
      else resolve({ session, lastWritten, signal })
    })
  })
}

describe('crash recovery: SIGKILL mid-recording', () => {
  it.each([40, 400])('after ~%i steps, everything the child finished survives, nothing half-written does', async (killAfter) => {
    const storePath = join(dir, `workspace-${killAfter}.sqlite`)
    const run = await recordAndKill(storePath, killAfter)
    expect(run.signal).toBe('SIGKILL')
    expect(run.lastWritten).toBeGreaterThanOrEqual(killAfter)

    // The file itself: a sound SQLite database (the WAL is replayed on open).
    const raw = new Database(storePath)
    expect(raw.pragma('integrity_check', { simple: true })).toBe('ok')
    const clock = Number((raw.prepare("SELECT value FROM meta WHERE key = 'clock'").get() as { value: string }).value)
    const values = raw.prepare('SELECT item, value, status FROM state WHERE session = ? AND app = ? AND page = 1 ORDER BY item').all(run.session, 100) as { item: string; value: string; status: string }[]
    raw.close()

    // At most the step in flight is lost: the last committed step is the last one
    // the child reported, or the one after it (committed, killed before printing).
    expect(clock === run.lastWritten || clock === run.lastWritten + 1, `clock ${clock}, last reported ${run.lastWritten}`).toBe(true)
    // And it is whole: every item of that step, none of the step after.
    expect(values.map((v) => v.item)).toEqual(ITEMS)
    for (const v of values) expect(v.value, v.item).toBe(String(clock))

    // The engine reopens the workspace where it left off, and keeps recording.
    const engine = new Engine({ apps: [CRASH_APP], storePath })
    try {
      expect(engine.now).toBe(clock)
      const sessions = engine.sessions()
      expect(sessions).toHaveLength(1)
      expect(sessions[0]).toMatchObject({ id: run.session, alias: 'A', currentApp: 100, currentPage: 1, status: 'active' })
      expect(engine.stateRows(run.session).filter((r) => r.page === 1).map((r) => r.value)).toEqual(ITEMS.map(() => String(clock)))
      const next = engine.run({ type: 'submit', session: 'A', page: 1, request: 'SAVE', values: { [ITEMS[0]!]: 'after the crash' }, t: clock + 1 })
      expect(next[0]!.outcome).toBe('ok')
      expect(engine.stateRows(run.session).find((r) => r.item === ITEMS[0])?.value).toBe('after the crash')
    } finally {
      engine.close()
    }
  })
})
