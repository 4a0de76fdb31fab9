/**
 * The app database of an engine that continues a saved workspace (issue #11).
 * An engine builds its database from the apps' install scripts; a workspace
 * reopened after steps changed rows must go on from the rows those steps
 * produced, not from the install. Its steps' row effects are the exact
 * changes, in order, each with its after-image: applied forward on the freshly
 * installed database (as a seek forward applies them) they give the tables at
 * the workspace's head. Sequences are not row changes (Oracle never rolls them
 * back), so their positions travel with the workspace's engine state and are
 * put back here.
 */
import type { RowEffect } from '../model/effect.js'
import type { AppLogic } from './app-logic.js'
import type { SequenceDef } from './backend.js'

/** What a saved workspace keeps of its app database beside the steps: the sequences' positions. */
export interface AppDatabaseState {
  sequences: SequenceDef[]
}

/** The app database's state to save with the workspace (undefined: no app database, or one without sequences). */
export function appDatabaseState(logic: AppLogic | undefined): AppDatabaseState | undefined {
  const sequences = logic?.db.sequenceState?.()
  return sequences === undefined ? undefined : { sequences }
}

/**
 * Brings a freshly installed app database to a saved workspace's head: every
 * row effect forward, in timeline order, then the saved sequences. Throws
 * (naming the effect) when a change cannot be applied — the install scripts
 * no longer match the ones the steps ran on.
 */
export function restoreAppDatabase(logic: AppLogic, rowEffects: Iterable<RowEffect>, state: AppDatabaseState | undefined): void {
  const db = logic.db
  db.begin()
  try {
    let n = 0
    for (const e of rowEffects) {
      n++
      try {
        db.applyChange({ table: e.table, op: e.change, key: e.key, before: e.from, after: e.to }, 'forward')
      } catch (err) {
        throw new Error(`the app database cannot take row change ${n} again (${e.change} of ${e.table} row ${e.key}): ${(err as Error).message}`, { cause: err })
      }
    }
    db.commit()
  } catch (err) {
    db.rollback()
    throw err
  }
  if (state) db.restoreSequences?.(state.sequences)
}
