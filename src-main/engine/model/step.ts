/**
 * Steps: what every engine operation returns (semantics §9).
 *
 * A step's effects are one flat list in the order they happened; its phases
 * (the sub-steps a user can step into) are consecutive ranges of that list,
 * so "state after phase k" is "state before the step + effects[0, phase.end)".
 */
import type { Effect } from './effect.js'
import type { Operation } from './operation.js'

/*
 * The lists below are the one definition of these names: the types follow
 * from them, the trace schema and the loader's checks use them, and the
 * timeline stores a name as its index here — so the order is part of the
 * workspace file format: append, never reorder.
 */
export const OUTCOMES = ['ok', 'validationFailed', 'expired', 'error'] as const
export type Outcome = (typeof OUTCOMES)[number]

export const STEP_KINDS = ['show', 'accept', 'clone', 'login', 'logout', 'wait', 'setState', 'clearCache', 'ajax'] as const
export type StepKind = (typeof STEP_KINDS)[number]

export const PHASE_KINDS = [
  'resolveSession',
  'onNewInstance',
  'afterLogin',
  'clearCache',
  'setUrlItems',
  'beforeHeader',
  'afterHeader',
  'beforeRegions',
  'itemsRender',
  'afterRegions',
  'beforeFooter',
  'afterFooter',
  'postValues',
  'afterSubmit',
  'validating',
  'validations',
  'processing',
  'afterProcessing',
  'branch',
  'redisplay',
  'cloneAllocate',
  'cloneCopy',
  'cloneGroup',
  'cloneRender',
  'rotateId',
  'deleteSessions',
  'setState',
  'wait',
  'endOfRequest',
  // An ajax step (operations/ajax.ts): store the Items to Submit, run the code, answer with the Items to Return.
  'ajaxSubmit',
  'ajaxRun',
  'ajaxReturn',
] as const
export type PhaseKind = (typeof PHASE_KINDS)[number]

export interface Phase {
  kind: PhaseKind
  /** Human words for the timeline and inspector, e.g. "Before Header". */
  label: string
  /** Effects of this phase are step.effects[start, end). */
  start: number
  end: number
  /** Extra facts for step-through views, e.g. how clear-cache tokens resolved. */
  detail?: Record<string, unknown>
}

/** The parts of the request a show step ran (parsed URL, after substitutions). */
export interface RequestInfo {
  url: string
  app: number
  page: number
  request: string | null
  debug: string | null
  clearCache: string[]
  items: { name: string; value: string | null }[]
  printerFriendly: string | null
}

export interface ValidationError {
  validation: string
  item?: string
  message: string
}

export interface Step {
  /** Position in the timeline, 0-based. */
  index: number
  /** Simulated time (seconds since start) at which the step ran. */
  t: number
  kind: StepKind
  /** The operation as given (trace event or live action). */
  input: Operation
  /** Session ID the step ran in (after resolution, rotation or cloning), if any. */
  session: number | null
  app: number | null
  page: number | null
  outcome: Outcome
  /** Why the outcome is not `ok`, in words. */
  reason?: string
  request?: RequestInfo
  /** Validation errors shown inline on a validationFailed re-show. */
  errors?: ValidationError[]
  phases: Phase[]
  effects: Effect[]
  /** Index of the step that caused this one (a redirect branch's follow-up show). */
  causedBy?: number
  /** Note carried by the input, shown in the timeline. */
  note?: string
}
