/**
 * The two real exports: every summary count must equal a count taken from the
 * export text with plain regular expressions (not with the importer), every
 * definition must validate, and the split and single-file forms of f130 must
 * give the same definition.
 */
import { beforeAll, expect, it } from 'vitest'
import { AppDefinitionSchema } from '../../src-main/engine/model/app-definition.js'
import type { AppDefinition, Page } from '../../src-main/engine/model/app-definition.js'
import { importApexExport, summarize } from '../../src-main/apex-import/index.js'
import type { ImportResult } from '../../src-main/apex-import/index.js'
import { F130_FILE, F130_FOLDER, F347_FOLDER, callBlocks, countCalls, countIn, exportText } from './fixtures.js'
import { describeWithSharedFixtures } from '../helpers/shared-fixtures.js'

interface Expected {
  pages: number
  pageItems: number
  request: number
  user: number
  branches: number
  appItems: number
  computations: number
  validations: number
  buttons: number
  processes: number
}

/** Counts from the export text alone. */
function expectedCounts(text: string): Expected {
  const items = callBlocks(text, 'create_page_item')
  return {
    pages: countCalls(text, 'create_page'),
    pageItems: countCalls(text, 'create_page_item'),
    request: countIn(items, /p_is_persistent=>'N'/i),
    user: countIn(items, /p_is_persistent=>'U'/i),
    branches: countCalls(text, 'create_page_branch'),
    appItems: countCalls(text, 'create_flow_item'),
    computations: countCalls(text, 'create_page_computation') + countCalls(text, 'create_flow_computation'),
    validations: countCalls(text, 'create_page_validation'),
    buttons: countCalls(text, 'create_page_button'),
    processes: countCalls(text, 'create_page_process') + countCalls(text, 'create_flow_process'),
  }
}

const cases = [
  { name: 'f130 (APEX 21.1, split folder)', path: F130_FOLDER, appId: 130, homePage: 1 },
  { name: 'f130 (APEX 21.1, single file)', path: F130_FILE, appId: 130, homePage: 1 },
  { name: 'f347 (APEX 24.2, split folder)', path: F347_FOLDER, appId: 347, homePage: 10 },
]

describeWithSharedFixtures.each(cases)('$name', ({ path, appId, homePage }) => {
  let result: ImportResult
  let app: AppDefinition
  let text: string

  beforeAll(async () => {
    result = await importApexExport(path)
    app = result.apps[0] as AppDefinition
    text = exportText(path)
  })

  it('imports exactly one app that validates against AppDefinitionSchema', () => {
    expect(result.apps).toHaveLength(1)
    expect(() => AppDefinitionSchema.parse(app)).not.toThrow()
    expect(app.id).toBe(appId)
    expect(app.homePage).toBe(homePage)
  })

  it('has summary counts equal to the counts of calls in the export text', () => {
    const want = expectedCounts(text)
    const got = result.summary[0]
    expect(got).toBeDefined()
    expect({
      pages: got?.pages,
      pageItems: got?.pageItems,
      request: got?.storage.request,
      user: got?.storage.user,
      branches: got?.branches,
      appItems: got?.appItems,
      computations: got?.computations,
      validations: got?.validations,
      buttons: got?.buttons,
      processes: got?.processes,
    }).toEqual(want)
    expect(got?.storage.session).toBe(want.pageItems - want.request - want.user)
  })

  it('summary is computed from the definition', () => {
    expect(result.summary[0]).toEqual(summarize(app))
  })

  it('counts not-simulated code by kind, matching the export text', () => {
    const items = callBlocks(text, 'create_page_item')
    const processes = callBlocks(text, 'create_page_process')
    const kinds = result.summary[0]?.notSimulatedByKind ?? {}
    expect(kinds['database column source'] ?? 0).toBe(countIn(items, /p_source_type=>'DB_COLUMN'/))
    expect(kinds['SQL query source'] ?? 0).toBe(countIn(items, /p_source_type=>'QUERY'/))
    expect(kinds['Form - Automatic Row Fetch'] ?? 0).toBe(countIn(processes, /p_process_type=>'NATIVE_FORM_FETCH'/))
    expect(kinds['Close Dialog'] ?? 0).toBe(countIn(processes, /p_process_type=>'NATIVE_CLOSE_WINDOW'/))
    expect(result.summary[0]?.notSimulated).toBe(Object.values(kinds).reduce((a, b) => a + b, 0))
  })

  it('keeps every branch target exactly as the export writes it', () => {
    const written = callBlocks(text, 'create_page_branch')
      .map((b) => /p_branch_action=>'((?:[^']|'')*)'/.exec(b)?.[1]?.replace(/''/g, "'"))
      .sort()
    const targets = app.pages.flatMap((p) => p.branches ?? []).map((b) => b.target).sort()
    expect(targets).toEqual(written)
  })

  it('maps every NATIVE_SESSION_STATE process to clearCache', () => {
    const blocks = callBlocks(text, 'create_page_process').filter((b) => /p_process_type=>'NATIVE_SESSION_STATE'/.test(b))
    const clearing = app.pages.flatMap((p) => (p.processes ?? []).filter((pr) => pr.type === 'clearCache').map((pr) => ({ page: p.id, pr })))
    expect(clearing).toHaveLength(blocks.length)
    // Every one of them in these exports is "clear cache for the current page".
    for (const { page, pr } of clearing) expect(pr).toMatchObject({ type: 'clearCache', tokens: String(page) })
  })

  it('orders processes, computations and branches by point, then sequence', () => {
    const order = ['onNewInstance', 'afterLogin', 'beforeHeader', 'afterHeader', 'beforeRegions', 'afterRegions', 'beforeFooter', 'afterFooter', 'afterSubmit', 'onSubmitBeforeComputation', 'validating', 'processing', 'afterProcessing']
    for (const page of app.pages) {
      for (const list of [page.processes ?? [], page.computations ?? [], page.branches ?? []]) {
        const points = list.map((c) => order.indexOf(c.point))
        expect(points).toEqual([...points].sort((a, b) => a - b))
      }
    }
  })
})

