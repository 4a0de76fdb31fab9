/**
 * The page flow of one session as a graph (timeline.flow): pages as nodes,
 * the ways between them as edges with their counts — a submit's branch, a
 * validation failure showing the page again, a page opened by URL, a clone,
 * a logout or expiry — and the path the session took up to a point.
 *
 * A loop stays a loop: a page visited three times is one node shown three
 * times, and going back is an edge back to it (Oracle's wizard figure in
 * "How APEX Manages User Session State": render → submit → branch).
 *
 * Scale (1M steps): a step's session and page live only in its event's JSON
 * line, so every step is read once, in order, and reduced to at most one
 * "move" record in typed columns (FlowIndex). The index grows with the
 * timeline: a query first reads only the steps appended since the last one.
 * The moves of one session are chained (next pointer), so a query walks only
 * that session's moves — O(moves of the session), never the whole timeline —
 * and sends at most PATH_LIMIT path entries however long the session is.
 */
import type { Step } from '../engine/model/step.js'

/** How a session got from one node to the next. */
export const FLOW_EDGE_KINDS = [
  /** A page shown by a URL or link (not caused by a submit); from "start" when it is the session's first page. */
  'url',
  /** A submit whose branch (redirect or show) went to the page. */
  'branch',
  /** A submit that failed validation: the same page shown again with its errors. */
  'redisplay',
  /** A submit that led to no page (no branch taken, an error, a dialog closed). */
  'submit',
  /** The session began as a clone of another (APEX_CLONE_SESSION), on this page. */
  'clone',
  /** The session was logged out (it ends). */
  'logout',
  /** A request found the session expired (it ends). */
  'expired',
] as const
export type FlowEdgeKind = (typeof FLOW_EDGE_KINDS)[number]

export interface FlowNode {
  /** "start", "end", or "page:APP:PAGE". */
  id: string
  kind: 'start' | 'end' | 'page'
  app: number | null
  page: number | null
  /** Times the page was shown (rendered) over the session's whole life. */
  shows: number
  /** Times it was shown at or before `upTo`. */
  showsUpTo: number
}

export interface FlowEdge {
  /** Stable for the same way: from, to, kind and button. */
  id: string
  from: string
  to: string
  kind: FlowEdgeKind
  /** The submit's request (button), for branch / redisplay / submit. */
  button: string | null
  /** Times the session went this way over its whole life … */
  count: number
  /** … and at or before `upTo`. */
  countUpTo: number
  /** The first step that went this way. */
  firstStep: number
  /** The last step at or before `upTo` that went this way, or null. */
  lastStepUpTo: number | null
}

export interface FlowGraph {
  /** The session asked for (any ID it had: a login's rotation keeps its flow), or null when there is none. */
  session: number | null
  /** Every ID the session had, oldest first (a login rotates it). */
  sessionIds: number[]
  upTo: number
  nodes: FlowNode[]
  edges: FlowEdge[]
  /** Where the session is at `upTo` (the last node reached), or null before its first move. */
  current: string | null
  /** The moves up to `upTo`, oldest first: the path to the playhead (the last PATH_LIMIT of them). */
  path: { edge: string; step: number }[]
  /** Moves up to `upTo` left out of `path` at its start. */
  pathOmitted: number
  /** All moves of the session (its steps that changed or showed a page). */
  moves: number
}

/** At most this many path entries are sent (the rest are counted in `pathOmitted`). */
export const PATH_LIMIT = 500

/** What the index reads: the timeline (its stored steps and the logical session of an ID). */
export interface FlowSource {
  readonly stepCount: number
  steps(from: number, count: number): Step[]
  /** The logical session (slot) of an ID, stable across a login's rotation; -1 when unknown. */
  slotOfSession(id: number): number
}

const KIND_CODE: Record<FlowEdgeKind, number> = Object.fromEntries(FLOW_EDGE_KINDS.map((k, i) => [k, i])) as Record<FlowEdgeKind, number>
const START = -1
const END = -2
/** A move's `from` meaning "wherever the session was". */
const WHERE_IT_WAS = -3
const READ_CHUNK = 2048

/** Growable Int32 column (the flow index's own: small and local). */
class Column {
  data = new Int32Array(1024)
  length = 0
  push(v: number): void {
    if (this.length === this.data.length) {
      const next = new Int32Array(this.data.length * 2)
      next.set(this.data)
      this.data = next
    }
    this.data[this.length++] = v
  }
}

interface SessionChain {
  first: number
  last: number
  ids: number[]
}

/**
 * Every step of a timeline reduced to page moves, grouped by logical session.
 * Build one per timeline (flowIndexOf) and ask it with flowGraph().
 */
