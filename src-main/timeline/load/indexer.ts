/**
 * Trace records → timeline. Fed one record at a time by the streaming reader
 * (worker) or the text reader (small traces on the main thread).
 *
 *   - A trace with apps is replayed by the engine (trace/replay.ts) and each
 *     step it produces is appended; the `steps` extension of an exported
 *     trace is removed first (the engine recomputes everything), recorded
 *     effects are still compared (divergences).
 *   - A recorded-only trace is indexed without simulation: each event's
 *     recorded effects become steps (split by the `steps` extension when
 *     present), checked to apply to the state they claim to change.
 *     `expect` lines are checked against the state at that point.
 */
import type { Engine } from '../../engine/engine.js'
import type { Outcome, Step } from '../../engine/model/step.js'
import { hasAppSources } from '../../trace/app-sources.js'
import { TraceFormatError } from '../../trace/errors.js'
import type { TraceRecord } from '../../trace/parse-line.js'
import type { ExpectFailure, ReplaySummary } from '../../trace/replay.js'
import { ExpectLineCollector } from '../../trace/expect-lines.js'
import type { ExpectLineList } from '../../trace/expect-lines.js'
import { Replayer } from '../../trace/replay.js'
import type { Observed, TraceEvent, TraceHeader } from '../../trace/schema.js'
import { AnswerCollector } from '../answer-index.js'
import type { AnswerList } from '../answer-index.js'
import { creationEffects, sessionStateOf } from '../session-state-of.js'
import { TimelineConsistencyError } from '../timeline-columns.js'
import type { EventStore } from '../timeline-columns.js'
import { Timeline } from '../timeline.js'
import { StepsExtensionError, operationOfEvent, stepsOfRecordedEvent } from '../trace-steps.js'

/** What a load found: the replay's own counts and verdicts (ReplaySummary's fields, one definition), and what the workspace keeps of the trace. */
export interface LoadSummary extends Pick<ReplaySummary, 'title' | 'recordedOnly' | 'events' | 'steps' | 'expects' | 'failures' | 'divergences'> {
  /** Real vs simulated (trace/compare-observed.ts): events with a real answer compared, each request's first divergence. */
  observed?: ReplaySummary['observed']
  /** The trace's expect lines with the replay's verdicts (trace/expect-lines.ts), for exercises and timeline markers. */
  exercises?: ExpectLineList
  /** What real servers answered (events' `observed`, from browser recordings), for search (answer-index.ts). */
  answers?: AnswerList
}

export interface IndexerOptions {
  traceDir?: string | null
  events?: EventStore
  checkpointEvery?: number
  /** The engine's store file (traces with apps), so the engine's final state survives the load. */
  storePath?: string
}

export class TraceIndexer {
  readonly timeline: Timeline
  private header: TraceHeader | null = null
  private replayer: Replayer | null = null
  private events = 0
  private previousT = 0
  private lastOutcome: Outcome | null = null
  private expectsTotal = 0
  private readonly failures: ExpectFailure[] = []
  /** Steps the engine produced for the event being fed (one event = one operation and its follow-ups). */
  private chain: Step[] = []
  private readonly expectLines = new ExpectLineCollector()
  private readonly answers = new AnswerCollector()

  constructor(private readonly opts: IndexerOptions = {}) {
    this.timeline = new Timeline({
      ...(opts.events ? { events: opts.events } : {}),
      ...(opts.checkpointEvery ? { checkpointEvery: opts.checkpointEvery } : {}),
    })
  }

  get traceHeader(): TraceHeader | null {
    return this.header
  }

  /** The engine of a trace with apps (it continues where the trace ends). */
  get engine(): Engine | null {
    return this.replayer?.engineInstance ?? null
  }

  get replay(): Replayer | null {
    return this.replayer
  }

