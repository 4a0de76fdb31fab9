import { readFile } from 'node:fs/promises'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { runImportApex } from '../../src-main/cli/import-apex-command.js'
import { importApexExport } from '../../src-main/apex-import/index.js'
import { AppDefinitionSchema } from '../../src-main/engine/model/app-definition.js'
import { F130_FOLDER, F347_FOLDER } from './fixtures.js'
import { tempDir } from './snippets.js'
import { itWithSharedFixtures } from '../helpers/shared-fixtures.js'

async function run(argv: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  let stdout = ''
  let stderr = ''
  const code = await runImportApex(argv, { stdout: (s) => (stdout += s), stderr: (s) => (stderr += s) })
  return { code, stdout, stderr }
}

describe('session-scope import-apex', () => {
  itWithSharedFixtures('--json prints exactly one JSON document with the summary shape of the issue', async () => {
    const { code, stdout } = await run([F130_FOLDER, '--json'])
    expect(code).toBe(0)
    const doc = JSON.parse(stdout) as { apps: Array<Record<string, unknown>> }
    expect(stdout.trim().split('\n')).toHaveLength(1)
    expect(doc.apps).toHaveLength(1)
    expect(doc.apps[0]).toMatchObject({
      id: 130,
      pages: 47,
      pageItems: 156,
      storage: { request: 1, session: 150, user: 5 },
      branches: 21,
      appItems: 6,
      computations: 21,
      validations: 15,
      buttons: 109,
      processes: 77,
      notSimulated: expect.any(Number),
    })
  })

  itWithSharedFixtures('--out writes the app definition that the importer produces', async () => {
    const out = join(await tempDir(), 'app.json')
    const { code, stdout, stderr } = await run([F347_FOLDER, '--out', out])
    expect(code).toBe(0)
    const written = JSON.parse(await readFile(out, 'utf8')) as unknown
    expect(AppDefinitionSchema.parse(written)).toEqual((await importApexExport(F347_FOLDER)).apps[0])
    expect(stdout).toContain('Application 347 "APEX Visualizer"')
    expect(stdout).toMatch(/page items\s+29\s+session 26, request 3, user 0/)
    expect(stdout).toContain(`Wrote ${out}`)
    // The fixture leaves out the install scripts its install.sql runs: reported on stderr.
    expect(stderr).toContain('which is missing')
  })

  it('fails with a clear message for a missing path', async () => {
    const { code, stdout, stderr } = await run(['/no/such/f1.sql'])
    expect(code).toBe(1)
    expect(stdout).toBe('')
    expect(stderr).toContain('/no/such/f1.sql: no such file or folder')
  })

  it('fails for a folder without an export', async () => {
    const dir = await tempDir()
    const { code, stdout } = await run([dir, '--json'])
    expect(code).toBe(1)
    expect(JSON.parse(stdout)).toMatchObject({ apps: [] })
  })

  it.each([[[]], [['--bogus', 'x']], [['a', 'b']], [['x', '--out']]])('is a usage error: %j', async (argv) => {
    const { code, stderr } = await run(argv)
    expect(code).toBe(2)
    expect(stderr).toContain('Usage: session-scope import-apex')
  })

  itWithSharedFixtures('fails when the output cannot be written', async () => {
    const { code, stderr } = await run([F130_FOLDER, '--out', join(await tempDir(), 'missing-dir', 'app.json')])
    expect(code).toBe(1)
    expect(stderr).toContain('cannot write')
  })
})
