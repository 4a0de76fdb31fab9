/**
 * The workspace file's event store gives back each event line as it was put
 * (random lines: empty, multi-byte UTF-8, any length; some flushed into stored
 * chunks, the rest in the open chunk), read in any order — a line is cut from
 * its stored chunk by the chunk's line starts and decoded alone (issue #13:
 * decoding the whole chunk for one step was a quarter of a far jump's answer).
 * Expected values are the lines the test put.
 */
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, describe, expect } from 'vitest'
import { fc, test } from '@fast-check/vitest'
import { EVENT_CHUNK, SqliteEventStore, createWorkspaceDb } from '../../src-main/timeline/workspace-file.js'

const dir = mkdtempSync(join(tmpdir(), 'ss-event-lines-'))
afterAll(() => rmSync(dir, { recursive: true, force: true }))
let files = 0

/** A line as JSON text has it: no raw line break. */
const lineArb = fc.string({ unit: fc.oneof(fc.constantFrom('a', '{', '"', 'é', '€', '𝄞', ' ', '\\'), fc.string({ unit: 'grapheme', minLength: 1, maxLength: 1 })), maxLength: 40 }).map((s) => s.replace(/[\n\r]/g, ' '))

describe('event lines in the workspace file', () => {
  test.prop([fc.array(lineArb, { minLength: EVENT_CHUNK + 1, maxLength: 3 * EVENT_CHUNK + 20 }), fc.array(fc.nat(), { minLength: 1, maxLength: 60 }), fc.boolean()], { numRuns: 25 })(
    'each line comes back as put, in any order of reading',
    (lines, order, asBytes) => {
      const db = createWorkspaceDb(join(dir, `w${files++}.ssws`))
      try {
        const store = new SqliteEventStore(db)
        lines.forEach((l, i) => store.put(i, asBytes ? Buffer.from(l, 'utf8') : l))
        for (const i of order) expect(store.get(i % lines.length)).toBe(lines[i % lines.length])
        // Reopened: every chunk but the open one is read from the file.
        store.flush()
        const reopened = new SqliteEventStore(db, lines.length)
        for (const i of order) expect(reopened.get(i % lines.length)).toBe(lines[i % lines.length])
        expect(() => reopened.get(lines.length)).toThrow(RangeError)
      } finally {
        db.close()
      }
    },
  )
})
