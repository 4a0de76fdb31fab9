/**
 * A report region's query made ready for the app database: the session's
 * APEX_COLLECTIONS members put in place of the view's name as an inline view
 * (the interpreter does the same for SQL inside PL/SQL; docs/plsql.md), so a
 * report on a collection shows that session's members. The members' texts
 * travel as binds, never spliced into the SQL.
 */
import type { CollectionStore } from '../plsql/index.js'
import { apexCollectionsInlineView, mentionsApexCollections } from '../plsql/index.js'
import type { BindLookup } from './backend.js'

export interface ReportQuery {
  sql: string
  binds: BindLookup
}

/** Prefix of the binds that carry the inline view's values (a name no app item has). */
const VIEW_BIND = '__REPORT_VIEW_'

export function reportQuery(sql: string, binds: BindLookup, collections: unknown): ReportQuery {
  if (!mentionsApexCollections(sql) || !isStore(collections)) return { sql, binds }
  const values = new Map<string, string | null>()
  const bind = (text: string): string => {
    const name = `${VIEW_BIND}${values.size + 1}`
    values.set(name, text)
    return `:"${name}"`
  }
  let view: string | null = null
  const text = replaceName(sql, 'APEX_COLLECTIONS', () => (view ??= apexCollectionsInlineView(collections, bind)))
  return { sql: text, binds: (name) => (values.has(name) ? values.get(name)! : binds(name)) }
}

function isStore(v: unknown): v is CollectionStore {
  return typeof v === 'object' && v !== null && typeof (v as { all?: unknown }).all === 'function'
}

/**
 * Replaces the unquoted identifier `name` (any case, as a whole word, not
 * after a dot) outside string literals, quoted identifiers and comments.
 */
export function replaceName(sql: string, name: string, replacement: () => string): string {
  let out = ''
  let i = 0
  const upper = name.toUpperCase()
  const isWord = (c: string | undefined) => c !== undefined && /[A-Za-z0-9_$#]/.test(c)
  while (i < sql.length) {
    const c = sql[i]!
    if (c === "'" || c === '"') {
      const end = sql.indexOf(c, i + 1)
      const stop = end < 0 ? sql.length : end + 1
      out += sql.slice(i, stop)
      i = stop
      continue
    }
    if (c === '-' && sql[i + 1] === '-') {
      const end = sql.indexOf('\n', i)
      const stop = end < 0 ? sql.length : end
      out += sql.slice(i, stop)
      i = stop
      continue
    }
    if (c === '/' && sql[i + 1] === '*') {
      const end = sql.indexOf('*/', i + 2)
      const stop = end < 0 ? sql.length : end + 2
      out += sql.slice(i, stop)
      i = stop
      continue
    }
    if (!isWord(sql[i - 1]) && sql[i - 1] !== '.' && sql.slice(i, i + name.length).toUpperCase() === upper && !isWord(sql[i + name.length])) {
      out += replacement()
      i += name.length
      continue
    }
    out += c
    i++
  }
  return out
}
