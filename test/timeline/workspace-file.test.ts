/**
 * The workspace file: saved and reopened without re-parsing, continuing live
 * operations where they left off; damaged or foreign files refused cleanly.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import Database from 'better-sqlite3'
import { mkdtempSync, readFileSync, rmSync, truncateSync, writeFileSync, statSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { Engine } from '../../src-main/engine/engine.js'
import { GENERATOR_APPS } from '../../scripts/trace-generator/apps.js'
import { GENERATOR_SETTINGS, generateOperations, generateTraceText } from '../../scripts/trace-generator/index.js'
import { Workspace } from '../../src-main/timeline/workspace.js'
import { WorkspaceFileError } from '../../src-main/timeline/workspace-file.js'

let dir: string
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'ss-wsfile-'))
})
afterAll(() => rmSync(dir, { recursive: true, force: true }))

function liveWorkspace(seed: number, events: number): Workspace {
  const header = { format: 'session-trace', version: 1, title: 'live', apps: GENERATOR_APPS, seed, settings: GENERATOR_SETTINGS }
  const ws = Workspace.fromText(JSON.stringify(header) + '\n', null, { checkpointEvery: 16 })
  for (const op of generateOperations({ events, sessions: 3, seed, gapSec: 300 })) ws.operate(op)
  return ws
}

describe('workspace files', () => {
  it('a saved workspace reopens to the same steps and states, and the engine continues where it stopped', () => {
    const ws = liveWorkspace(5, 80)
    const path = join(dir, 'live.ssws')
    ws.save(path)
    const back = Workspace.openFile(path)
    const n = ws.timeline.stepCount
    expect(back.timeline.stepCount).toBe(n)
    expect(back.timeline.steps(0, n)).toEqual(ws.timeline.steps(0, n))
    for (const step of [-1, 0, Math.floor(n / 3), n - 1]) expect(back.timeline.stateAt({ step })).toEqual(ws.timeline.stateAt({ step }))
    // Both go on with the same operations: same steps (session IDs continue the seeded sequence).
    const more = [...generateOperations({ events: 30, sessions: 3, seed: 77, gapSec: 300 })].map((op) => ({ ...op, t: (op.t ?? 0) + 1e6 }))
    for (const op of more) expect(back.operate(op)).toEqual(ws.operate(op))
    expect(back.timeline.steps(n, 1000)).toEqual(ws.timeline.steps(n, 1000))
    // The continued workspace exports to what a straight simulation gives.
    const engine = new Engine({ apps: GENERATOR_APPS.map((a) => structuredClone(a)), seed: 5, settings: GENERATOR_SETTINGS })
    for (const op of generateOperations({ events: 80, sessions: 3, seed: 5, gapSec: 300 })) engine.run(op)
    for (const op of more) engine.run(op)
    expect(back.timeline.steps(0, 100_000).map((s) => s.effects)).toEqual(engine.steps.map((s) => s.effects))
    engine.close()
    back.close()
    ws.close()
  })

  it('a recorded workspace round-trips too', () => {
    const ws = Workspace.fromText(generateTraceText({ events: 500, sessions: 6, seed: 3, recorded: true }), null, { checkpointEvery: 32 })
    const path = join(dir, 'rec.ssws')
    ws.save(path)
    const back = Workspace.openFile(path)
    expect(back.recordedOnly).toBe(true)
    expect(back.timeline.steps(0, 10_000)).toEqual(ws.timeline.steps(0, 10_000))
    expect([...back.exportLines()]).toEqual([...ws.exportLines()])
    expect(back.timeline.search('king').total).toBe(ws.timeline.search('king').total)
    back.close()
    ws.close()
  })

  describe('damaged or foreign files are refused with a clear error naming the file', () => {
    const expectRefused = (path: string, pattern: RegExp) => {
      let err: unknown
      try {
        Workspace.openFile(path).close()
      } catch (e) {
        err = e
      }
      expect(err).toBeInstanceOf(WorkspaceFileError)
      expect((err as Error).message).toContain(path)
      expect((err as Error).message).toMatch(pattern)
    }
    const good = () => {
      const ws = Workspace.fromText(generateTraceText({ events: 300, sessions: 4, seed: 9, recorded: true }), null)
      const path = join(dir, `good-${Math.random()}.ssws`)
      ws.save(path)
      ws.close()
      return path
    }

    it('garbage bytes', () => {
      const path = join(dir, 'garbage.ssws')
      writeFileSync(path, Buffer.from('this is not a database at all, just text\n'.repeat(100)))
      expectRefused(path, /not a Session Scope workspace/)
    })

    it('a truncated workspace', () => {
      const path = good()
      truncateSync(path, Math.floor(statSync(path).size / 3))
      expectRefused(path, /damaged|malformed|not a|cannot/i)
    })

    it('bytes overwritten in the middle', () => {
      const path = good()
      const buf = readFileSync(path)
      for (let i = Math.floor(buf.length / 2); i < Math.floor(buf.length / 2) + 20_000 && i < buf.length; i++) buf[i] = 0xa5
      writeFileSync(path, buf)
      expectRefused(path, /damaged|malformed|not a|cannot/i)
    })

    it('a SQLite database of another application', () => {
      const path = join(dir, 'other.sqlite')
      const db = new Database(path)
      db.exec('CREATE TABLE notes (id INTEGER PRIMARY KEY, text TEXT); INSERT INTO notes (text) VALUES (\'hello\')')
      db.close()
      expectRefused(path, /another application/)
    })

    it('an engine store (our own SQLite, but not a workspace)', () => {
      const path = join(dir, 'store.sqlite')
      const e = new Engine({ storePath: path })
      e.close()
      expectRefused(path, /another application|not a Session Scope workspace/)
    })

    it('a workspace whose writing was interrupted', () => {
      const path = good()
      const db = new Database(path)
      db.prepare("UPDATE ws_meta SET value = '0' WHERE key = 'complete'").run()
      db.close()
      expectRefused(path, /incomplete/)
    })

    it('a newer schema version', () => {
      const path = good()
      const db = new Database(path)
      db.pragma('user_version = 99')
      db.close()
      expectRefused(path, /schema version 99/)
    })
  })
})
