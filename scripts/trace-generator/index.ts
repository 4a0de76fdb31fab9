/**
 * The deterministic trace generator (`npm run gen-trace`): realistic traces
 * of any size, same seed → same file.
 *
 *   - default: a header with the generator's apps (three apps, many pages and
 *     items) and operations only; opening it simulates every event;
 *   - `recorded: true`: a recorded-only trace (no apps) whose events carry
 *     their effects, outcomes and the `steps` extension (trace-steps.ts),
 *     synthesized directly (synth.ts) — fast enough for a million events.
 */
import { createWriteStream } from 'node:fs'
import type { Operation } from '../../src-main/engine/model/operation.js'
import type { TraceEvent, TraceHeader } from '../../src-main/trace/schema.js'
import { TraceWriter } from '../../src-main/trace/writer.js'
import { eventOfSteps } from '../../src-main/timeline/trace-steps.js'
import { DEFAULT_SETTINGS } from '../../src-main/engine/runtime/engine-context.js'
import { GENERATOR_APPS } from './apps.js'
import { journeys } from './journeys.js'
import { Rng } from './rng.js'
import { RecordedSynth } from './synth.js'

export interface GenerateOptions {
  events: number
  /** Concurrent virtual users (default 200). */
  sessions?: number
  seed?: number
  recorded?: boolean
  /** Mean seconds between events (default 1.2). */
  gapSec?: number
}

/** Bumped whenever the same options would give a different trace (caches of generated traces key on it). */
export const GENERATOR_VERSION = 3

export const GENERATOR_SETTINGS = { cloneSessionEnabled: true, maxSessionLengthSec: 28800, maxSessionIdleSec: 1800 }

export function generatorHeader(opts: GenerateOptions): TraceHeader {
  const seed = opts.seed ?? 1
  const base: TraceHeader = {
    format: 'session-trace',
    version: 1,
    title: `Generated: ${opts.events} events, ${opts.sessions ?? 200} users, seed ${seed}${opts.recorded ? ' (recorded)' : ''}`,
    description: 'Written by scripts/gen-trace.ts (scripts/trace-generator): virtual users in a shop, a support desk and an onboarding wizard.',
    seed,
    settings: GENERATOR_SETTINGS,
  }
  return opts.recorded ? base : { ...base, apps: GENERATOR_APPS.map((a) => structuredClone(a)) }
}

/** The events of a generated trace, one by one (nothing is kept). */
export function* generateEvents(opts: GenerateOptions): Generator<TraceEvent> {
  const seed = opts.seed ?? 1
  const rng = new Rng(seed)
  const synth = opts.recorded ? new RecordedSynth(GENERATOR_APPS, seed, { ...DEFAULT_SETTINGS, ...GENERATOR_SETTINGS }) : null
  let previousT = 0
  for (const action of journeys(rng, opts.events, { users: opts.sessions ?? 200, gapSec: opts.gapSec ?? 1.2, ...GENERATOR_SETTINGS })) {
    if (!synth) {
      yield action.op as TraceEvent
      continue
    }
    const steps = synth.run(action.plan, action.op, action.t)
    const event = eventOfSteps(steps, previousT)
    previousT = steps[steps.length - 1]!.t
    yield event
  }
}

/** The operations of a generated trace with apps (what a live user would do), one by one. */
export function* generateOperations(opts: Omit<GenerateOptions, 'recorded'>): Generator<Operation> {
  const rng = new Rng(opts.seed ?? 1)
  for (const action of journeys(rng, opts.events, { users: opts.sessions ?? 200, gapSec: opts.gapSec ?? 1.2, ...GENERATOR_SETTINGS })) yield action.op
}

export function generateTraceText(opts: GenerateOptions): string {
  const lines = [JSON.stringify(generatorHeader(opts))]
  for (const e of generateEvents(opts)) lines.push(JSON.stringify(e))
  return lines.join('\n') + '\n'
}

/** Writes a generated trace to a file, streaming (bounded memory). Returns the number of events. */
export async function writeGeneratedTrace(path: string, opts: GenerateOptions, onProgress?: (events: number) => void): Promise<number> {
  const stream = createWriteStream(path, { highWaterMark: 1 << 20 })
  const writer = new TraceWriter(stream, generatorHeader(opts))
  let n = 0
  try {
    for (const e of generateEvents(opts)) {
      await writer.write(e)
      if (++n % 10_000 === 0) onProgress?.(n)
    }
  } finally {
    await writer.close()
  }
  return n
}
