/**
 * Exports given as files in memory (a page's upload) are chosen and ordered
 * like a folder on disk, and import to the same definitions.
 */
import { readFileSync, readdirSync, statSync } from 'node:fs'
import { dirname, join, relative } from 'node:path'
import { describe, expect, it } from 'vitest'
import { importApexExport, importApexFiles } from '../../src-main/apex-import/index.js'
import { listMemoryExportFiles, normalizeExportPath } from '../../src-main/apex-import/import-apex-files.js'
import { F347_FOLDER } from './fixtures.js'
import { itWithSharedFixtures } from '../helpers/shared-fixtures.js'

const f = (path: string, text = '') => ({ path, text })
const paths = (files: { path: string }[]) => files.map((x) => x.path)

describe('which uploaded files, in which order', () => {
  it('one file is the export, whatever its name', () => {
    expect(listMemoryExportFiles([f('notes.txt', 'x')])).toEqual({ root: 'notes.txt', files: [f('notes.txt', 'x')], problems: [] })
  })

  it('follows install.sql in the common folder, naming a missing file with its line', () => {
    const install = 'prompt --install\n@@application/b.sql\n@@application\\a.sql\n@@application/gone.sql\n'
    const r = listMemoryExportFiles([f('f1/application/a.sql'), f('f1/install.sql', install), f('f1/application/b.sql'), f('f1/README.md')])
    expect(r.root).toBe('f1')
    expect(paths(r.files)).toEqual(['f1/application/b.sql', 'f1/application/a.sql'])
    expect(r.problems).toEqual([{ file: 'f1/install.sql', line: 4, message: 'install.sql runs application/gone.sql, which is missing' }])
  })

  it('without install.sql: the .sql files under application/, folder by folder like the disk walk', () => {
    const r = listMemoryExportFiles([f('x\\application\\pages\\p2.sql'), f('x/application/a-b/z.sql'), f('x/application/a/y.sql'), f('x/application/a.sql'), f('x/other/q.sql'), f('x/application/n.js')])
    expect(r.root).toBe('x')
    expect(paths(r.files)).toEqual(['x/application/a/y.sql', 'x/application/a-b/z.sql', 'x/application/a.sql', 'x/application/pages/p2.sql'])
  })

  it('files at the top: every .sql file; none at all is a problem naming the folder', () => {
    expect(paths(listMemoryExportFiles([f('b.sql'), f('a.SQL'), f('c.txt')]).files)).toEqual(['a.SQL', 'b.sql'])
    expect(listMemoryExportFiles([f('d/a.md'), f('d/b.js')]).problems).toEqual([{ file: 'd', line: 0, message: 'no .sql export files found in this folder' }])
    expect(normalizeExportPath('./a//b/../c.sql')).toBe('a/c.sql')
    expect(normalizeExportPath('/abs\\x.sql')).toBe('abs/x.sql')
  })

  itWithSharedFixtures('the f347 split export uploaded gives the definition the folder on disk gives', async () => {
    const files: { path: string; text: string }[] = []
    const walk = (dir: string) => {
      for (const name of readdirSync(dir)) {
        const full = join(dir, name)
        if (statSync(full).isDirectory()) walk(full)
        else files.push({ path: relative(dirname(F347_FOLDER), full), text: readFileSync(full, 'utf8') })
      }
    }
    walk(F347_FOLDER)
    const [upload, disk] = await Promise.all([importApexFiles(files.reverse()), importApexExport(F347_FOLDER)])
    expect(upload.apps).toEqual(disk.apps)
    expect(upload.problems.map((p) => ({ ...p, file: relative(dirname(F347_FOLDER), join(dirname(F347_FOLDER), p.file)) }))).toEqual(
      disk.problems.map((p) => ({ ...p, file: relative(dirname(F347_FOLDER), p.file) })),
    )
  })
})
