/**
 * Every session alias this window has heard of, by session ID (issue #14:
 * aliases consistent from step 0). The engine store holds only the sessions
 * at the playhead; a search hit, the inspector or a caption may name a
 * session that does not exist there yet, has ended (a huge workspace lists
 * live sessions only) or was given a new ID by a login. The map grows while a
 * workspace is open — an ID never changes its alias — up to
 * MAX_SESSION_ALIASES (the oldest learnt are forgotten past it), and is
 * cleared when another workspace opens. It learns from the sessions at each
 * playhead position, from steps shown (a step names its session's alias in
 * its input) and from search answers (`stepWords.aliases`).
 */
import { useStore } from 'zustand'
import { createStore } from 'zustand/vanilla'
import type { StoreApi } from 'zustand/vanilla'
import type { Step } from '../transport/api-types.js'
import { sessionName } from '../views/common/format.js'
import { useServices } from './app-context.js'
import type { AppServices } from './app-context.js'

/** Aliases kept at most: past it the oldest learnt are forgotten (their sessions are then named by ID until seen again). */
export const MAX_SESSION_ALIASES = 200_000

export interface SessionAliasState {
  /**
   * One map, changed in place (a copy per new alias cost a copy of every
   * alias seen per arrow key on a trace that makes a session per step):
   * read it with aliasOf, and select `version` to re-render when it changes.
   */
  version: number
  aliasOf(id: number): string | undefined
  /** Aliases held now (at most the bound). */
  size(): number
  learn(pairs: Iterable<{ id: number; alias: string | null | undefined }>): void
  clear(): void
}

export function createSessionAliases(max = MAX_SESSION_ALIASES): StoreApi<SessionAliasState> {
  // A Map iterates in insertion order: its first key is the oldest learnt.
  const aliases = new Map<number, string>()
  return createStore<SessionAliasState>()((set, get) => ({
    version: 0,
    aliasOf: (id) => aliases.get(id),
    size: () => aliases.size,
    learn(pairs) {
      let changed = false
      for (const { id, alias } of pairs) {
        if (!alias || aliases.get(id) === alias) continue
        // Re-learnt: moves to the newest end, so a session still in view is not the first forgotten.
        aliases.delete(id)
        aliases.set(id, alias)
        if (aliases.size > max) aliases.delete(aliases.keys().next().value!)
        changed = true
      }
      if (changed) set({ version: get().version + 1 })
    },
    clear: () => {
      if (aliases.size === 0) return
      aliases.clear()
      set({ version: get().version + 1 })
    },
  }))
}

/** The alias a step's input gives its session: `as` (a new session) or `session` when that is an alias, not an ID. */
export function aliasOfStep(step: Pick<Step, 'session' | 'input' | 'kind'>): { id: number; alias: string } | null {
  if (step.session === null) return null
  const input = step.input as { as?: unknown; session?: unknown }
  // A clone's `as` names the new session; its step runs in it (the step's session), so `as` is that session's alias too.
  const alias = typeof input.as === 'string' ? input.as : typeof input.session === 'string' && !/^\d+$/.test(input.session) ? input.session : null
  // A request with `as` that reuses a session (the URL names one) still names the session it ran in.
  return alias ? { id: step.session, alias } : null
}

const stores = new WeakMap<AppServices, StoreApi<SessionAliasState>>()

/** The services' alias map, following the engine store (sessions known at the playhead; cleared with a new workspace). */
export function sessionAliasesOf(s: AppServices): StoreApi<SessionAliasState> {
  const known = stores.get(s)
  if (known) return known
  const created = createSessionAliases()
  stores.set(s, created)
  let version = s.engine.getState().workspaceVersion
  created.getState().learn(s.engine.getState().knownSessions.values())
  s.engine.subscribe((e, before) => {
    if (e.workspaceVersion !== version) {
      version = e.workspaceVersion
      created.getState().clear()
    }
    // Every session the point names: the list, and after a jump the sessions of the rows shown.
    if (e.knownSessions !== before.knownSessions) created.getState().learn(e.knownSessions.values())
  })
  return created
}

/** A function naming a session by its alias and short ID (sessionName), re-rendering when an alias is learnt. */
export function useSessionName(): (id: number | null | undefined) => string {
  const s = useServices()
  const store = sessionAliasesOf(s)
  // The version re-renders the caller when an alias is learnt; the names are read from the one map.
  useStore(store, (a) => a.version)
  const { aliasOf } = store.getState()
  return (id) => sessionName(id, id === null || id === undefined ? null : aliasOf(id))
}
