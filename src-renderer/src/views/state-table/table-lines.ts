/**
 * What the state table shows, derived from the rows at the playhead and the
 * filters: filtered rows, removed rows (struck through) in their place,
 * page group headers, or the compare grid. With no filter it returns the
 * row array itself, so stepping over 50,000 rows costs nothing here.
 */
import type { RowEntry } from '../../model/rows.js'
import { makeComparator } from '../../model/sorted-rows.js'
import type { AppDefinition } from '../../transport/api-types.js'

export interface GroupLine {
  kind: 'group'
  key: string
  label: string
}

export type Line = RowEntry | GroupLine

export function isGroup(l: Line): l is GroupLine {
  return (l as GroupLine).kind === 'group'
}

export interface LineFilters {
  session: number | null
  app: number | null
  page: number | 'app' | null
  search: string
  groupByPage: boolean
  changedOnly: boolean
}

export function rowMatches(r: RowEntry, f: LineFilters, needle: string, changes: ReadonlyMap<string, unknown>): boolean {
  if (f.session !== null && r.session !== f.session) return false
  if (f.app !== null && r.app !== f.app) return false
  if (f.page === 'app' && r.page !== null) return false
  if (typeof f.page === 'number' && r.page !== f.page) return false
  if (f.changedOnly && !changes.has(r.key)) return false
  if (needle && !r.item.toLowerCase().includes(needle) && !(r.value !== null && r.value.toLowerCase().includes(needle))) return false
  return true
}

export function buildLines(
  rows: readonly RowEntry[],
  removed: readonly RowEntry[],
  changes: ReadonlyMap<string, unknown>,
  f: LineFilters,
  sessionOrder: (id: number) => number,
  groupLabel: (r: RowEntry) => string,
): readonly Line[] {
  const needle = f.search.trim().toLowerCase()
  const plain = f.session === null && f.app === null && f.page === null && !needle && !f.groupByPage && !f.changedOnly
  if (plain && removed.length === 0) return rows
  let list: RowEntry[] = plain ? rows.slice() : rows.filter((r) => rowMatches(r, f, needle, changes))
  const ghosts = removed.filter((r) => rowMatches(r, { ...f, changedOnly: false }, needle, changes))
  if (ghosts.length) {
    const cmp = makeComparator(sessionOrder)
    list = [...list, ...ghosts].sort(cmp)
  }
  if (!f.groupByPage) return list
  const out: Line[] = []
  let last = ''
  for (const r of list) {
    const g = `${r.session}|${r.app}|${r.page ?? ''}`
    if (g !== last) {
      out.push({ kind: 'group', key: `group:${g}`, label: groupLabel(r) })
      last = g
    }
    out.push(r)
  }
  return out
}

export interface CompareLine {
  key: string
  app: number
  page: number | null
  item: string
  values: (RowEntry | undefined)[]
}

/** One line per (app, page, item), one value column per chosen session. */
export function buildCompare(rows: readonly RowEntry[], sessions: readonly number[], f: LineFilters): CompareLine[] {
  const needle = f.search.trim().toLowerCase()
  const idx = new Map(sessions.map((s, i) => [s, i]))
  const byItem = new Map<string, CompareLine>()
  for (const r of rows) {
    const i = idx.get(r.session)
    if (i === undefined) continue
    if (f.app !== null && r.app !== f.app) continue
    if (f.page === 'app' && r.page !== null) continue
    if (typeof f.page === 'number' && r.page !== f.page) continue
    const key = `${r.app}|${r.page ?? ''}|${r.item}`
    let line = byItem.get(key)
    if (!line) byItem.set(key, (line = { key, app: r.app, page: r.page, item: r.item, values: sessions.map(() => undefined) }))
    line.values[i] = r
  }
  let out = [...byItem.values()]
  if (needle) out = out.filter((l) => l.item.toLowerCase().includes(needle) || l.values.some((v) => v?.value?.toLowerCase().includes(needle)))
  return out.sort((a, b) => a.app - b.app || (a.page ?? -1) - (b.page ?? -1) || (a.item < b.item ? -1 : a.item > b.item ? 1 : 0))
}

/** Item storage ('session' | 'request' | 'user') from the app definitions, by app|page|item. */
export function storageIndex(apps: readonly AppDefinition[]): Map<string, string> {
  const m = new Map<string, string>()
  for (const a of apps) {
    for (const it of a.items ?? []) {
      const storage = it.storage ?? 'session'
      m.set(`${a.id}||${it.name.toUpperCase()}`, storage)
      if (it.scope === 'GLOBAL') m.set(`0||${it.name.toUpperCase()}`, storage)
    }
    for (const p of a.pages) for (const it of p.items ?? []) m.set(`${a.id}|${p.id}|${it.name.toUpperCase()}`, it.storage ?? 'session')
  }
  return m
}
