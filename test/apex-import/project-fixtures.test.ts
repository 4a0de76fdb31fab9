/**
 * The importer on small exports the project wrote itself (test/fixtures/apex/,
 * see its README): a clone without the shared third-party exports still tests
 * single-file and split imports, each storage kind, buttons, a branch, a
 * computation, a validation, a process and a clear-cache process — and that the
 * imported app runs in the engine as the export says. Expected values are read
 * off the export files.
 */
import { cp, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { describe, expect, it } from 'vitest'
import { importApexExport, importApexFiles } from '../../src-main/apex-import/index.js'
import { Engine } from '../../src-main/engine/engine.js'
import { AppDefinitionSchema } from '../../src-main/engine/model/app-definition.js'
import type { AppDefinition, Page } from '../../src-main/engine/model/app-definition.js'
import { valueOf } from '../engine/helpers/engine-helpers.js'

const FIXTURES = join(dirname(fileURLToPath(import.meta.url)), '..', 'fixtures', 'apex')
const SINGLE = join(FIXTURES, 'f100-single', 'f100.sql')
const SPLIT = join(FIXTURES, 'f200-split')

async function importOne(path: string): Promise<{ app: AppDefinition; page: (id: number) => Page; result: Awaited<ReturnType<typeof importApexExport>> }> {
  const result = await importApexExport(path)
  expect(result.problems).toEqual([])
  expect(result.apps).toHaveLength(1)
  const app = AppDefinitionSchema.parse(result.apps[0])
  return { app, page: (id) => app.pages.find((p) => p.id === id)!, result }
}

describe('a single-file export (f100.sql)', () => {
  it('gives the application: id, name, alias, home page, idle limit and its application item', async () => {
    const { app } = await importOne(SINGLE)
    expect(app).toMatchObject({ id: 100, name: 'Tiny Orders', alias: 'ORDERS', homePage: 1, settings: { maxSessionIdleSec: 600 } })
    expect(app.items).toEqual([expect.objectContaining({ name: 'G_CUSTOMER', scope: 'APP', storage: 'session', protection: 'I' })])
    expect(app.pages.map((p) => [p.id, p.name, p.alias])).toEqual([
      [1, 'Order', 'ORDER'],
      [2, 'Thank you', 'THANKS'],
    ])
  })

  it('reads each storage kind: default and Y are Per Session, N Per Request, U Per User', async () => {
    const { page } = await importOne(SINGLE)
    expect(Object.fromEntries((page(1).items ?? []).map((i) => [i.name, i.storage]))).toEqual({
      P1_NAME: 'session',
      P1_QTY: 'request',
      P1_THEME: 'user',
      P1_TOTAL: 'session',
    })
  })

  it('reads the buttons, the branch, the computation, the validation and both processes', async () => {
    const { page } = await importOne(SINGLE)
    const p1 = page(1)
    expect(p1.buttons?.map((b) => [b.name, b.action])).toEqual([
      ['SAVE', 'SUBMIT'],
      ['RESET', 'SUBMIT'],
    ])
    expect(p1.branches).toEqual([{ point: 'afterProcessing', type: 'redirect', target: 'f?p=&APP_ID.:2:&SESSION.::&DEBUG.:::', when: { button: 'SAVE' } }])
    expect(p1.computations).toEqual([{ point: 'afterSubmit', item: 'P1_TOTAL', expression: 'NVL(:P1_QTY, 0) * 2' }])
    expect(p1.validations).toEqual([
      { name: 'Name required', expression: ':P1_NAME IS NOT NULL', message: '#LABEL# must have a value.', item: 'P1_NAME', when: { button: 'SAVE' } },
    ])
    expect(p1.processes).toEqual([
      expect.objectContaining({ name: 'Remember customer', point: 'processing', type: 'setItems', items: { G_CUSTOMER: ':P1_NAME' }, when: { button: 'SAVE' } }),
      { name: 'Clear the order', point: 'processing', type: 'clearCache', tokens: '1', when: { button: 'RESET' } },
    ])
    expect(page(2).items).toEqual([expect.objectContaining({ name: 'P2_MESSAGE', source: "'Thank you, ' || :G_CUSTOMER" })])
  })

  it('counts what the export holds in the summary', async () => {
    const { result } = await importOne(SINGLE)
    expect(result.summary[0]).toMatchObject({
      id: 100,
      pages: 2,
      pageItems: 5,
      storage: { session: 3, request: 1, user: 1 },
      appItems: 1,
      buttons: 2,
      branches: 1,
      computations: 1,
      validations: 1,
      processes: 2,
      notSimulated: 0,
    })
  })

  it('runs in the engine as the export says: validation, computation, process, branch, clear cache', async () => {
    const { app } = await importOne(SINGLE)
    const engine = new Engine({ apps: [app], seed: 1 })
    engine.run({ type: 'request', url: 'f?p=100:1', as: 'A' })
    // SAVE without a name: the validation stops the page.
    const refused = engine.run({ type: 'submit', session: 'A', page: 1, request: 'SAVE', values: { P1_QTY: '3' } })
    expect(refused[0]!.outcome).toBe('validationFailed')
    // SAVE with a name: total = 3 * 2, the customer remembered, then page 2 thanks them.
    const saved = engine.run({ type: 'submit', session: 'A', page: 1, request: 'SAVE', values: { P1_NAME: 'Ann', P1_QTY: '3' } })
    expect(saved.map((s) => [s.kind, s.outcome, s.page])).toEqual([
      ['accept', 'ok', 1],
      ['show', 'ok', 2],
    ])
    expect(valueOf(engine, 'A', 'P1_TOTAL')).toBe('6')
    expect(valueOf(engine, 'A', 'G_CUSTOMER')).toBe('Ann')
    expect(valueOf(engine, 'A', 'P2_MESSAGE')).toBe('Thank you, Ann')
    // RESET clears page 1's cache and stays (no branch for it).
    engine.run({ type: 'submit', session: 'A', page: 1, request: 'RESET', values: { P1_NAME: 'Bob' } })
    expect(valueOf(engine, 'A', 'P1_NAME')).toBeNull()
    expect(valueOf(engine, 'A', 'P1_TOTAL')).toBeNull()
    engine.close()
  })
})

describe('a split export (f200-split with install.sql)', () => {
  it('imports the files install.sql runs, in its order', async () => {
    const { app, result } = await importOne(SPLIT)
    expect(app).toMatchObject({ id: 200, name: 'Split Notes', alias: 'NOTES', homePage: 1 })
    expect(app.pages.map((p) => [p.id, p.name])).toEqual([
      [1, 'Write a note'],
      [2, 'Posted'],
    ])
    expect(app.pages[0]!.branches).toEqual([
      { point: 'afterProcessing', type: 'redirect', target: 'f?p=&APP_ID.:2:&SESSION.::&DEBUG.::P2_NOTE:&P1_NOTE.', when: { button: 'POST' } },
    ])
    expect(result.summary[0]).toMatchObject({ pages: 2, pageItems: 2, buttons: 1, branches: 1 })
  })

  it('leaves out a page file install.sql does not run, and names a file it runs that is missing, with its line', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'ss-split-'))
    try {
      await cp(SPLIT, dir, { recursive: true })
      // A page file on disk that install.sql never names is not part of the export.
      await writeFile(join(dir, 'application', 'pages', 'page_00099.sql'), "begin\nwwv_flow_imp_page.create_page(p_id=>99, p_name=>'Stray');\nend;\n/\n")
      await rm(join(dir, 'application', 'pages', 'page_00002.sql'))
      const result = await importApexExport(dir)
      expect(result.apps[0]?.pages.map((p) => p.id)).toEqual([1])
      // install.sql line 5 is `@@application/pages/page_00002.sql`.
      expect(result.problems).toEqual([{ file: join(dir, 'install.sql'), line: 5, message: 'install.sql runs application/pages/page_00002.sql, which is missing' }])
    } finally {
      await rm(dir, { recursive: true, force: true })
    }
  })

  it('gives the same app from uploaded files as from the folder on disk', async () => {
    const rel = ['install.sql', 'application/set_environment.sql', 'application/create_application.sql', 'application/pages/page_00001.sql', 'application/pages/page_00002.sql', 'application/end_environment.sql']
    const files = await Promise.all(rel.map(async (r) => ({ path: `f200-split/${r}`, text: await readFile(join(SPLIT, r), 'utf8') })))
    const [uploaded, disk] = await Promise.all([importApexFiles(files.reverse()), importApexExport(SPLIT)])
    expect(uploaded.apps).toEqual(disk.apps)
  })
})
