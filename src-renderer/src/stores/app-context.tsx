/**
 * What every view needs: the controller (engine calls, playhead), the engine
 * store and the UI stores — created once per app, or per test.
 */
import { createContext, useContext } from 'react'
import type { ReactNode } from 'react'
import { useStore } from 'zustand'
import type { StoreApi } from 'zustand/vanilla'
import type { EngineApi } from '../transport/api-types.js'
import { EngineController } from './engine-controller.js'
import type { EngineData, EngineStore } from './engine-store.js'
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

const Ctx = createContext<AppServices | null>(null)

export function ServicesProvider({ services, children }: { services: AppServices; children: ReactNode }) {
  return <Ctx.Provider value={services}>{children}</Ctx.Provider>
}

export function useServices(): AppServices {
  const s = useContext(Ctx)
  if (!s) throw new Error('useServices outside ServicesProvider')
  return s
}

export function useEngine<T>(selector: (s: EngineData) => T): T {
  return useStore(useServices().engine, selector)
}

export function useUi<S, T>(pick: (ui: UiStores) => StoreApi<S>, selector: (s: S) => T): T {
  return useStore(pick(useServices().ui), selector)
}
