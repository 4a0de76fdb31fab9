/**
 * The logic backend the engine uses when its caller names none: the SQL
 * translator, app database and PL/SQL interpreter of this repository, once
 * they are all present (`oracle-backend.ts` wires them). Until then null:
 * the engine runs without app logic, exactly as before issue #11.
 */
import type { LogicBackend } from './backend.js'

let chosen: LogicBackend | null = null

export function defaultLogicBackend(): LogicBackend | null {
  return chosen
}

/** Installs the backend engines use by default (the wiring module calls it once). */
export function setDefaultLogicBackend(backend: LogicBackend | null): void {
  chosen = backend
}
