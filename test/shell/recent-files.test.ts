import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { MAX_RECENT, RecentFiles, addRecent, removeRecent } from '../../src-main/shell/recent-files.js'

describe('recent files', () => {
  it('puts the newest first without duplicates, capped', () => {
    let list: string[] = []
    for (let i = 0; i < 15; i++) list = addRecent(list, `/t/${i}.sstrace`, 'linux')
    expect(list).toHaveLength(MAX_RECENT)
    expect(list[0]).toBe('/t/14.sstrace')
    list = addRecent(list, '/t/10.sstrace', 'linux')
    expect(list[0]).toBe('/t/10.sstrace')
    expect(list.filter((p) => p === '/t/10.sstrace')).toHaveLength(1)
  })

  it('compares case-insensitively on Windows and macOS only', () => {
    expect(addRecent(['C:\\T\\A.sstrace'], 'c:\\t\\a.sstrace', 'win32')).toEqual(['c:\\t\\a.sstrace'])
    expect(addRecent(['/T/A.sstrace'], '/t/a.sstrace', 'linux')).toEqual(['/t/a.sstrace', '/T/A.sstrace'])
    expect(removeRecent(['/A.sstrace', '/b.sstrace'], '/a.sstrace', 'darwin')).toEqual(['/b.sstrace'])
  })

  let dir: string
  afterEach(() => dir && rmSync(dir, { recursive: true, force: true }))

  it('persists across instances and ignores a damaged file', () => {
    dir = mkdtempSync(join(tmpdir(), 'ss-recent-'))
    const file = join(dir, 'recent-files.json')
    const a = new RecentFiles(file, 'linux')
    a.add('/x/a.sstrace')
    a.add('/x/b.sstrace')
    expect(new RecentFiles(file, 'linux').list()).toEqual(['/x/b.sstrace', '/x/a.sstrace'])
    a.remove('/x/b.sstrace')
    expect(new RecentFiles(file, 'linux').list()).toEqual(['/x/a.sstrace'])
    a.clear()
    expect(new RecentFiles(file, 'linux').list()).toEqual([])
    writeFileSync(file, '{"not":"a list"}')
    expect(new RecentFiles(file, 'linux').list()).toEqual([])
  })
})
