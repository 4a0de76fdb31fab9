/**
 * The real logic backend: Oracle SQL translated for SQLite (`sql/`), the app
 * database (`database/`) and the PL/SQL interpreter (`plsql/`), behind the
 * engine's LogicBackend shape. The only file of the engine that names all
 * three (`default-backend.ts` makes it the engines' default).
 */
import { AppDatabase } from '../database/app-database.js'
import type { SqlValue } from '../database/app-database.js'
import type { CollectionStore, PlsqlHost } from '../plsql/index.js'
import { callPlsqlFunction, callPlsqlTableFunction, compilePlsql, createPlsqlUnitHook, MemoryCollectionStore, PackageRegistry, runPlsql, scriptHost } from '../plsql/index.js'
import { translateSql } from '../sql/translate.js'
import type { LogicBackend, PlsqlHostLike } from './backend.js'

/** The interpreter's host is the engine's, with the registry and collection store it made. */
const asPlsqlHost = (host: PlsqlHostLike): PlsqlHost => host as unknown as PlsqlHost

export const oracleBackend: LogicBackend = {
  translateSql(text) {
    const r = translateSql(text)
    return r.ok ? { ok: true } : { ok: false, error: r.error }
  },
  compilePlsql: (text, kind) => compilePlsql(text, kind),
  runPlsql: (program, host) => runPlsql(program as Parameters<typeof runPlsql>[0], asPlsqlHost(host)),
  createDatabase({ clock, packages, host }) {
    const registry = packages as PackageRegistry
    // Install-time PL/SQL (and SQL calling package functions outside a request) runs without a session.
    let installHost: PlsqlHost | null = null
    const sessionless = (): PlsqlHost => (installHost ??= scriptHost({ db, packages: registry, clock }))
    const current = (): PlsqlHost => {
      const h = host()
      return h === null ? sessionless() : asPlsqlHost(h)
    }
    const db: AppDatabase = new AppDatabase({
      clock,
      onPlsqlUnit: createPlsqlUnitHook({ packages: registry, host: current }),
      callFunction: (name: string, args: SqlValue[], names?: (string | undefined)[]) => callPlsqlFunction(name, args, current(), names),
      callTableFunction: (name: string, args: SqlValue[], names: (string | undefined)[]) => callPlsqlTableFunction(name, args, current(), names),
      user: () => current().apex.user,
    })
    return db
  },
  createPackages: () => new PackageRegistry(),
  createCollections: (): CollectionStore => new MemoryCollectionStore(),
}
