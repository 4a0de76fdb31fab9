/**
 * The APEX dictionary views real apps query (database.md §3), built from the
 * loaded app definitions as plain tables of the app database:
 * APEX_APPLICATIONS, APEX_APPLICATION_PAGES, APEX_APPLICATION_PAGE_ITEMS,
 * APEX_APPLICATION_ITEMS, APEX_APPLICATION_PAGE_IR_RPT, _PAGE_BRANCHES, an
 * empty APEX_ACTIVITY_LOG and (empty: the definition lacks them) the list,
 * breadcrumb, tab, button-URL, column-link and IR detail-link views, with the columns the definition can fill (the rest
 * of Oracle's columns are left out: a query naming one fails, named). They
 * are built once at load, before any request, so no step ever changes them.
 */
import type { AppDefinition } from '../model/app-definition.js'
import type { LogicDatabase, ScriptReport } from './backend.js'

interface View {
  name: string
  columns: [name: string, type: 'number' | 'text' | 'date'][]
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
      // The export's p_flow_version when the definition carries it; the importer does not yet, so null.
      ['VERSION', 'text'],
    ],
    rows: (app) => [[app.id, app.name, app.alias ?? null, app.homePage, app.pages.length, textField(app, 'version')]],
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
  {
    // Interactive reports' saved reports: each interactive report region has its primary default
    // report (public, unnamed; APEX makes one per region). Users' saved reports are not simulated,
    // and the report id is the region's id (the export's worksheet report id is not imported).
    name: 'APEX_APPLICATION_PAGE_IR_RPT',
    columns: [
      ['APPLICATION_ID', 'number'],
      ['PAGE_ID', 'number'],
      ['REGION_NAME', 'text'],
      ['REPORT_ID', 'number'],
      ['REPORT_NAME', 'text'],
      ['REPORT_DESCRIPTION', 'text'],
      ['REPORT_TYPE', 'text'],
      ['STATUS', 'text'],
      ['APPLICATION_USER', 'text'],
    ],
    rows: (app) =>
      app.pages.flatMap((p) =>
        (p.regions ?? [])
          .filter((r) => r.type === 'NATIVE_IR')
          .map((r) => [app.id, p.id, r.name, numericId(r), null, null, 'PRIMARY_DEFAULT', 'PUBLIC', null]),
      ),
  },
  // Views Sample Reporting's pipelined package reads to count the links into each page (issue #11).
  // Branches come from the definition; it keeps no lists, breadcrumbs, tabs, report column links,
  // button URLs or IR detail links, so those views are empty (docs/database.md). APEX_APPLICATION_PAGE_IR
  // is empty too: the sample calls a PL/SQL function that queries for each of its rows, which one
  // SQLite connection cannot run inside a query; with no detail links the count is 0 either way.
  {
    name: 'APEX_APPLICATION_PAGE_BRANCHES',
    columns: [
      ['APPLICATION_ID', 'number'],
      ['PAGE_ID', 'number'],
      ['BRANCH_ACTION', 'text'],
    ],
    rows: (app) => app.pages.flatMap((p) => (p.branches ?? []).map((b) => [app.id, p.id, b.target])),
  },
  ...emptyViews([
    ['APEX_APPLICATION_LIST_ENTRIES', [['APPLICATION_ID', 'number'], ['LIST_NAME', 'text'], ['ENTRY_TEXT', 'text'], ['ENTRY_TARGET', 'text']]],
    ['APEX_APPLICATION_BC_ENTRIES', [['APPLICATION_ID', 'number'], ['BREADCRUMB_ID', 'number'], ['BREADCRUMB_ENTRY_ID', 'number'], ['PARENT_BREADCRUMB_ID', 'number'], ['DEFINED_FOR_PAGE', 'number'], ['ENTRY_LABEL', 'text']]],
    ['APEX_APPLICATION_PAGE_BUTTONS', [['APPLICATION_ID', 'number'], ['PAGE_ID', 'number'], ['BUTTON_NAME', 'text'], ['REDIRECT_URL', 'text']]],
    ['APEX_APPLICATION_PAGE_RPT_COLS', [['APPLICATION_ID', 'number'], ['PAGE_ID', 'number'], ['COLUMN_ALIAS', 'text'], ['COLUMN_LINK_URL', 'text']]],
    ['APEX_APPLICATION_PAGE_IR_COL', [['APPLICATION_ID', 'number'], ['PAGE_ID', 'number'], ['COLUMN_ALIAS', 'text'], ['COLUMN_LINK', 'text']]],
    ['APEX_APPLICATION_TABS', [['APPLICATION_ID', 'number'], ['TAB_NAME', 'text'], ['TAB_PAGE', 'number']]],
    ['APEX_APPLICATION_PAGE_IR', [['APPLICATION_ID', 'number'], ['PAGE_ID', 'number'], ['REGION_NAME', 'text'], ['DETAIL_LINK_TARGET', 'text']]],
  ]),
  {
    // The activity log records real page views on a real instance; a simulation has none of
    // them, so it is empty (queries on it run and return no rows; docs/database.md).
    name: 'APEX_ACTIVITY_LOG',
    columns: [
      ['FLOW_ID', 'number'],
      ['STEP_ID', 'number'],
      ['SESSION_ID', 'number'],
      ['USERID', 'text'],
      ['COMPONENT_NAME', 'text'],
      ['TIME_STAMP', 'date'],
      ['ELAP', 'number'],
      ['NUM_ROWS', 'number'],
      ['IR_SEARCH', 'text'],
      ['SQLERRM', 'text'],
      ['PAGE_MODE', 'text'],
      ['CONTENT_LENGTH', 'number'],
    ],
    rows: () => [],
  },
]

/** Views whose rows the definition does not carry: they exist (a query on them runs) and are empty. */
function emptyViews(list: [name: string, columns: View['columns']][]): View[] {
  return list.map(([name, columns]) => ({ name, columns, rows: () => [] }))
}

function textField(o: object, name: string): string | null {
  const v = (o as Record<string, unknown>)[name]
  return typeof v === 'string' ? v : null
}

function numericId(o: object): number | null {
  const v = (o as Record<string, unknown>).id
  return typeof v === 'string' && /^\d+$/.test(v) ? Number(v) : typeof v === 'number' ? v : null
}

const literal = (v: string | number | null): string => (v === null ? 'null' : typeof v === 'number' ? String(v) : `'${v.replace(/'/g, "''")}'`)

/** Creates and fills the views; returns the script report (a failure is reported, never fatal). */
export function buildApexDictionary(db: LogicDatabase, apps: readonly AppDefinition[]): ScriptReport {
  const statements: string[] = []
  for (const view of VIEWS) {
    statements.push(`create table ${view.name} (${view.columns.map(([c, t]) => `${c} ${t === 'number' ? 'number' : t === 'date' ? 'date' : 'varchar2(4000)'}`).join(', ')});`)
    for (const app of apps) {
      for (const row of view.rows(app)) statements.push(`insert into ${view.name} values (${row.map(literal).join(', ')});`)
    }
  }
  return db.runScript('APEX dictionary views', statements.join('\n'))
}
