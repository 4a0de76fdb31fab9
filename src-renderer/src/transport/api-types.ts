/**
 * Types the renderer uses, all derived from the one contract in
 * src-main/api/contract.ts (the renderer may import nothing else from
 * src-main). Type-only: nothing here reaches the bundle.
 */
import type { EngineApi, MethodInput, MethodResults } from '../../../src-main/api/contract.js'

export type {
  ApiError,
  ApiResponse,
  Breakpoint,
  EngineApi,
  EventPayloads,
  EventTopic,
  LastChange,
  MethodInput,
  MethodName,
  MethodResults,
  SearchHit,
  AnswerHit,
  StateDiff,
  StateOptions,
  PointDetail,
  TimelineSession,
  ExpiryDeadline,
  BreakpointFound,
  StateRowColumns,
  TimelinePoint,
  TimelineState,
  TimelineStateRow,
  WorkspaceSummary,
  DemoInfo,
} from '../../../src-main/api/contract.js'

export type Step = MethodResults['steps.range'][number]
export type Phase = Step['phases'][number]
export type Effect = Step['effects'][number]
export type SetEffect = Extract<Effect, { op: 'set' }>
export type StepKind = Step['kind']
export type Outcome = Step['outcome']
export type SessionView = MethodResults['sessions.list'][number]
export type SessionStatus = SessionView['status']
export type StateRow = MethodResults['state.rows'][number]
export type UserRow = MethodResults['state.userRows'][number]
export type TableRow = MethodResults['tables.rows'][number]
export type AppDefinition = MethodResults['apps.list'][number]
export type PageDefinition = AppDefinition['pages'][number]
export type Operation = MethodInput<'operate'>['op']
export type SessionRecord = NonNullable<Extract<Effect, { op: 'session' }>['to']>
export type GroupRecord = NonNullable<Extract<Effect, { op: 'group' }>['to']>

/** A transport is exactly the contract's client interface. */
export type Transport = EngineApi