describeWithSharedFixtures('f130: split folder and single file', () => {
  it('give the same definitions and skip the same calls', async () => {
    const [split, single] = await Promise.all([importApexExport(F130_FOLDER), importApexExport(F130_FILE)])
    expect(split.apps).toEqual(single.apps)
    expect(split.skippedCalls).toEqual(single.skippedCalls)
    expect(split.summary).toEqual(single.summary)
  })

  it('read without problems', async () => {
    expect((await importApexExport(F130_FOLDER)).problems).toEqual([])
    expect((await importApexExport(F130_FILE)).problems).toEqual([])
  })
})

describeWithSharedFixtures('f130 details', () => {
  let app: AppDefinition
  const page = (id: number): Page => app.pages.find((p) => p.id === id) as Page

  beforeAll(async () => {
    app = (await importApexExport(F130_FILE)).apps[0] as AppDefinition
  })

  it('reads the application attributes', () => {
    expect(app).toMatchObject({ id: 130, alias: 'STANDARDS', name: 'Application Standards Tracker', homePage: 1, settings: { maxSessionLengthSec: 28800 } })
  })

  it('reads application items with scope, storage and protection', () => {
    expect(app.items?.find((i) => i.name === 'G_SUPPORT_SSO_AUTHENTICATED')).toMatchObject({ scope: 'GLOBAL', storage: 'session', protection: 'I' })
    // Checksum level S (issue #16): Checksum Required at session level.
    expect(app.items?.find((i) => i.name === 'LAST_VIEW')).toMatchObject({ scope: 'APP', protection: 'N', checksumRequired: 'session' })
  })

  it('keeps the original text of items whose source is PL/SQL', () => {
    const item = page(11).items?.find((i) => i.name === 'P11_TYPES')
    expect(item?.notSimulated?.kind).toBe('PL/SQL function body source')
    // The export writes this source as wwv_flow_string.join of lines: joined with newlines.
    expect(item?.notSimulated?.text).toContain("l_res := l_res||':'||l_rec.r;\n    end loop;\n    return ltrim(l_res,':');")
    expect(page(11).items?.find((i) => i.name === 'P11_ID')).toMatchObject({ sourceUsed: 'always', notSimulated: { kind: 'database column source', text: 'ID' } })
  })

  it('maps static sources, substitutions and default types', () => {
    // p_source=>'&APPLICATION_TITLE.' (STATIC), p_item_default=>'&APP_NAME.' (an application substitution string)
    const title = app.pages.flatMap((p) => p.items ?? []).find((i) => i.source === ':APPLICATION_TITLE')
    expect(title?.default).toBe("'Application Standards Tracker'")
    expect(page(1000).items?.find((i) => i.name === 'P1000_LOAD_SAMPLE_YN')?.default).toBe("'Y'")
  })

  it('maps branches with their button, point and condition', () => {
    expect(page(11).branches).toEqual([
      expect.objectContaining({ point: 'afterProcessing', type: 'redirect', target: 'f?p=&APP_ID.:3:&SESSION.::&DEBUG.::::&success_msg=#SUCCESS_MSG#', when: { button: 'DELETE' } }),
      expect.objectContaining({ point: 'afterProcessing', type: 'redirect', target: 'f?p=&APP_ID.:5:&SESSION.::&DEBUG.:5:P5_ID:&P11_ID.&success_msg=#SUCCESS_MSG#' }),
    ])
    expect(page(11).branches?.[1]?.when).toBeUndefined()
    expect(page(1).branches?.[0]).toMatchObject({
      point: 'beforeHeader',
      when: { notSimulated: { kind: 'PL/SQL expression condition', text: "eba_stds_fw.get_preference_value('FIRST_RUN') = 'YES'" } },
    })
  })

  it('maps computations: static, item value, translated PL/SQL, and SQL kept as text', () => {
    expect(page(1).computations).toEqual([{ point: 'beforeHeader', item: 'LAST_VIEW', expression: "'1'" }])
    expect(page(4).computations?.[0]).toMatchObject({ item: 'LAST_VIEW', expression: ':APP_PAGE_ID' })
    // No p_computation_point: the API default AFTER_SUBMIT; trim(:P27_USER_NAME) translates.
    expect(page(27).computations?.[0]).toEqual({ point: 'afterSubmit', item: 'P27_USER_NAME', expression: 'TRIM(:P27_USER_NAME)' })
    expect(page(34).computations?.[0]?.notSimulated).toEqual({
      kind: 'SQL query computation',
      text: 'select na.id\nfrom eba_stds_applications na\nwhere na.apex_app_id = :P34_APEX_APP_ID',
      language: 'sql',
      apexType: 'QUERY',
      run: 'sqlQuery',
    })
  })

  it('maps process conditions and button conditions', () => {
    expect(page(11).processes?.find((p) => p.name === 'Save Shuttle')?.when).toEqual({ expression: ":REQUEST IN ('SAVE', 'CREATE')" })
    expect(page(27).processes?.find((p) => p.name === 'Close')?.when).toEqual({ expression: "(:REQUEST IS NULL OR :REQUEST != 'CREATE_AGAIN')" })
    expect(page(24).processes?.find((p) => p.type === 'clearCache')?.when).toEqual({ button: expect.any(String) })
  })

  it('maps a PL/SQL body that does nothing to an empty setItems', () => {
    expect(page(5).processes?.find((p) => p.name === 'New')).toMatchObject({ type: 'setItems', items: {}, when: { button: 'FORCE_TEST' } })
  })

  it('keeps validations it cannot state, with their original text', () => {
    const v = page(92).validations?.find((x) => x.name === 'P92_USERNAME Email is Valid')
    expect(v?.notSimulated?.kind).toBe('regular expression validation')
    expect(v?.item).toBe('P92_USERNAME')
    expect(v?.when?.notSimulated?.text).toBe("eba_stds_fw.get_preference_value ('USERNAME_FORMAT') = 'EMAIL'")
  })

  it('maps page access protection C to argumentsMustHaveChecksum (issue #16), keeping U and D', () => {
    expect(page(1)).toMatchObject({ protection: 'N', argumentsMustHaveChecksum: true })
    const protections = new Set(app.pages.map((p) => p.protection))
    expect([...protections].every((p) => p === 'N' || p === 'U' || p === 'D')).toBe(true)
  })

  it('keeps pages and items of an excluded build option, flagged', () => {
    // Build option TO_DELETE has status EXCLUDE in this export.
    expect(page(15)).toMatchObject({ excludedByBuildOption: 'TO_DELETE' })
    expect(page(19).items?.find((i) => i.name === 'P19_SHOWONLY')).toMatchObject({ excludedByBuildOption: 'TO_DELETE' })
    expect(page(19).items?.find((i) => i.name === 'P19_TEST_ID')).not.toHaveProperty('excludedByBuildOption')
  })
})

