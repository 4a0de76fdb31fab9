/**
 * One store per app's services (per window, and per test: tests never share
 * one), created the first time it is asked for. The UI's small stores that
 * are not part of UiStores (presentation, exercise, …) are found this way.
 */
import type { StoreApi } from 'zustand/vanilla'
import type { AppServices } from './app-context.js'

export function perServices<T>(create: () => StoreApi<T>): (s: AppServices) => StoreApi<T> {
  const stores = new WeakMap<AppServices, StoreApi<T>>()
  return (s) => {
    let store = stores.get(s)
    if (!store) {
      store = create()
      stores.set(s, store)
    }
    return store
  }
}
