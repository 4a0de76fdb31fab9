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
 * line, and parsing lines is the cost (measured: ~80 µs a step for a
 * recorded trace's 2 KB lines on the shared machine, so ~90 s for 1M). So
 * the work is bounded: steps are read in blocks of FLOW_BLOCK_SIZE, each
 * block once (a block at the end is read on as steps are appended), each
 * step reduced to at most one "move" in typed columns; a graph counts the
 * blocks around the playhead (FLOW_BLOCKS_BACK before, FLOW_BLOCKS_AHEAD
 * after: up to 10,240 steps, ~1 s to read on the shared machine; every step of most workspaces) and says which
 * (`window`). A block's moves are chained per logical session, so a graph
 * walks only that session's moves, and sends at most PATH_LIMIT path
 * entries however long the session is.
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
  /** "start", "end", "earlier" (before the counted window), or "page:APP:PAGE". */
  id: string
  kind: 'start' | 'end' | 'earlier' | 'page'
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
  /** The ClearCache part of the URL the target page was shown with (e.g. "43,44,45"), when it had one. */
  clearCache: string | null
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
  /**
   * The steps counted, [from, to): the whole timeline up to FLOW_BLOCKS_BACK × FLOW_BLOCK_SIZE
   * steps before the playhead's block and FLOW_BLOCKS_AHEAD blocks after it. When `from` > 0 the
   * session's moves before it are not counted, and its first move in the window starts at "earlier".
   */
  window: { from: number; to: number }
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
/** Where a session was before the window a graph counts (a huge timeline). */
const EARLIER = -4
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

/** The moves of one session inside one block: a chain through the move columns. */
interface Chain {
  first: number
  last: number
}

/** Steps [from, readTo) of one block have been read into moves. */
interface Block {
  readTo: number
  chains: Map<number, Chain>
}

export interface FlowWindowOptions {
  /** Steps per block (the unit read and kept). */
  blockSize?: number
  /** Blocks before the playhead's block that a graph counts. */
  blocksBack?: number
  /** Blocks after it. */
  blocksAhead?: number
}

export const FLOW_BLOCK_SIZE = 2048
export const FLOW_BLOCKS_BACK = 3
export const FLOW_BLOCKS_AHEAD = 1

/**
 * The steps of a timeline reduced to page moves, in blocks of steps read on
 * first use and kept; a graph counts the blocks around the playhead. Build
 * one per timeline (flowIndexOf) and ask it with graph().
 */
export class FlowIndex {
  /** Steps read over the index's life: the work done (tests count it). */
  stepsRead = 0
  private readonly blockSize: number
  private readonly blocksBack: number
  private readonly blocksAhead: number
  // One entry per move.
  private readonly moveStep = new Column()
  private readonly moveFrom = new Column()
  private readonly moveTo = new Column()
  private readonly moveKind = new Column()
  private readonly moveButton = new Column()
  private readonly moveShows = new Column()
  /** Index into clearCacheTexts, or -1. */
  private readonly moveClear = new Column()
  private readonly clearCacheIds = new Map<string, number>()
  private readonly clearCacheTexts: string[] = []
  private readonly moveNext = new Column()
  private readonly moveSession = new Column()
  private readonly sessionIds: number[] = []
  private readonly sessionNumber = new Map<number, number>()
  /** Pages as node numbers ≥ 0. */
  private readonly nodeKeys = new Map<string, number>()
  private readonly nodeApp: number[] = []
  private readonly nodePage: number[] = []
  private readonly buttons = new Map<string, number>()
  private readonly buttonNames: string[] = []
  private readonly blocks = new Map<number, Block>()
  private readonly chainOfId = new Map<number, number>()
  /** Submits waiting for their redirect's show: step index → [from node, button]. */
  private readonly pendingRedirects = new Map<number, [number, number]>()

  constructor(
    private readonly source: FlowSource,
    opts: FlowWindowOptions = {},
  ) {
    this.blockSize = Math.max(1, opts.blockSize ?? FLOW_BLOCK_SIZE)
    this.blocksBack = Math.max(0, opts.blocksBack ?? FLOW_BLOCKS_BACK)
    this.blocksAhead = Math.max(0, opts.blocksAhead ?? FLOW_BLOCKS_AHEAD)
  }

  /** The steps read so far cover at most this many steps of the timeline (a shrunk timeline needs a new index). */
  get highestRead(): number {
    let max = 0
    for (const b of this.blocks.values()) max = Math.max(max, b.readTo)
    return max
  }

  /** Reads block `k` up to the timeline's end (again only the steps appended since). */
  private readBlock(k: number): Block {
    let block = this.blocks.get(k)
    if (!block) {
      block = { readTo: k * this.blockSize, chains: new Map() }
      this.blocks.set(k, block)
    }
    const end = Math.min(this.source.stepCount, (k + 1) * this.blockSize)
    while (block.readTo < end) {
      const steps = this.source.steps(block.readTo, Math.min(READ_CHUNK, end - block.readTo))
      if (steps.length === 0) throw new Error(`flow index: the timeline gave no step at ${block.readTo} of ${this.source.stepCount}`)
      for (const s of steps) {
        this.read(s, block)
        block.readTo++
      }
      this.stepsRead += steps.length
    }
    return block
  }

  /** Whether step `i` has been read into moves. */
  private isRead(i: number): boolean {
    const block = this.blocks.get(Math.floor(i / this.blockSize))
    return block !== undefined && i < block.readTo
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

  /** A submit's page and button: [from node, button], or null when it led nowhere. */
  private submitOf(s: Step): [number, number] | null {
    const input = s.input as { page?: unknown; app?: unknown; request?: unknown }
    const fromPage = typeof input.page === 'number' ? input.page : s.page
    const fromApp = typeof input.app === 'number' ? input.app : s.app
    if (fromPage === null || fromApp === null) return null
    return [this.node(fromApp, fromPage), this.button(typeof input.request === 'string' && input.request !== '' ? input.request : null)]
  }

  /** One step → at most one move (a submit that redirects waits for its show). */
  private read(s: Step, block: Block): void {
    if (s.session === null) return
    const pageNode = s.app !== null && s.page !== null ? this.node(s.app, s.page) : null
    if (s.kind === 'show') {
      if (s.outcome === 'expired') return this.add(s, block, WHERE_IT_WAS, END, 'expired', -1, false)
      if (pageNode === null) return
      if (s.causedBy !== undefined) {
        let waiting = this.pendingRedirects.get(s.causedBy)
        this.pendingRedirects.delete(s.causedBy)
        // Its submit was read with another block (or not at all): read that one step again.
        if (!waiting && !this.isRead(s.causedBy)) {
          const cause = this.source.steps(s.causedBy, 1)[0]
          if (cause?.kind === 'accept') waiting = this.submitOf(cause) ?? undefined
        }
        if (waiting) return this.add(s, block, waiting[0], pageNode, 'branch', waiting[1], true)
      }
      return this.add(s, block, WHERE_IT_WAS, pageNode, 'url', -1, true)
    }
    if (s.kind === 'accept') {
      const submit = this.submitOf(s)
      if (!submit) return
      const [from, button] = submit
      if (s.outcome === 'validationFailed') return this.add(s, block, from, from, 'redisplay', button, true)
      const branch = s.phases.find((p) => p.kind === 'branch')
      const type = (branch?.detail as { type?: unknown } | undefined)?.type
      // A show branch renders the target in this same request (the step's page is the target).
      if (branch && type === 'show' && pageNode !== null && s.outcome === 'ok') return this.add(s, block, from, pageNode, 'branch', button, true)
      if (branch && s.outcome === 'ok') {
        this.pendingRedirects.set(s.index, submit)
        return
      }
      return this.add(s, block, from, from, 'submit', button, false)
    }
    if (s.kind === 'clone' && pageNode !== null) return this.add(s, block, START, pageNode, 'clone', -1, true)
    if (s.kind === 'logout') return this.add(s, block, WHERE_IT_WAS, END, 'logout', -1, false)
  }

  private add(s: Step, block: Block, from: number, to: number, kind: FlowEdgeKind, button: number, shows: boolean): void {
    const m = this.moveStep.length
    const tokens = s.kind === 'show' && s.request?.clearCache.length ? s.request.clearCache.join(',') : null
    let clear = -1
    if (tokens !== null) {
      clear = this.clearCacheIds.get(tokens) ?? -1
      if (clear < 0) {
        clear = this.clearCacheTexts.push(tokens) - 1
        this.clearCacheIds.set(tokens, clear)
      }
    }
    this.moveClear.push(clear)
    let sn = this.sessionNumber.get(s.session!)
    if (sn === undefined) {
      sn = this.sessionIds.push(s.session!) - 1
      this.sessionNumber.set(s.session!, sn)
    }
    this.moveStep.push(s.index)
    this.moveFrom.push(from)
    this.moveTo.push(to)
    this.moveKind.push(KIND_CODE[kind])
    this.moveButton.push(button)
    this.moveShows.push(shows ? 1 : 0)
    this.moveNext.push(-1)
    this.moveSession.push(sn)
    const key = this.chainKey(s.session!)
    const chain = block.chains.get(key)
    if (!chain) block.chains.set(key, { first: m, last: m })
    else {
      this.moveNext.data[chain.last] = m
      chain.last = m
    }
  }

  /** The session of the last step at or before `step` that has one (the default session of timeline.flow). */
  sessionAtOrBefore(step: number): number | null {
    // Bounded: looks back at most 256 steps (waits have no session; a long run of them is not a flow).
    for (let i = step; i >= 0 && i > step - 256; i--) {
      const s = this.source.steps(i, 1)[0]
      if (s && s.session !== null) return s.session
    }
    return null
  }

  /** The steps a graph up to `upTo` counts: whole blocks around the playhead's. */
  windowOf(upTo: number): { from: number; to: number } {
    const total = this.source.stepCount
    // A timeline no longer than the window is counted whole, wherever the playhead is.
    if (total <= (this.blocksBack + this.blocksAhead + 1) * this.blockSize) return { from: 0, to: total }
    const k = Math.floor(Math.max(0, upTo) / this.blockSize)
    const from = Math.max(0, k - this.blocksBack) * this.blockSize
    const to = Math.min(total, (k + this.blocksAhead + 1) * this.blockSize)
    return { from, to: Math.max(from, to) }
  }

  /** The graph of one session's moves in the window around `upTo`, with counts up to `upTo`. */
  graph(session: number | null, upTo: number): FlowGraph {
    const window = this.windowOf(upTo)
    const blocks: Block[] = []
    for (let k = Math.floor(window.from / this.blockSize); k * this.blockSize < window.to; k++) blocks.push(this.readBlock(k))
    const empty: FlowGraph = { session, sessionIds: [], upTo, window, nodes: [], edges: [], current: null, path: [], pathOmitted: 0, moves: 0 }
    if (session === null) return empty
    const key = this.chainOfId.get(session)
    if (key === undefined) return empty
    const nodeId = (n: number) => (n === START ? 'start' : n === END ? 'end' : n === EARLIER ? 'earlier' : `page:${this.nodeApp[n]}:${this.nodePage[n]}`)
    const kindOf = (n: number): FlowNode['kind'] => (n === START ? 'start' : n === END ? 'end' : n === EARLIER ? 'earlier' : 'page')
    const nodes = new Map<number, FlowNode>()
    const touch = (n: number): FlowNode => {
      let node = nodes.get(n)
      if (!node) {
        node = { id: nodeId(n), kind: kindOf(n), app: n >= 0 ? this.nodeApp[n]! : null, page: n >= 0 ? this.nodePage[n]! : null, shows: 0, showsUpTo: 0 }
        nodes.set(n, node)
      }
      return node
    }
    const edges = new Map<string, FlowEdge>()
    const path: { edge: string; step: number }[] = []
    const ids: number[] = []
    let pathTotal = 0
    // A window that starts after step 0 does not know where the session was before it.
    let at = window.from > 0 ? EARLIER : START
    let current: number | null = null
    let moves = 0
    for (const block of blocks) {
      const chain = block.chains.get(key)
      for (let m = chain ? chain.first : -1; m >= 0; m = this.moveNext.data[m]!) {
        moves++
        const step = this.moveStep.data[m]!
        const id0 = this.sessionIds[this.moveSession.data[m]!]!
        if (ids[ids.length - 1] !== id0) ids.push(id0)
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
          edge = { id, from: nodeId(from), to: nodeId(to), kind, button, clearCache: null, count: 0, countUpTo: 0, firstStep: step, lastStepUpTo: null }
          edges.set(id, edge)
        }
        const clear = this.moveClear.data[m]!
        if (clear >= 0) edge.clearCache = this.clearCacheTexts[clear]!
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
    }
    const kept = path.length > PATH_LIMIT ? path.slice(path.length - PATH_LIMIT) : path
    return {
      session,
      sessionIds: ids,
      upTo,
      window,
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
  if (!index || index.highestRead > source.stepCount) {
    index = new FlowIndex(source)
    indexes.set(source, index)
  }
  return index
}

/** timeline.flow: the flow graph of `session` (default: the session of the step at `upTo`) with counts up to `upTo`. */
export function flowGraph(source: FlowSource, q: { session?: number | null; upTo: number }): FlowGraph {
  if (!Number.isInteger(q.upTo) || q.upTo < -1) throw new RangeError(`upTo must be a step index ≥ -1 (got ${q.upTo})`)
  const index = flowIndexOf(source)
  const session = q.session ?? (q.upTo >= 0 && q.upTo < source.stepCount ? index.sessionAtOrBefore(q.upTo) : null)
  return index.graph(session, q.upTo)
}