describeWithSharedFixtures('f347 details', () => {
  let app: AppDefinition
  let result: ImportResult

  beforeAll(async () => {
    result = await importApexExport(F347_FOLDER)
    app = result.apps[0] as AppDefinition
  })

  it('reports only the install scripts the fixture leaves out', () => {
    expect(result.problems.length).toBeGreaterThan(0)
    for (const p of result.problems) expect(p.message).toMatch(/^install\.sql runs application\/deployment\/.*, which is missing$/)
  })

  it('reads the 24.2 application (wwv_imp_workspace.create_flow, home URL of the user interface)', () => {
    expect(app).toMatchObject({ id: 347, alias: 'AV', name: 'APEX Visualizer', homePage: 10, globalPage: 0 })
  })

  it('maps the login page clear-cache process and the global page conditions', () => {
    const login = app.pages.find((p) => p.id === 510)
    expect(login?.processes?.find((p) => p.type === 'clearCache')).toMatchObject({ name: 'Clear Page(s) Cache', point: 'processing', tokens: '510' })
    const global = app.pages.find((p) => p.id === 0)
    expect(global?.protection).toBe('D')
    expect(global?.items?.find((i) => i.name === 'P0_APP_ID')?.default).toBe(':APP_ID')
    expect(global?.items?.find((i) => i.name === 'P0_COMPONENT')?.displayWhen).toEqual({ expression: ":APP_PAGE_ID IN ('10', '20')" })
  })

  it('keeps the application process with its untranslatable condition', () => {
    expect(app.processes?.[0]).toMatchObject({
      name: 'APEX Nitro',
      type: 'notSimulated',
      notSimulated: { kind: 'PL/SQL process', text: "apex_application.g_flow_images := 'http://localhost:4000/';" },
      when: { notSimulated: { kind: 'PL/SQL expression condition' } },
    })
  })
})
