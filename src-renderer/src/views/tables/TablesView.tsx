/**
 * Rows of the simulator's tables (e.g. EMP) and of the app database at the
 * playhead. A database row offers "why" (the step that last changed it, with
 * before/after) and "break when this row changes" (a row breakpoint F8 finds).
 */
import { useMemo, useState } from 'react'
import { useEngine, useServices } from '../../stores/app-context.js'
import { addRowBreakpoint } from '../../stores/breakpoints.js'
import { describeRowChange, rowKeyAt, whyRowAt } from './row-questions.js'

/** What the view says about one row after "why" or "break": its table, position, and the words. */
interface RowNote {
  table: string
  index: number
  text: string
}

export function TablesView() {
  const s = useServices()
  const apps = useEngine((e) => e.apps)
  const tables = useEngine((e) => e.tables)
  const point = useEngine((e) => e.point)
  const defs = useMemo(() => {
    const out: { app: number; name: string; columns: string[]; database: boolean }[] = []
    for (const a of apps) for (const t of a.tables ?? []) out.push({ app: a.id, name: t.name, columns: t.columns, database: false })
    for (const key of tables.keys()) {
      const [app, name] = key.split('|') as [string, string]
      // Tables the apps do not define are the app database's (their rows have keys the engine knows).
      if (!out.some((d) => d.app === Number(app) && d.name === name)) out.push({ app: Number(app), name, columns: Object.keys(tables.get(key)?.[0] ?? {}), database: true })
    }
    return out
  }, [apps, tables])
  const [pick, setPick] = useState(0)
  const [note, setNote] = useState<RowNote | null>(null)
  const def = defs[Math.min(pick, defs.length - 1)]
  const rows = def ? (tables.get(`${def.app}|${def.name}`) ?? []) : []

  /** Finds the row's key at the point shown, then does `then` with it; says so when the row is gone. */
  const withKey = async (index: number, then: (key: string) => Promise<string>) => {
    if (!def) return
    try {
      const key = await rowKeyAt(s.api, point, def.app, def.name, index)
      setNote({ table: def.name, index, text: key === null ? 'This row is not there at this point any more.' : await then(key) })
    } catch (err) {
      s.ui.toasts.getState().error(err, 'Tables')
    }
  }
  const why = (index: number) =>
    withKey(index, async (key) => {
      const r = await whyRowAt(s.api, point, def!.app, def!.name, key)
      return r ? `${def!.name}[${key}] last changed at ${describeRowChange(r)}` : `${def!.name}[${key}]: no step changed this row up to here (as the app's install scripts made it).`
    })
  const breakOn = (index: number) =>
    withKey(index, async (key) => {
      const added = addRowBreakpoint(s, { kind: 'rowChanges', app: def!.app, table: def!.name, key })
      return added ? `F8 now stops where ${def!.name}[${key}] changes.` : `A breakpoint on ${def!.name}[${key}] is set already.`
    })

  return (
    <section id="view-tables" className="panel tables" aria-label="Tables" tabIndex={-1} role="tabpanel">
      <h2>Tables</h2>
      {defs.length === 0 ? (
        <p className="muted pad">The apps of this workspace define no tables.</p>
      ) : (
        <>
          <select
            aria-label="Table"
            value={pick}
            onChange={(e) => {
              setPick(Number(e.target.value))
              setNote(null)
            }}
          >
            {defs.map((d, i) => (
              <option key={`${d.app}|${d.name}`} value={i}>
                {d.name} (app {d.app})
              </option>
            ))}
          </select>
          {note && note.table === def?.name ? (
            <p className="muted pad" role="status" data-testid="row-note">
              Row {note.index + 1}: {note.text}
            </p>
          ) : null}
          <table className="data" aria-label={def ? `${def.name} rows` : 'rows'} data-testid="sim-table" data-table={def?.name}>
            <thead>
              <tr>
                {def?.columns.map((c) => (
                  <th key={c}>{c}</th>
                ))}
                {def?.database ? <th aria-label="Row actions" /> : null}
              </tr>
            </thead>
            <tbody>
              {rows.length === 0 ? (
                <tr>
                  <td colSpan={(def?.columns.length ?? 1) + (def?.database ? 1 : 0)} className="muted">
                    No rows at this point.
                  </td>
                </tr>
              ) : (
                rows.map((r, i) => (
                  <tr key={i} data-testid="sim-table-row">
                    {def?.columns.map((c) => (
                      <td key={c}>{r[c] ?? ''}</td>
                    ))}
                    {def?.database ? (
                      <td className="row-actions">
                        <button type="button" className="link" aria-label={`Why does row ${i + 1} of ${def.name} look like this`} onClick={() => void why(i)}>
                          why
                        </button>{' '}
                        <button type="button" className="link" aria-label={`Break when row ${i + 1} of ${def.name} changes`} onClick={() => void breakOn(i)}>
                          break
                        </button>
                      </td>
                    ) : null}
                  </tr>
                ))
              )}
            </tbody>
          </table>
        </>
      )}
    </section>
  )
}
