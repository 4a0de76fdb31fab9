/**
 * Steps ⇄ trace events, with the `steps` extension that makes an export
 * re-import to identical steps.
 *
 * A v1 event carries the effects of everything its operation did: a submit
 * and the redirect show(s) it caused are one event whose `effects` is the
 * folded list (trace-format-v1). That loses where one step ends and the next
 * begins, their phases, outcomes, sessions and request details. Exports
 * therefore add, per event, an EXTENSION field (unknown fields are allowed
 * and kept by v1 readers):
 *
 *   "steps": [ { "effects": 3, "kind": "accept", "outcome": "ok", "t": 30,
 *                "session": 4711…, "app": 100, "page": 43,
 *                "phases": [ {kind, label, start, end, detail?}, … ],
 *                "reason"?, "request"?, "errors"?, "tAdded"?, "x"? }, … ]
 *
 * one entry per step, in order; `effects` counts that step's share of the
 * event's effect list. Step indexes and `causedBy` follow from the order
 * (each follow-up is caused by the step before it), `note` from the input.
 * `tAdded: true` on the first entry says the exporter wrote the event's `t`
 * although the operation had none (so readers without the extension still
 * get the right time); an importer that knows the extension removes it from
 * the input again. `x` holds step fields this version does not know.
 *
 * Readers that do not know the extension see an ordinary recorded event.
 * docs/timeline.md describes the format.
 */
import { z } from 'zod'
import type { Effect } from '../engine/model/effect.js'
import type { Operation } from '../engine/model/operation.js'
import type { Phase, Step, StepKind } from '../engine/model/step.js'
import { OutcomeSchema } from '../trace/schema.js'
import type { TraceEvent } from '../trace/schema.js'
import { OUTCOMES, STEP_KINDS } from './codes.js'

export const STEPS_EXTENSION = 'steps'

/** The phases a recorded step gets when its trace carries none (as the Replayer gives them). */
export function recordedPhases(effects: number): Phase[] {
  return [{ kind: 'endOfRequest', label: 'Recorded effects', start: 0, end: effects }]
}

const STEP_FIELDS = new Set(['index', 't', 'kind', 'input', 'session', 'app', 'page', 'outcome', 'reason', 'request', 'errors', 'phases', 'effects', 'causedBy', 'note'])

export const PhaseInfoSchema = z.looseObject({
  kind: z.string(),
  label: z.string(),
  start: z.number().int().nonnegative(),
  end: z.number().int().nonnegative(),
  detail: z.record(z.string(), z.unknown()).optional(),
})

export const StepInfoSchema = z.looseObject({
  effects: z.number().int().nonnegative(),
  kind: z.enum(STEP_KINDS),
  outcome: OutcomeSchema,
  t: z.number().nonnegative(),
  session: z.number().nullable(),
  app: z.number().nullable(),
  page: z.number().nullable(),
  phases: z.array(PhaseInfoSchema),
  reason: z.string().optional(),
  request: z.record(z.string(), z.unknown()).optional(),
  errors: z.array(z.record(z.string(), z.unknown())).optional(),
  tAdded: z.boolean().optional(),
  x: z.record(z.string(), z.unknown()).optional(),
})
export type StepInfo = z.infer<typeof StepInfoSchema>

export const StepsExtensionSchema = z.array(StepInfoSchema).min(1)

/** A problem with the `steps` extension of one event (the caller adds the line). */
export class StepsExtensionError extends Error {
  constructor(
    message: string,
    readonly field: string,
  ) {
    super(message)
    this.name = 'StepsExtensionError'
  }
}

function kindOf(type: string): StepKind {
  return type === 'request' ? 'show' : type === 'submit' ? 'accept' : (type as StepKind)
}

/**
 * The steps of one recorded event (no apps: nothing is simulated).
 * Without the extension: one step, as the Replayer builds it (kind from the
 * type, one "Recorded effects" phase, outcome `ok` unless recorded), with the
 * event minus `effects`/`outcome` as its input.
 */
