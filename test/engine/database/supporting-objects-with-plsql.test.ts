/**
 * The samples' supporting objects installed as APEX installs them: SQL on the
 * AppDatabase, packages and install-time blocks through the PL/SQL engine's
 * hook (which runs their data procedures on this database). Each table then
 * holds one row per `insert into <table>` written in the scripts — counted in
 * the export text here, not taken from the engine.
 *
 * Reads the shared exports through test/helpers/shared-fixtures.ts: skipped
 * with one printed reason when the folder is absent, failing in CI.
 */
import { join } from 'node:path'
import { expect, it } from 'vitest'
import { AppDatabase } from '../../../src-main/engine/database/app-database.js'
import { PackageRegistry, createPlsqlUnitHook, scriptHost } from '../../../src-main/engine/plsql/index.js'
import { installScriptsOf } from './helpers/install-scripts.js'
import { SHARED_FIXTURES_DIR as FIXTURES, describeWithSharedFixtures } from '../../helpers/shared-fixtures.js'

describeWithSharedFixtures('supporting objects with the PL/SQL engine attached', () => {
  it.each(['sample-calendar', 'sample-collections', 'sample-dynamic-actions', 'sample-master-detail', 'sample-reporting'])(
    '%s: every statement runs and every table holds the rows its scripts insert',
    (app) => {
      const clock = (): Date => new Date('2024-06-01T09:00:00Z')
      const packages = new PackageRegistry()
      const holder: { db?: AppDatabase } = {}
      const hook = createPlsqlUnitHook({ packages, host: () => scriptHost({ db: holder.db as AppDatabase, packages, clock }) })
      const db = new AppDatabase({ clock, onPlsqlUnit: hook })
      holder.db = db
      try {
        const scripts = installScriptsOf(join(FIXTURES, `oracle-samples-24.2/${app}.sql`))
        const failures: string[] = []
        for (const script of scripts) {
          for (const s of db.runScript(script.name, script.text).statements) {
            if (!s.ok) failures.push(`${script.name} #${s.index} line ${s.line}: ${s.error ?? ''}`)
          }
        }
        expect(failures).toEqual([])
        const text = scripts.map((s) => s.text).join('\n')
        const tables = db.tableNames()
        expect(tables.length).toBeGreaterThan(0)
        for (const table of tables) {
          const written = text.match(new RegExp(`insert\\s+into\\s+${table}\\b`, 'gi'))?.length ?? 0
          // Sample Collections inserts its rows twice (script, then the same rows again from a procedure it never calls).
          const expected = app === 'sample-collections' ? written / 2 : written
          expect(db.query(`select count(*) from ${table}`, () => undefined).rows, table).toEqual([[expected]])
        }
      } finally {
        db.close()
      }
    },
  )
})
