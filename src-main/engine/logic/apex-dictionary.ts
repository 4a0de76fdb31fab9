/**
 * The APEX dictionary views real apps query (database.md §3), built from the
 * loaded app definitions as plain tables of the app database:
 * APEX_APPLICATIONS, APEX_APPLICATION_PAGES, APEX_APPLICATION_PAGE_ITEMS and
 * APEX_APPLICATION_ITEMS, with the columns the definition can fill (the rest
 * of Oracle's columns are left out: a query naming one fails, named). They
 * are built once at load, before any request, so no step ever changes them.
 */
import type { AppDefinition } from '../model/app-definition.js'
import type { LogicDatabase, ScriptReport } from './backend.js'

interface View {
  name: string
  columns: [name: string, type: 'number' | 'text'][]
  rows: (app: AppDefinition) => (string | number | null)[][]
}

const VIEWS: View[] = [
  {
    name: 'APEX_APPLICATIONS',
    columns: [
      ['APPLICATION_ID', 'number'],
      ['APPLICATION_NAME', 'text'],
      ['ALIAS', 'text'],
      ['HOME_PAGE', 'number'],
      ['PAGES', 'number'],
    ],
    rows: (app) => [[app.id, app.name, app.alias ?? null, app.homePage, app.pages.length]],
  },
  {
    name: 'APEX_APPLICATION_PAGES',
    columns: [
      ['APPLICATION_ID', 'number'],
      ['PAGE_ID', 'number'],
      ['PAGE_NAME', 'text'],
      ['PAGE_ALIAS', 'text'],
      ['PAGE_MODE', 'text'],
    ],
    rows: (app) => app.pages.map((p) => [app.id, p.id, p.name, p.alias ?? null, ((p as Record<string, unknown>).mode as string | undefined) ?? 'Normal']),
  },
  {
    name: 'APEX_APPLICATION_PAGE_ITEMS',
    columns: [
      ['APPLICATION_ID', 'number'],
      ['PAGE_ID', 'number'],
      ['ITEM_NAME', 'text'],
      ['DISPLAY_AS_CODE', 'text'],
      ['LABEL', 'text'],
    ],
    rows: (app) =>
      app.pages.flatMap((p) =>
        (p.items ?? []).map((i) => [app.id, p.id, i.name.toUpperCase(), ((i as Record<string, unknown>).displayAs as string | undefined) ?? null, i.label ?? null]),
      ),
  },
  {
    name: 'APEX_APPLICATION_ITEMS',
    columns: [
      ['APPLICATION_ID', 'number'],
      ['ITEM_NAME', 'text'],
      ['SCOPE', 'text'],
    ],
    rows: (app) => (app.items ?? []).map((i) => [app.id, i.name.toUpperCase(), i.scope ?? 'APP']),
  },
]

const literal = (v: string | number | null): string => (v === null ? 'null' : typeof v === 'number' ? String(v) : `'${v.replace(/'/g, "''")}'`)

/** Creates and fills the views; returns the script report (a failure is reported, never fatal). */
export function buildApexDictionary(db: LogicDatabase, apps: readonly AppDefinition[]): ScriptReport {
  const statements: string[] = []
  for (const view of VIEWS) {
    statements.push(`create table ${view.name} (${view.columns.map(([c, t]) => `${c} ${t === 'number' ? 'number' : 'varchar2(4000)'}`).join(', ')});`)
    for (const app of apps) {
      for (const row of view.rows(app)) statements.push(`insert into ${view.name} values (${row.map(literal).join(', ')});`)
    }
  }
  return db.runScript('APEX dictionary views', statements.join('\n'))
}