  /**
   * One record. `raw` is the event's line as read (recorded traces keep it as
   * their event line; without it the parsed event is written back).
   */
  feed(record: TraceRecord, raw?: string | Uint8Array): void {
    if (record.kind === 'header') {
      this.header = record.header
      if (hasAppSources(record.header)) {
        this.replayer = new Replayer({
          traceDir: this.opts.traceDir ?? null,
          ...(this.opts.storePath ? { storePath: this.opts.storePath } : {}),
          onStep: (s) => this.chain.push(s),
        })
        this.replayer.feed(record)
      }
      return
    }
    if (!this.header) throw new Error('internal: event before header')
    this.events++
    // Listed here, checked below (replayer or checkExpect): the step it follows is the timeline's last so far.
    if (record.event.type === 'expect') this.expectLines.add(record.event, record.line, this.timeline.stepCount > 0 ? this.timeline.stepCount - 1 : null)
    if (this.replayer) {
      this.chain = []
      this.replayer.feed({ kind: 'event', line: record.line, event: operationOfEvent(record.event) })
      if (this.chain.length > 0) {
        try {
          this.timeline.appendEvent(this.chain)
        } catch (err) {
          if (err instanceof TimelineConsistencyError) throw new Error(`internal: the engine's steps for line ${record.line} do not apply to the timeline: ${err.message}`, { cause: err })
          throw err
        }
        const observed = observedOf(record.event)
        if (observed) this.answers.add(observed, this.chain)
      }
      return
    }
    const event = record.event
    if (event.type === 'expect') {
      this.checkExpect(event, record.line)
      return
    }
    this.indexRecorded(event, record.line, raw)
  }

  private indexRecorded(event: TraceEvent, line: number, raw: string | Uint8Array | undefined): void {
    const tl = this.timeline
    let steps
    try {
      steps = stepsOfRecordedEvent(event, tl.stepCount, this.previousT)
    } catch (err) {
      if (err instanceof StepsExtensionError) throw new TraceFormatError('schema', line, err.field, err.message)
      throw err
    }
    try {
      tl.appendEvent(steps, raw ?? JSON.stringify(event))
    } catch (err) {
      if (err instanceof TimelineConsistencyError) {
        let offset = 0
        for (let j = 0; j < err.stepInEvent; j++) offset += steps[j]!.effects.length
        throw new TraceFormatError('schema', line, `effects[${offset + err.effectIndex}]`, `recorded effects do not apply: ${err.message}`)
      }
      throw err
    }
    const observed = observedOf(event)
    if (observed) this.answers.add(observed, steps)
    const last = steps[steps.length - 1]!
    this.previousT = last.t
    this.lastOutcome = last.outcome
  }

  /**
   * An `expect` of a recorded-only trace, checked by the trace module's own
   * rules: a throwaway Replayer is given the state at this point (as effects
   * that create it) and then the expect.
   */
  private checkExpect(event: Extract<TraceEvent, { type: 'expect' }>, line: number): void {
    this.expectsTotal++
    const tl = this.timeline
    const state = sessionStateOf(tl.cols, tl.cols.head)
    const r = new Replayer()
    try {
      r.feed({ kind: 'header', line: 1, header: { format: 'session-trace', version: 1, title: 'expect' } })
      if (this.lastOutcome !== null || state.sessions.size > 0)
        r.feed({ kind: 'event', line: 2, event: { type: 'wait', seconds: 0, t: this.previousT, effects: creationEffects(state), outcome: this.lastOutcome ?? 'ok' } as TraceEvent })
      r.feed({ kind: 'event', line, event })
      const lastStep = tl.stepCount > 0 ? tl.stepCount - 1 : null
      for (const f of r.failures) this.failures.push({ ...f, step: lastStep })
    } finally {
      r.close()
    }
  }

  summary(): LoadSummary {
    if (!this.header) throw new TraceFormatError('empty', 1, null, 'the trace is empty')
    if (this.replayer) {
      const s = this.replayer.summary()
      return {
        title: s.title,
        recordedOnly: false,
        events: s.events,
        steps: this.timeline.stepCount,
        expects: s.expects,
        failures: s.failures,
        divergences: s.divergences,
        ...(s.observed.compared > 0 ? { observed: s.observed } : {}),
        exercises: this.expectLines.result(s.failures),
        ...this.answersPart(),
      }
    }
    const failedLines = new Set(this.failures.map((f) => f.line)).size
    return {
      title: this.header.title,
      recordedOnly: true,
      events: this.events,
      steps: this.timeline.stepCount,
      expects: { total: this.expectsTotal, passed: this.expectsTotal - failedLines, failed: failedLines },
      failures: this.failures,
      divergences: [],
      exercises: this.expectLines.result(this.failures),
      ...this.answersPart(),
    }
  }

  private answersPart(): { answers?: AnswerList } {
    const answers = this.answers.result()
    return answers ? { answers } : {}
  }

  /** Releases the engine (when the caller does not keep it). */
  close(): void {
    this.replayer?.close()
  }
}

/** The real server's answer an event carries (written by the HAR importer), if any. */
function observedOf(event: TraceEvent): Observed | undefined {
  return (event as { observed?: Observed }).observed
}
