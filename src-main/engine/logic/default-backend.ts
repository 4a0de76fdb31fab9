/**
 * The logic backend an engine uses when its caller names none: the SQL
 * translator, app database and PL/SQL interpreter of this repository
 * (`oracle-backend.ts`). Tests pass their own, or null for an engine without
 * app logic (every SQL/PL/SQL part then "not simulated", as before issue #11).
 */
import type { LogicBackend } from './backend.js'
import { oracleBackend } from './oracle-backend.js'

export function defaultLogicBackend(): LogicBackend | null {
  return oracleBackend
}