export class FlowIndex {
  /** Steps read so far (the next step to read). */
  indexed = 0
  /** Steps read over the index's life: the work done (tests count it). */
  stepsRead = 0
  // One entry per move.
  private readonly moveStep = new Column()
  private readonly moveFrom = new Column()
  private readonly moveTo = new Column()
  private readonly moveKind = new Column()
  private readonly moveButton = new Column()
  private readonly moveShows = new Column()
  private readonly moveNext = new Column()
  /** Pages as node numbers ≥ 0. */
  private readonly nodeKeys = new Map<string, number>()
  private readonly nodeApp: number[] = []
  private readonly nodePage: number[] = []
  private readonly buttons = new Map<string, number>()
  private readonly buttonNames: string[] = []
  /** Session chains by logical session (slot ≥ 0; IDs with no slot get a key of their own below -1). */
  private readonly chains = new Map<number, SessionChain>()
  private readonly chainOfId = new Map<number, number>()
  /** Submits waiting for their redirect's show: step index → [from node, button]. */
  private readonly pendingRedirects = new Map<number, [number, number]>()

  constructor(private readonly source: FlowSource) {}

  /** Reads the steps appended since the last call. */
  catchUp(): void {
    const total = this.source.stepCount
    while (this.indexed < total) {
      const steps = this.source.steps(this.indexed, Math.min(READ_CHUNK, total - this.indexed))
      if (steps.length === 0) throw new Error(`flow index: the timeline gave no step at ${this.indexed} of ${total}`)
      for (const s of steps) this.read(s)
      this.indexed += steps.length
      this.stepsRead += steps.length
    }
  }

  /** The chain key of a session ID: its logical session, fixed the first time the ID is seen. */
  chainKey(id: number): number {
    let key = this.chainOfId.get(id)
    if (key === undefined) {
      const slot = this.source.slotOfSession(id)
      key = slot >= 0 ? slot : -2 - this.chainOfId.size
      this.chainOfId.set(id, key)
    }
    return key
  }

  private node(app: number, page: number): number {
    const k = `${app}:${page}`
    let n = this.nodeKeys.get(k)
    if (n === undefined) {
      n = this.nodeApp.length
      this.nodeKeys.set(k, n)
      this.nodeApp.push(app)
      this.nodePage.push(page)
    }
    return n
  }

  private button(name: string | null): number {
    if (name === null) return -1
    let b = this.buttons.get(name)
    if (b === undefined) {
      b = this.buttonNames.length
      this.buttons.set(name, b)
      this.buttonNames.push(name)
    }
    return b
  }

  /** One step → at most one move (a submit that redirects waits for its show). */
  private read(s: Step): void {
    if (s.session === null) return
    const pageNode = s.app !== null && s.page !== null ? this.node(s.app, s.page) : null
    if (s.kind === 'show') {
      if (s.outcome === 'expired') return this.add(s, WHERE_IT_WAS, END, 'expired', -1, false)
      if (pageNode === null) return
      const waiting = s.causedBy !== undefined ? this.pendingRedirects.get(s.causedBy) : undefined
      if (waiting) {
        this.pendingRedirects.delete(s.causedBy!)
        return this.add(s, waiting[0], pageNode, 'branch', waiting[1], true)
      }
      return this.add(s, WHERE_IT_WAS, pageNode, 'url', -1, true)
    }
    if (s.kind === 'accept') {
      const input = s.input as { page?: unknown; app?: unknown; request?: unknown }
      const fromPage = typeof input.page === 'number' ? input.page : s.page
      const fromApp = typeof input.app === 'number' ? input.app : s.app
      if (fromPage === null || fromApp === null) return
      const from = this.node(fromApp, fromPage)
      const button = this.button(typeof input.request === 'string' && input.request !== '' ? input.request : null)
      if (s.outcome === 'validationFailed') return this.add(s, from, from, 'redisplay', button, true)
      const branch = s.phases.find((p) => p.kind === 'branch')
      const type = (branch?.detail as { type?: unknown } | undefined)?.type
      // A show branch renders the target in this same request (the step's page is the target).
      if (branch && type === 'show' && pageNode !== null && s.outcome === 'ok') return this.add(s, from, pageNode, 'branch', button, true)
      if (branch && s.outcome === 'ok') {
        this.pendingRedirects.set(s.index, [from, button])
        return
      }
      return this.add(s, from, from, 'submit', button, false)
    }
    if (s.kind === 'clone' && pageNode !== null) return this.add(s, START, pageNode, 'clone', -1, true)
    if (s.kind === 'logout') return this.add(s, WHERE_IT_WAS, END, 'logout', -1, false)
  }

  private add(s: Step, from: number, to: number, kind: FlowEdgeKind, button: number, shows: boolean): void {
    const m = this.moveStep.length
    this.moveStep.push(s.index)
    this.moveFrom.push(from)
    this.moveTo.push(to)
    this.moveKind.push(KIND_CODE[kind])
    this.moveButton.push(button)
    this.moveShows.push(shows ? 1 : 0)
    this.moveNext.push(-1)
    const key = this.chainKey(s.session!)
    const chain = this.chains.get(key)
    if (!chain) this.chains.set(key, { first: m, last: m, ids: [s.session!] })
    else {
      this.moveNext.data[chain.last] = m
      chain.last = m
      if (chain.ids[chain.ids.length - 1] !== s.session) chain.ids.push(s.session!)
    }
  }