export function stepsOfRecordedEvent(event: TraceEvent, firstIndex: number, previousT: number): Step[] {
  const { effects: rawEffects, outcome, [STEPS_EXTENSION]: ext, ...rest } = event as TraceEvent & { effects?: Effect[]; outcome?: Step['outcome']; steps?: unknown }
  const effects = rawEffects ?? []
  if (ext === undefined) {
    const input = rest as Operation
    const step: Step = {
      index: firstIndex,
      t: input.t ?? previousT,
      kind: kindOf(input.type),
      input,
      session: null,
      app: null,
      page: null,
      outcome: outcome ?? 'ok',
      phases: recordedPhases(effects.length),
      effects,
    }
    if (input.note !== undefined) step.note = input.note
    return [step]
  }
  const infos = parseExtension(ext, effects.length)
  const input = rest as Operation & { t?: number }
  if (infos[0]!.tAdded) delete input.t
  const out: Step[] = []
  let at = 0
  for (let j = 0; j < infos.length; j++) {
    const info = infos[j]!
    const n = info.effects
    const step: Step = {
      index: firstIndex + j,
      t: info.t,
      kind: info.kind,
      input,
      session: info.session,
      app: info.app,
      page: info.page,
      outcome: info.outcome,
      phases: info.phases as Phase[],
      effects: n === effects.length && at === 0 ? effects : effects.slice(at, at + n),
    }
    at += n
    if (info.reason !== undefined) step.reason = info.reason
    if (info.request !== undefined) step.request = info.request as unknown as Step['request']
    if (info.errors !== undefined) step.errors = info.errors as unknown as Step['errors']
    if (j > 0) step.causedBy = firstIndex + j - 1
    else if (input.note !== undefined) step.note = input.note
    if (info.x) Object.assign(step, info.x)
    for (const k in info) if (!INFO_FIELDS.has(k)) (step as unknown as Record<string, unknown>)[k] = (info as Record<string, unknown>)[k]
    out.push(step)
  }
  return out
}

const INFO_FIELDS = new Set(['effects', 'kind', 'outcome', 't', 'session', 'app', 'page', 'phases', 'reason', 'request', 'errors', 'tAdded', 'x'])

function parseExtension(ext: unknown, effectCount: number): StepInfo[] {
  if (!quickCheck(ext)) {
    const parsed = StepsExtensionSchema.safeParse(ext)
    const issue = parsed.success ? null : parsed.error.issues[0]!
    const path = [STEPS_EXTENSION, ...(issue?.path.map(String) ?? [])].join('.')
    throw new StepsExtensionError(`${path}: ${issue?.message ?? 'not a list of step records'}`, path)
  }
  const infos = ext as StepInfo[]
  let total = 0
  infos.forEach((info, j) => {
    total += info.effects
    for (const [k, p] of info.phases.entries()) {
      if (p.start > p.end || p.end > info.effects)
        throw new StepsExtensionError(`${STEPS_EXTENSION}.${j}.phases.${k}: range [${p.start}, ${p.end}) is outside the step's ${info.effects} effects`, `${STEPS_EXTENSION}.${j}.phases.${k}`)
    }
  })
  if (total !== effectCount)
    throw new StepsExtensionError(`${STEPS_EXTENSION}: the steps account for ${total} effects but the event has ${effectCount}`, STEPS_EXTENSION)
  return infos
}

const isObj = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v)
const isNat = (v: unknown): v is number => typeof v === 'number' && Number.isInteger(v) && v >= 0
const isNumOrNull = (v: unknown) => v === null || typeof v === 'number'
const OUTCOME_SET = new Set<string>(OUTCOMES)
const KIND_SET = new Set<string>(STEP_KINDS)

