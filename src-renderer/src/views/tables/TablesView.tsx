/** Rows of the simulator's tables (e.g. EMP) at the playhead. */
import { useMemo, useState } from 'react'
import { useEngine } from '../../stores/app-context.js'

export function TablesView() {
  const apps = useEngine((e) => e.apps)
  const tables = useEngine((e) => e.tables)
  const defs = useMemo(() => {
    const out: { app: number; name: string; columns: string[] }[] = []
    for (const a of apps) for (const t of a.tables ?? []) out.push({ app: a.id, name: t.name, columns: t.columns })
    for (const key of tables.keys()) {
      const [app, name] = key.split('|') as [string, string]
      if (!out.some((d) => d.app === Number(app) && d.name === name)) out.push({ app: Number(app), name, columns: Object.keys(tables.get(key)?.[0] ?? {}) })
    }
    return out
  }, [apps, tables])
  const [pick, setPick] = useState(0)
  const def = defs[Math.min(pick, defs.length - 1)]
  const rows = def ? (tables.get(`${def.app}|${def.name}`) ?? []) : []

  return (
    <section id="view-tables" className="panel tables" aria-label="Tables" tabIndex={-1} role="tabpanel">
      <h2>Tables</h2>
      {defs.length === 0 ? (
        <p className="muted pad">The apps of this workspace define no tables.</p>
      ) : (
        <>
          <select aria-label="Table" value={pick} onChange={(e) => setPick(Number(e.target.value))}>
            {defs.map((d, i) => (
              <option key={`${d.app}|${d.name}`} value={i}>
                {d.name} (app {d.app})
              </option>
            ))}
          </select>
          <table className="data" aria-label={def ? `${def.name} rows` : 'rows'} data-testid="sim-table" data-table={def?.name}>
            <thead>
              <tr>
                {def?.columns.map((c) => (
                  <th key={c}>{c}</th>
                ))}
              </tr>
            </thead>
            <tbody>
              {rows.length === 0 ? (
                <tr>
                  <td colSpan={def?.columns.length ?? 1} className="muted">
                    No rows at this point.
                  </td>
                </tr>
              ) : (
                rows.map((r, i) => (
                  <tr key={i} data-testid="sim-table-row">
                    {def?.columns.map((c) => (
                      <td key={c}>{r[c] ?? ''}</td>
                    ))}
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
