/**
 * What every view needs: the actions (workspace, playhead, operations, …), the engine
 * store and the UI stores (stores/services.ts), through a React context.
 */
import { createContext, useContext } from 'react'
import type { ReactNode } from 'react'
import { useStore } from 'zustand'
import type { StoreApi } from 'zustand/vanilla'
import type { EngineData } from './engine-store.js'
import type { AppServices } from './services.js'
import type { UiStores } from './ui-stores.js'

export { createServices } from './services.js'
export type { AppServices } from './services.js'

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