/** The same rules as StepsExtensionSchema (true = valid). */
function quickCheck(ext: unknown): boolean {
  if (!Array.isArray(ext) || ext.length === 0) return false
  for (const info of ext) {
    if (!isObj(info)) return false
    if (!isNat(info.effects) || !KIND_SET.has(info.kind as string) || !OUTCOME_SET.has(info.outcome as string)) return false
    if (typeof info.t !== 'number' || info.t < 0 || !isNumOrNull(info.session) || !isNumOrNull(info.app) || !isNumOrNull(info.page)) return false
    if (!Array.isArray(info.phases)) return false
    for (const p of info.phases) {
      if (!isObj(p) || typeof p.kind !== 'string' || typeof p.label !== 'string' || !isNat(p.start) || !isNat(p.end)) return false
      if (p.detail !== undefined && !isObj(p.detail)) return false
    }
    if (info.reason !== undefined && typeof info.reason !== 'string') return false
    if (info.request !== undefined && !isObj(info.request)) return false
    if (info.errors !== undefined && (!Array.isArray(info.errors) || !info.errors.every(isObj))) return false
    if (info.tAdded !== undefined && typeof info.tAdded !== 'boolean') return false
    if (info.x !== undefined && !isObj(info.x)) return false
  }
  return true
}

/** Removes the extension (and a `t` it says was added) before an event is simulated. */
export function operationOfEvent(event: TraceEvent): TraceEvent {
  const ext = (event as { steps?: unknown }).steps
  if (ext === undefined) return event
  const { [STEPS_EXTENSION]: _ext, ...rest } = event as TraceEvent & { steps?: unknown }
  const first = Array.isArray(ext) ? (ext[0] as { tAdded?: unknown } | undefined) : undefined
  if (first?.tAdded === true) delete (rest as { t?: number }).t
  return rest as TraceEvent
}

/**
 * The event for one operation's steps (the step and its follow-ups).
 * `previousT` is the time of the step before (what a reader assumes when an
 * event has no `t`).
 */
export function eventOfSteps(chain: readonly Step[], previousT: number): TraceEvent {
  const first = chain[0]!
  const input = first.input as Operation & { t?: number }
  const event: Record<string, unknown> = { ...input }
  let tAdded = false
  if (input.t === undefined && first.t !== previousT) {
    event.t = first.t
    tAdded = true
  }
  const effects: Effect[] = []
  for (const s of chain) for (const e of s.effects) effects.push(e)
  event.effects = effects
  event.outcome = chain[chain.length - 1]!.outcome
  event[STEPS_EXTENSION] = chain.map((s, j) => {
    const info: Record<string, unknown> = {
      effects: s.effects.length,
      kind: s.kind,
      outcome: s.outcome,
      t: s.t,
      session: s.session,
      app: s.app,
      page: s.page,
      phases: s.phases,
    }
    if (s.reason !== undefined) info.reason = s.reason
    if (s.request !== undefined) info.request = s.request
    if (s.errors !== undefined) info.errors = s.errors
    if (j === 0 && tAdded) info.tAdded = true
    let x: Record<string, unknown> | null = null
    for (const k in s) if (!STEP_FIELDS.has(k)) (x ??= {})[k] = (s as unknown as Record<string, unknown>)[k]
    if (x) info.x = x
    return info
  })
  return event as unknown as TraceEvent
}

/** Groups steps into operations (a step and the follow-ups linked to it) and yields their events. */
export function* eventsOfSteps(steps: Iterable<Step>): Generator<TraceEvent> {
  let chain: Step[] = []
  let previousT = 0
  for (const s of steps) {
    if (s.causedBy !== undefined && chain.length > 0) {
      chain.push(s)
      continue
    }
    if (chain.length > 0) {
      yield eventOfSteps(chain, previousT)
      previousT = chain[chain.length - 1]!.t
    }
    chain = [s]
  }
  if (chain.length > 0) yield eventOfSteps(chain, previousT)
}
