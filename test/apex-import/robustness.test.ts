/**
 * Damaged and partial exports: never a crash, problems with file and line,
 * and whatever can be read is still imported.
 */
import { cp, mkdir, readFile, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { fc, test } from '@fast-check/vitest'
import { importApexExport } from '../../src-main/apex-import/index.js'
import { compileApps } from '../../src-main/engine/app/compile-app.js'
import { AppDefinitionSchema } from '../../src-main/engine/model/app-definition.js'
import { F130_FILE, F347_FOLDER } from './fixtures.js'
import { importText, tempDir } from './snippets.js'
import { describeWithSharedFixtures } from '../helpers/shared-fixtures.js'

describeWithSharedFixtures('damaged exports', () => {
  it('imports a truncated single-file export up to the cut, reporting the cut call', async () => {
    const full = await readFile(F130_FILE, 'utf8')
    const marker = "wwv_flow_api.create_page_item(\n p_id=>wwv_flow_api.id(4427013284719505053)" // P11_NAME
    const at = full.indexOf(marker)
    expect(at).toBeGreaterThan(0)
    const cut = full.slice(0, at + marker.length + 40)
    const dir = await tempDir()
    const file = join(dir, 'f130.sql')
    await writeFile(file, cut)

    const result = await importApexExport(file)
    const cutLine = cut.slice(0, at).split('\n').length
    expect(result.problems).toContainEqual({ file, line: cutLine, message: expect.stringMatching(/create_page_item.*end of file/) })
    const app = result.apps[0]
    expect(app).toBeDefined()
    AppDefinitionSchema.parse(app)
    // Everything before the cut is there: page 11 exists with the item before P11_NAME.
    const page11 = app?.pages.find((p) => p.id === 11)
    expect(page11?.items?.map((i) => i.name)).toEqual(['P11_ID'])
    expect(app?.pages.length).toBeLessThan(47)
  })

  it('imports a split export with one broken page file, naming the file and line', async () => {
    const dir = await tempDir()
    await cp(F347_FOLDER, dir, { recursive: true })
    const page = join(dir, 'application', 'pages', 'page_00510.sql')
    const text = await readFile(page, 'utf8')
    // An unterminated string inside the first process call.
    const at = text.indexOf("p_process_name=>'Set Username Cookie'")
    await writeFile(page, text.slice(0, at) + "p_process_name=>'Set Username Cookie" + text.slice(at + "p_process_name=>'Set Username Cookie'".length))

    const result = await importApexExport(dir)
    const callLine = text.slice(0, text.lastIndexOf('wwv_flow_imp_page.create_page_process(', at)).split('\n').length
    expect(result.problems).toContainEqual({ file: join(dir, 'application', 'pages', 'page_00510.sql'), line: callLine, message: expect.stringContaining('create_page_process') })
    const app = result.apps[0]
    expect(app?.pages).toHaveLength(31)
    expect(app?.pages.find((p) => p.id === 510)?.items?.length).toBe(3)
    // The other pages are whole.
    expect(result.summary[0]?.pageItems).toBe(29)
  })

  it('survives garbage bytes', async () => {
    const dir = await tempDir()
    const file = join(dir, 'garbage.sql')
    await writeFile(file, Buffer.from([0xff, 0xfe, 0x00, 0x27, 0x28, 0xc3, 0x28, 0x0a, 0x77, 0x77, 0x76, 0x5f, 0x2e, 0x28, 0x27, 0x80, 0x81]))
    const result = await importApexExport(file)
    expect(result.apps).toEqual([])
    expect(result.problems.length).toBeGreaterThan(0)
    for (const p of result.problems) expect(p.file).toBe(file)
  })

  test.prop([fc.uint8Array({ maxLength: 3000 })], { numRuns: 25 })('never throws on arbitrary bytes', async (bytes) => {
    const result = await importText(Buffer.from(bytes).toString('latin1'))
    for (const app of result.apps) AppDefinitionSchema.parse(app)
  })
})

describe('missing and empty inputs', () => {
  it('reports a path that does not exist', async () => {
    const result = await importApexExport('/no/such/export/f1.sql')
    expect(result).toEqual({ apps: [], summary: [], problems: [{ file: '/no/such/export/f1.sql', line: 0, message: 'no such file or folder' }], skippedCalls: {} })
  })

  it('reports an empty folder', async () => {
    const dir = await tempDir()
    const result = await importApexExport(dir)
    expect(result.apps).toEqual([])
    expect(result.problems).toEqual([{ file: dir, line: 0, message: 'no .sql export files found in this folder' }])
  })

  it('reports an empty file', async () => {
    const result = await importText('')
    expect(result.apps).toEqual([])
    expect(result.problems).toEqual([expect.objectContaining({ line: 0, message: 'no application definition found in the export' })])
  })

  it('imports a lone page file, taking the application from its folder name', async () => {
    const dir = join(await tempDir(), 'f200', 'pages')
    await mkdir(dir, { recursive: true })
    await writeFile(join(dir, 'page_00003.sql'), "begin\nwwv_flow_api.create_page(p_id=>3, p_name=>'Three');\nwwv_flow_api.create_page_item(p_id=>wwv_flow_api.id(1), p_name=>'P3_X', p_is_persistent=>'N');\nend;\n/\n")
    const result = await importApexExport(dir)
    expect(result.apps).toHaveLength(1)
    expect(result.apps[0]).toMatchObject({ id: 200, homePage: 3, pages: [{ id: 3, name: 'Three', items: [{ name: 'P3_X', storage: 'request' }] }] })
  })

  it('reports components that come before any page', async () => {
    const result = await importText(
      "begin\nwwv_flow_imp.import_begin(p_default_application_id=>101);\nwwv_flow_imp_page.create_page_item(p_name=>'ORPHAN');\nwwv_flow_imp_page.create_page(p_id=>1, p_name=>'One');\nend;\n",
    )
    expect(result.problems).toContainEqual(expect.objectContaining({ line: 3, message: expect.stringContaining('outside of a page') }))
    expect(result.apps[0]?.pages).toEqual([expect.objectContaining({ id: 1, name: 'One' })])
  })

  it('keeps a partial export loadable: repeated item names and a home page it lacks', async () => {
    const result = await importText(
      [
        'begin',
        'wwv_flow_imp.import_begin(p_default_application_id=>102);',
        "wwv_imp_workspace.create_flow(p_id=>wwv_flow.g_flow_id, p_name=>'Partial');",
        "wwv_flow_imp_shared.create_user_interface(p_id=>wwv_flow_imp.id(1), p_home_url=>'f?p=&APP_ID.:1:&SESSION.');",
        "wwv_flow_imp_page.create_page(p_id=>7, p_name=>'Seven');",
        "wwv_flow_imp_page.create_page_item(p_id=>wwv_flow_imp.id(71), p_name=>'P7_X');",
        "wwv_flow_imp_page.create_page(p_id=>8, p_name=>'Eight');",
        "wwv_flow_imp_page.create_page_item(p_id=>wwv_flow_imp.id(81), p_name=>'p7_x');",
        'end;',
      ].join('\n'),
    )
    expect(result.problems).toEqual([
      expect.objectContaining({ line: 4, message: expect.stringContaining('page 7 is used as home page') }),
      expect.objectContaining({ line: 8, message: 'item P7_X is defined more than once; the repeat is skipped' }),
    ])
    const app = result.apps[0]
    expect(app).toMatchObject({ homePage: 7, pages: [{ id: 7, items: [{ name: 'P7_X' }] }, { id: 8 }] })
    expect(app?.pages[1]).not.toHaveProperty('items')
    expect(() => compileApps(result.apps)).not.toThrow()
  })

  it('counts unknown calls by name instead of failing', async () => {
    const result = await importText(
      "begin\nwwv_flow_imp.import_begin(p_default_application_id=>101);\nwwv_flow_imp_page.create_page(p_id=>1, p_name=>'One');\nwwv_flow_imp_page.create_page_plug(p_id=>1);\nwwv_flow_imp_page.create_page_plug(p_id=>2);\nwwv_flow_imp_shared.create_something_from_apex_30(p_x=>1);\nend;\n",
    )
    // Only the missing home URL is worth a word; the unknown calls are not problems.
    expect(result.problems).toEqual([expect.objectContaining({ line: 3, message: expect.stringContaining('home page') })])
    // Regions are read (forms and reports need them), so only the unknown call is skipped.
    expect(result.skippedCalls).toEqual({ create_something_from_apex_30: 1 })
  })
})
