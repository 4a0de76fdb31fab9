/**
 * An engine's whole state written into a fresh store file, for the engine
 * that takes over from it: a continued saved workspace (workspace.ts
 * continueEngine) and a live workspace that gains apps (apex-import-service.ts
 * withApps). Both paths write the same things through this one function, so a
 * part of the state added later (issue #16's browsers and checksum secret, the
 * ID generator before them) cannot be carried by one path and lost by the
 * other.
 */
import type { SessionState } from '../engine/state/session-state.js'
import { BROWSERS_META_KEY, encodeBrowsers } from '../engine/state/browser-meta.js'
import { SqliteStore } from '../engine/store/sqlite-store.js'
import { creationEffects } from './session-state-of.js'

/** What an engine keeps besides its sessions, rows and browsers. */
export interface CarriedEngineState {
  /** Simulated seconds since startTime. */
  clock: number
  /** The session ID generator's state (Engine.idState). */
  idState: string
  /** The Session State Protection secret of an engine without a seed (Engine.checksumSecret), null with a seed. */
  checksumSecret: string | null
}

/** Creates the store file `storePath` holding `state` (groups, sessions, rows, browsers and their owners) and `carried`. */
export function writeEngineStore(storePath: string, state: SessionState, carried: CarriedEngineState): void {
  const store = new SqliteStore(storePath)
  try {
    // Browsers have no place in the store's columns; the engine reads them back from its meta (browser-meta.ts).
    const browsers = encodeBrowsers(state)
    store.persist(creationEffects(state), {
      clock: String(carried.clock),
      idState: carried.idState,
      ...(browsers !== null ? { [BROWSERS_META_KEY]: browsers } : {}),
      // Read back by the Engine (engine.ts secretOf): the links the old engine signed still verify.
      ...(carried.checksumSecret !== null ? { checksumSecret: carried.checksumSecret } : {}),
    })
  } finally {
    store.close()
  }
}
