/** Saving a file the user chose: the old file or the new one, whole — never half of one. */
import { execFile } from 'node:child_process'
import { mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs'
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
    expect(readFileSync(file, 'utf8')).toBe('kept\n')
  })

  it('a write that fails half-way (no space left) keeps the existing file and removes its temporary file — as root too', async () => {
    const sub = join(dir, 'full')
    mkdirSync(sub)
    const file = join(sub, 'd.sstrace')
    writeFileSync(file, 'kept\n')
    // The kernel stops the write after one block (EFBIG), whoever runs the test: CI runs as root,
    // where a read-only folder would not stop the write.
    const result = await writeInChild(file, 100_000, { fileSizeLimitKiB: 1 })
    expect(result).toMatchObject({ ok: false, code: 'EFBIG' })
    expect(readFileSync(file, 'utf8')).toBe('kept\n')
    expect(readdirSync(sub)).toEqual(['d.sstrace'])
    // The same child without the limit writes the file: the failure above came from the limit.
    expect(await writeInChild(file, 100_000, {})).toEqual({ ok: true })
    expect(readFileSync(file, 'utf8')).toHaveLength(100_000)
    expect(readdirSync(sub)).toEqual(['d.sstrace'])
  })
})

const CHILD = join(import.meta.dirname, '..', 'helpers', 'write-under-size-limit.ts')

/** Runs writeFileAtomic in a child process, under a file-size limit when one is given. */
function writeInChild(path: string, bytes: number, opts: { fileSizeLimitKiB?: number }): Promise<unknown> {
  // `trap '' XFSZ`: an ignored signal stays ignored across exec, so the write fails with EFBIG instead of killing the child.
  const limit = opts.fileSizeLimitKiB === undefined ? '' : `trap '' XFSZ; ulimit -f ${opts.fileSizeLimitKiB}; `
  const script = `${limit}exec "$0" --import tsx "$1" "$2" "$3"`
  return new Promise((resolve, reject) => {
    execFile('/bin/sh', ['-c', script, process.execPath, CHILD, path, String(bytes)], (err, stdout, stderr) => {
      if (err) return reject(new Error(`${err.message}\n${stderr}`))
      try {
        resolve(JSON.parse(stdout.trim().split('\n').at(-1) ?? ''))
      } catch {
        reject(new Error(`unexpected child output: ${stdout}\n${stderr}`))
      }
    })
  })
}