  /** The session of the last step at or before `step` that has one (the default session of timeline.flow). */
  sessionAtOrBefore(step: number, stepsOf: (from: number, count: number) => Step[]): number | null {
    // Bounded: looks back at most 256 steps (waits have no session; a long run of them is not a flow).
    for (let i = step; i >= 0 && i > step - 256; i--) {
      const s = stepsOf(i, 1)[0]
      if (s && s.session !== null) return s.session
    }
    return null
  }

  /** The graph of one session's moves, with counts up to `upTo`. */
  graph(session: number | null, upTo: number): FlowGraph {
    this.catchUp()
    const empty: FlowGraph = { session, sessionIds: [], upTo, nodes: [], edges: [], current: null, path: [], pathOmitted: 0, moves: 0 }
    if (session === null) return empty
    const key = this.chainOfId.get(session)
    const chain = key === undefined ? undefined : this.chains.get(key)
    if (!chain) return empty
    const nodeId = (n: number) => (n === START ? 'start' : n === END ? 'end' : `page:${this.nodeApp[n]}:${this.nodePage[n]}`)
    const nodes = new Map<number, FlowNode>()
    const touch = (n: number): FlowNode => {
      let node = nodes.get(n)
      if (!node) {
        node = { id: nodeId(n), kind: n === START ? 'start' : n === END ? 'end' : 'page', app: n >= 0 ? this.nodeApp[n]! : null, page: n >= 0 ? this.nodePage[n]! : null, shows: 0, showsUpTo: 0 }
        nodes.set(n, node)
      }
      return node
    }
    const edges = new Map<string, FlowEdge>()
    const path: { edge: string; step: number }[] = []
    let pathTotal = 0
    let at = START
    let current: number | null = null
    let moves = 0
    for (let m = chain.first; m >= 0; m = this.moveNext.data[m]!) {
      moves++
      const step = this.moveStep.data[m]!
      const from = this.moveFrom.data[m] === WHERE_IT_WAS ? at : this.moveFrom.data[m]!
      const to = this.moveTo.data[m]!
      const kind = FLOW_EDGE_KINDS[this.moveKind.data[m]!]!
      const b = this.moveButton.data[m]!
      const button = b >= 0 ? this.buttonNames[b]! : null
      const id = `${nodeId(from)}>${nodeId(to)}:${kind}${button === null ? '' : `:${button}`}`
      touch(from)
      const target = touch(to)
      let edge = edges.get(id)
      if (!edge) {
        edge = { id, from: nodeId(from), to: nodeId(to), kind, button, count: 0, countUpTo: 0, firstStep: step, lastStepUpTo: null }
        edges.set(id, edge)
      }
      edge.count++
      const shows = this.moveShows.data[m] === 1
      if (shows) target.shows++
      if (step <= upTo) {
        edge.countUpTo++
        edge.lastStepUpTo = step
        if (shows) target.showsUpTo++
        current = to
        path.push({ edge: id, step })
        pathTotal++
        // Keep the newest PATH_LIMIT entries without shifting on every move.
        if (path.length > 2 * PATH_LIMIT) path.splice(0, path.length - PATH_LIMIT)
      }
      // After an end the session is gone; a later move of the same logical session starts again.
      at = to === END ? START : to
    }
    const kept = path.length > PATH_LIMIT ? path.slice(path.length - PATH_LIMIT) : path
    return {
      session,
      sessionIds: [...chain.ids],
      upTo,
      nodes: [...nodes.values()],
      edges: [...edges.values()],
      current: current === null ? null : nodeId(current),
      path: kept,
      pathOmitted: pathTotal - kept.length,
      moves,
    }
  }
}

const indexes = new WeakMap<object, FlowIndex>()

/**
 * The flow index of a timeline, kept while the timeline lives and grown as
 * it grows; rebuilt when the timeline has fewer steps than were read (a
 * failed append was dropped).
 */
export function flowIndexOf(source: FlowSource): FlowIndex {
  let index = indexes.get(source)
  if (!index || index.indexed > source.stepCount) {
    index = new FlowIndex(source)
    indexes.set(source, index)
  }
  return index
}

/** timeline.flow: the flow graph of `session` (default: the session of the step at `upTo`) with counts up to `upTo`. */
export function flowGraph(source: FlowSource, q: { session?: number | null; upTo: number }): FlowGraph {
  if (!Number.isInteger(q.upTo) || q.upTo < -1) throw new RangeError(`upTo must be a step index ≥ -1 (got ${q.upTo})`)
  const index = flowIndexOf(source)
  const session = q.session ?? (q.upTo >= 0 && q.upTo < source.stepCount ? index.sessionAtOrBefore(q.upTo, (f, c) => source.steps(f, c)) : null)
  return index.graph(session, q.upTo)
}
