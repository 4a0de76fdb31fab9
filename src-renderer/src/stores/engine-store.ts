/**
 * Engine-derived data, in one vanilla zustand store fed by the engine's
 * answers and the transport's events (stores/workspace.ts, playhead.ts,
 * operate.ts). Views read it with selectors; nothing here is edited by views
 * directly.
 */
import { createStore } from 'zustand/vanilla'
import type { StoreApi } from 'zustand/vanilla'
import type { AppDefinition, DemoInfo, MethodResults, TableRow, TimelinePoint, UserRow, WorkspaceSummary } from '../transport/api-types.js'
import type { SessionBrief, SessionEntry } from '../model/state-at-playhead.js'
import type { ChangeKind, RowEntry } from '../model/rows.js'

export interface LoadingState {
  label: string
  /** 0..1, or null when unknown. */
  fraction: number | null
  etaSec: number | null
}

export interface EngineData {
  connected: boolean
  info: MethodResults['engine.info'] | null
  demos: DemoInfo[]
  workspace: WorkspaceSummary | null
  /** Bumped whenever a new workspace replaces the previous one. */
  workspaceVersion: number
  apps: AppDefinition[]
  stepCount: number
  /** Bumped whenever steps arrive in the cache. */
  stepsVersion: number
  point: TimelinePoint
  t: number
  rows: RowEntry[]
  /** Rows changed by the current step (or phase), by row key. */
  changes: ReadonlyMap<string, ChangeKind>
  /** Inside a step's phases, before its clear-cache phase: the rows that phase is about to reset. */
  pending: ReadonlySet<string>
  /** Rows the current step removed (shown struck through). */
  removedRows: RowEntry[]
  /**
   * The sessions' records at the point, in the engine's order (creation time): the whole list — or, after
   * a jump until the playhead rests there, only the sessions the views show (selected, filtered): the
   * whole list was most of a jump's answer at a million events (issue #13).
   */
  sessions: SessionEntry[]
  /** Every session known at the point by ID, in the list's order: those in `sessions`, and the sessions of the rows shown (alias, creation time). */
  knownSessions: ReadonlyMap<number, SessionBrief>
  userRows: UserRow[]
  tables: ReadonlyMap<string, TableRow[]>
  loading: LoadingState | null
  /** False in a workspace of so many sessions that only live ones are asked for at each point (ended ones are not listed). */
  endedSessionsListed: boolean
  /** True while the playhead is catching up with a request (fetching steps or state). */
  moving: boolean
}

export type EngineStore = StoreApi<EngineData>

export function initialEngineData(): EngineData {
  return {
    connected: false,
    info: null,
    demos: [],
    workspace: null,
    workspaceVersion: 0,
    apps: [],
    stepCount: 0,
    stepsVersion: 0,
    point: { step: -1, phase: null },
    t: 0,
    rows: [],
    changes: new Map(),
    pending: new Set(),
    removedRows: [],
    sessions: [],
    knownSessions: new Map(),
    userRows: [],
    tables: new Map(),
    loading: null,
    endedSessionsListed: true,
    moving: false,
  }
}

export function createEngineStore(): EngineStore {
  return createStore<EngineData>()(() => initialEngineData())
}
