/**
 * Sequence positions of an app database FILE survive closing it: the next
 * value after reopening follows the last one handed out, also one handed out
 * in a request that rolled back (Oracle's sequences are not transactional).
 * An in-memory database keeps them in its catalog only (nothing reopens it).
 */
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { AppDatabase } from '../../../src-main/engine/database/app-database.js'

const clock = (): Date => new Date('2024-03-15T10:20:30Z')
const dirs: string[] = []
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true })
})
const next = (db: AppDatabase): unknown => db.query('select s.nextval from dual', () => undefined).rows[0]![0]

describe('sequence positions', () => {
  it('a database file reopened continues its sequences, past values of rolled-back requests too', () => {
    const dir = mkdtempSync(join(tmpdir(), 'seq-'))
    dirs.push(dir)
    const path = join(dir, 'app.db')
    let db = new AppDatabase({ clock, path })
    expect(db.runScript('setup', 'create sequence s start with 5;').statements.every((s) => s.ok)).toBe(true)
    db.begin()
    expect(next(db)).toBe(5)
    expect(next(db)).toBe(6)
    db.commit()
    db.begin()
    expect(next(db)).toBe(7)
    db.rollback()
    db.close()
    db = new AppDatabase({ clock, path })
    expect(next(db)).toBe(8)
    db.begin()
    expect(next(db)).toBe(9)
    db.commit()
    db.close()
    db = new AppDatabase({ clock, path })
    expect(next(db)).toBe(10)
    db.close()
  })

  it('in memory, sequences continue across commits and rollbacks', () => {
    const db = new AppDatabase({ clock })
    db.runScript('setup', 'create sequence s;')
    db.begin()
    expect(next(db)).toBe(1)
    db.rollback()
    db.begin()
    expect(next(db)).toBe(2)
    db.commit()
    expect(next(db)).toBe(3)
    expect(db.sequenceState().find((s) => s.name === 'S')?.next).toBe(4)
    db.close()
  })
})
