/**
 * The renderer's services — the controller (engine calls, playhead), the
 * engine store and the UI stores — created once per app, or per test. No
 * React here: the entry creates them and starts talking to the engine while
 * the views' code (React and everything it renders) is still loading.
 */
import type { EngineApi } from '../transport/api-types.js'
import { EngineController } from './engine-controller.js'
import type { EngineStore } from './engine-store.js'
import { createEngineStore } from './engine-store.js'
import type { UiStores } from './ui-stores.js'
import { createUiStores } from './ui-stores.js'

export interface AppServices {
  controller: EngineController
  engine: EngineStore
  ui: UiStores
}

export function createServices(api: EngineApi): AppServices {
  const engine = createEngineStore()
  const ui = createUiStores()
  return { controller: new EngineController(api, engine, ui), engine, ui }
}
