/**
 * The import's coverage report (issue #11): components that run as
 * expressions, as compiled SQL/PL/SQL, or not at all, by kind; and the
 * supporting-object statements that ran or failed. Counts are read off the
 * definitions below.
 */
import { describe, expect, it } from 'vitest'
import { appCoverage } from '../../src-main/apex-import/coverage.js'
import { runImportApex } from '../../src-main/cli/import-apex-command.js'
import type { AppDefinition } from '../../src-main/engine/model/app-definition.js'
import { fakeBackend } from '../engine/logic/fake-backend.js'
import { exportWithPage, tempDir } from './snippets.js'
import { writeFile } from 'node:fs/promises'
import { join } from 'node:path'

const sqlCode = (text: string) => ({ kind: 'SQL query computation', text, language: 'sql', apexType: 'QUERY', run: 'sqlQuery' })

const app = {
  id: 1,
  name: 'C',
  homePage: 1,
  supportingObjects: { scripts: [{ name: 'tables', sequence: 1, text: 'create table t (x integer);\ninsert into t values (1);\ninsert into nowhere values (2);' }] },
  pages: [
    {
      id: 1,
      name: 'P',
      items: [{ name: 'P1_A' }, { name: 'P1_B' }],
      buttons: [{ name: 'GO', displayWhen: { expression: ':P1_A IS NULL' } }],
      computations: [
        { point: 'beforeHeader', item: 'P1_A', expression: "'x'" },
        { point: 'beforeHeader', item: 'P1_B', expression: "''", notSimulated: sqlCode('select x from t') },
        { point: 'beforeHeader', item: 'P1_B', expression: "''", notSimulated: sqlCode('select not_sql from t') },
      ],
      processes: [{ name: 'Mail', point: 'processing', type: 'notSimulated', notSimulated: { kind: 'Send E-Mail', text: 'NATIVE_SEND_EMAIL' } }],
    },
  ],
} as AppDefinition

describe('coverage of an app', () => {
  it('with a backend: counts what compiles, why the rest does not, and the script statements', () => {
    const c = appCoverage(app, fakeBackend())
    expect(c.mode).toBe('compiled')
    expect(c.components).toMatchObject({ total: 5, runs: 3, notRun: 2, native: 2, code: 1 })
    // The button's display condition is left out of the percentage: 2 of the 4 others run.
    expect(c.components.percent).toBe(50)
    expect(c.components.byKind).toEqual({
      'button condition': { total: 1, runs: 1, notRun: 0, withCode: 0 },
      computation: { total: 3, runs: 2, notRun: 1, withCode: 0 },
      process: { total: 1, runs: 0, notRun: 1, withCode: 0 },
    })
    expect(c.components.reasons).toEqual({ 'SQL query computation: cannot translate (line 1, column 8)': 1, 'Send E-Mail': 1 })
    expect(c.statements).toMatchObject({ total: 3, ran: 2, failed: 1, percent: 66.7 })
  })

  it('without a backend: code with a way to run is counted apart, nothing is executed', () => {
    const c = appCoverage(app)
    expect(c.mode).toBe('textOnly')
    expect(c.components).toMatchObject({ total: 5, runs: 2, withCode: 2, notRun: 3 })
    expect(c.statements).toBeNull()
  })
})

describe('import-apex reports coverage', () => {
  it('--json carries each app\'s coverage in its summary; the text names the supporting-object statements', async () => {
    const dir = await tempDir()
    const file = join(dir, 'f100.sql')
    const script = "wwv_flow_imp_shared.create_install_script(p_id=>wwv_flow_imp.id(1), p_install_id=>wwv_flow_imp.id(9), p_name=>'tables', p_sequence=>10, p_script_type=>'INSTALL', p_script_clob=>'create table t (x number);\ninsert into t values (1);\n');"
    await writeFile(
      file,
      exportWithPage(
        "wwv_flow_imp_page.create_page_item(p_id=>wwv_flow_imp.id(2), p_name=>'P1_X', p_item_sequence=>10, p_source=>'select x from t', p_source_type=>'QUERY');",
        script,
      ),
    )
    let out = ''
    const code = await runImportApex([file, '--json'], { stdout: (s) => (out += s), stderr: () => undefined })
    expect(code).toBe(0)
    const doc = JSON.parse(out) as { apps: { coverage: { id: number; components: { total: number; runs: number; code: number }; statements: { ran: number; failed: number } } }[] }
    expect(doc.apps).toHaveLength(1)
    expect(doc.apps[0]?.coverage).toMatchObject({ id: 100, components: { total: 1, runs: 1, code: 1 }, statements: { ran: 2, failed: 0 } })
    let text = ''
    await runImportApex([file], { stdout: (s) => (text += s), stderr: () => undefined })
    expect(text).toContain('runs 1 of 1 components (100% of those that change session state or rows)')
    expect(text).toContain('supporting objects: 2 of 2 statements ran (100%), 0 failed')
  })
})
