/** Saving a file the user chose: the old file or the new one, whole — never half of one. */
import { chmodSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { writeFileAtomic } from '../../src-main/shell/write-file-atomic.js'

const dir = mkdtempSync(join(tmpdir(), 'ss-atomic-'))
afterAll(() => rmSync(dir, { recursive: true, force: true }))

describe('writeFileAtomic', () => {
  it('writes a new file and replaces an existing one, leaving nothing beside it', async () => {
    const file = join(dir, 'a.sstrace')
    await writeFileAtomic(file, 'first\n')
    expect(readFileSync(file, 'utf8')).toBe('first\n')
    await writeFileAtomic(file, 'second\n')
    expect(readFileSync(file, 'utf8')).toBe('second\n')
    expect(readdirSync(dir).filter((f) => f.startsWith('a.sstrace'))).toEqual(['a.sstrace'])
  })

  it('a write that fails keeps the existing file as it was and removes its temporary file', async () => {
    const sub = join(dir, 'locked')
    mkdirSync(sub)
    const file = join(sub, 'b.sstrace')
    writeFileSync(file, 'kept\n')
    // The target is a folder: the rename over it fails after the text was written.
    const folder = join(sub, 'c.sstrace')
    mkdirSync(folder)
    writeFileSync(join(folder, 'inside'), 'x')
    await expect(writeFileAtomic(folder, 'lost\n')).rejects.toThrow()
    expect(readdirSync(sub).sort()).toEqual(['b.sstrace', 'c.sstrace'])
    // A folder that cannot be written to (where permissions apply: not as root).
    chmodSync(sub, 0o500)
    try {
      const canWrite = (() => {
        try {
          writeFileSync(join(sub, 'probe'), '')
          rmSync(join(sub, 'probe'))
          return true
        } catch {
          return false
        }
      })()
      if (!canWrite) await expect(writeFileAtomic(file, 'lost\n')).rejects.toThrow(/EACCES|EPERM/)
    } finally {
      chmodSync(sub, 0o700)
    }
    expect(readFileSync(file, 'utf8')).toBe('kept\n')
  })
})
