/**
 * An imported definition file, referenced from a trace header (`appFiles`),
 * runs in a replay like an inline app.
 */
import { describe, expect, it } from 'vitest'
import { mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { main } from '../../src-main/cli/main.js'
import { F347_FOLDER } from './fixtures.js'
import { itWithSharedFixtures } from '../helpers/shared-fixtures.js'

async function cli(args: string[]) {
  let out = ''
  let err = ''
  const code = await main(args, { stdout: (s) => (out += s), stderr: (s) => (err += s) })
  return { code, out, err }
}

describe('import-apex --out, then a trace that names the file in appFiles', () => {
  itWithSharedFixtures('replays against the imported app and its expects pass', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'ss-appfiles-'))
    const imported = await cli(['import-apex', F347_FOLDER, '--out', join(dir, 'f347.json')])
    expect(imported.code).toBe(0)
    const trace = [
      { format: 'session-trace', version: 1, title: 'f347 from an imported file', seed: 5, appFiles: ['f347.json'] },
      { type: 'request', url: 'f?p=347:750:0', as: 'A' },
      { type: 'expect', session: 'A', page: 750, state: { P750_SHOW_ONLY_FINDINGS: '1' } },
      { type: 'request', session: 'A', url: 'f?p=347:750:&SESSION.::::P750_SHOW_ONLY_FINDINGS:0' },
      { type: 'expect', session: 'A', state: { P750_SHOW_ONLY_FINDINGS: '0' } },
    ]
    const file = join(dir, 'walk.sstrace')
    writeFileSync(file, trace.map((l) => JSON.stringify(l)).join('\n') + '\n')
    const r = await cli(['replay', '--json', file])
    const summary = JSON.parse(r.out)
    expect(summary.files[0].expects).toEqual({ total: 2, passed: 2, failed: 0 })
    expect(r.code).toBe(0)
  })

  it('a missing appFiles entry is a clear error naming the field', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'ss-appfiles-'))
    const file = join(dir, 't.sstrace')
    writeFileSync(file, JSON.stringify({ format: 'session-trace', version: 1, title: 't', appFiles: ['nope.json'] }) + '\n')
    const r = await cli(['replay', '--json', file])
    expect(r.code).toBe(1)
    const summary = JSON.parse(r.out)
    expect(summary.files[0].error.field).toBe('header.appFiles[0]')
    expect(summary.files[0].error.message).toMatch(/cannot read/)
  })
})
