/**
 * Non-blocking messages: errors with their details (code, method, field, line)
 * and notices. Notices go by themselves after INFO_TOAST_MS (the view pauses
 * that while the pointer or focus is on one); errors stay until dismissed;
 * all go when another workspace opens (`clear`, from stores/workspace.ts):
 * a message about the last workspace is wrong about the next one.
 */
import { createStore } from 'zustand/vanilla'
import type { StoreApi } from 'zustand/vanilla'
import { errorDetail } from './api-call.js'

export interface Toast {
  id: number
  kind: 'error' | 'info'
  title: string
  detail?: string
}

/** How long a notice shows while nobody points at or focuses it: long enough to read two lines twice. */
export const INFO_TOAST_MS = 6000

export interface ToastState {
  toasts: Toast[]
  push(t: Omit<Toast, 'id'>): void
  dismiss(id: number): void
  /** Every message goes (the workspace changed). */
  clear(): void
  /** An error as a toast, its title prefixed with what failed. */
  error(err: unknown, title?: string): void
}

export function createToasts(): StoreApi<ToastState> {
  let nextId = 1
  return createStore<ToastState>()((set, get) => ({
    toasts: [],
    push: (t) => set((s) => ({ toasts: [...s.toasts.slice(-4), { ...t, id: nextId++ }] })),
    dismiss: (id) => set((s) => ({ toasts: s.toasts.filter((x) => x.id !== id) })),
    clear: () => {
      if (get().toasts.length > 0) set({ toasts: [] })
    },
    error: (err, title) => {
      const d = errorDetail(err)
      get().push({ kind: 'error', title: title ? `${title}: ${d.title}` : d.title, detail: d.detail })
    },
  }))
}
