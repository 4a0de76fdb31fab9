/** Non-blocking messages: errors with their details (code, method, field, line) and notices. */
import { createStore } from 'zustand/vanilla'
import type { StoreApi } from 'zustand/vanilla'
import { errorDetail } from './api-call.js'

export interface Toast {
  id: number
  kind: 'error' | 'info'
  title: string
  detail?: string
}

export interface ToastState {
  toasts: Toast[]
  push(t: Omit<Toast, 'id'>): void
  dismiss(id: number): void
  /** An error as a toast, its title prefixed with what failed. */
  error(err: unknown, title?: string): void
}

export function createToasts(): StoreApi<ToastState> {
  let nextId = 1
  return createStore<ToastState>()((set, get) => ({
    toasts: [],
    push: (t) => set((s) => ({ toasts: [...s.toasts.slice(-4), { ...t, id: nextId++ }] })),
    dismiss: (id) => set((s) => ({ toasts: s.toasts.filter((x) => x.id !== id) })),
    error: (err, title) => {
      const d = errorDetail(err)
      get().push({ kind: 'error', title: title ? `${title}: ${d.title}` : d.title, detail: d.detail })
    },
  }))
}
