/** What every store action works with: the engine connection, the engine-derived data, the UI stores and the steps cache. */
import type { EngineApi } from '../transport/api-types.js'
import type { EngineStore } from './engine-store.js'
import type { StepCache } from './step-cache.js'
import type { UiStores } from './ui-stores.js'

export interface StoreContext {
  api: EngineApi
  engine: EngineStore
  ui: UiStores
  steps: StepCache
}
