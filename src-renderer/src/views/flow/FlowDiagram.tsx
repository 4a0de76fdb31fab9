/**
 * The flow diagram: one session's pages as nodes and its ways between them
 * as edges with their counts (the engine's timeline.flow), laid out by ELK
 * and drawn as SVG; the path up to the playhead and the page the session is
 * on are highlighted. Zoom (buttons, Ctrl+wheel, + / −, 0 fits), export as
 * SVG or PNG, nodes reachable by Tab and the arrow keys.
 */
import { useCallback, useDeferredValue, useEffect, useMemo, useRef, useState } from 'react'
import type { KeyboardEvent as ReactKeyboardEvent } from 'react'
import { useEngine, useServices } from '../../stores/app-context.js'
import { downloadBlob } from '../app/files.js'
import { pngOfSvg, svgFileText } from './flow-export.js'
import { edgeLabel, layoutFlow, shapeKey } from './flow-layout.js'
import type { FlowLayout, PlacedNode } from './flow-layout.js'
import type { FlowEdge, FlowGraph, FlowNode } from './flow-types.js'
import { useFlowGraph } from './use-flow-graph.js'
import './flow.css'

const MIN_SCALE = 0.25
const MAX_SCALE = 3
const ZOOM_STEP = 1.25
const MAX_SESSION_OPTIONS = 500

/** A node's accessible name: its visible words (axe: label-content-name-mismatch) with the count, e.g. "Page 44 Job: shown 3 times". */
export function nodeName(n: FlowNode, windowFrom = 0, pageName = ''): string {
  if (n.kind === 'start') return 'Start'
  if (n.kind === 'earlier') return `Before step ${windowFrom}`
  if (n.kind === 'end') return 'Session ends'
  return `Page ${n.page}${pageName ? ` ${pageName}` : ''}: shown ${n.shows} time${n.shows === 1 ? '' : 's'}`
}

function edgeTitle(e: FlowEdge, nodes: Map<string, FlowNode>): string {
  const where = (id: string) => {
    const n = nodes.get(id)
    return !n ? id : n.kind === 'page' ? `page ${n.page}` : n.kind === 'start' ? 'the start' : n.kind === 'earlier' ? 'before the counted steps' : 'the end'
  }
  const what =
    e.kind === 'branch'
      ? `Submit ${e.button ?? ''} from ${where(e.from)}, branch to ${where(e.to)}`
      : e.kind === 'redisplay'
        ? `Submit ${e.button ?? ''} on ${where(e.from)} failed validation: shown again`
        : e.kind === 'submit'
          ? `Submit ${e.button ?? ''} on ${where(e.from)}: no page followed`
          : e.kind === 'url'
            ? `${where(e.to)} opened by URL from ${where(e.from)}`
            : e.kind === 'clone'
              ? `Cloned onto ${where(e.to)}`
              : e.kind === 'logout'
                ? `Logged out on ${where(e.from)}`
                : `Found expired on a request after ${where(e.from)}`
  const clears = e.clearCache ? `, clearing the cache of ${e.clearCache} on the way` : ''
  return `${what}${clears}: ${e.count} time${e.count === 1 ? '' : 's'}, ${e.countUpTo} up to this step`
}

/** The step a node leads to: the session's last arrival there up to the playhead, else its first. */
function stepOfNode(g: FlowGraph, id: string): number | null {
  const into = new Map(g.edges.map((e) => [e.id, e.to]))
  for (let i = g.path.length - 1; i >= 0; i--) if (into.get(g.path[i]!.edge) === id) return g.path[i]!.step
  const first = g.edges.filter((e) => e.to === id || e.from === id).map((e) => e.firstStep)
  return first.length ? Math.min(...first) : null
}

/** The node nearest `from` in an arrow key's direction (by box centres), or null. */
function neighbour(nodes: PlacedNode[], from: PlacedNode, key: string): PlacedNode | null {
  const c = (n: PlacedNode) => ({ x: n.x + n.width / 2, y: n.y + n.height / 2 })
  const a = c(from)
  let best: PlacedNode | null = null
  let bestScore = Infinity
  for (const n of nodes) {
    if (n === from) continue
    const b = c(n)
    const dx = b.x - a.x
    const dy = b.y - a.y
    const along = key === 'ArrowRight' ? dx : key === 'ArrowLeft' ? -dx : key === 'ArrowDown' ? dy : -dy
    const across = key === 'ArrowRight' || key === 'ArrowLeft' ? Math.abs(dy) : Math.abs(dx)
    if (along <= 0) continue
    const score = along + 2 * across
    if (score < bestScore) {
      bestScore = score
      best = n
    }
  }
  return best
}

function pathD(points: { x: number; y: number }[]): string {
  return points.map((p, i) => `${i === 0 ? 'M' : 'L'}${p.x.toFixed(1)},${p.y.toFixed(1)}`).join(' ')
}

export function FlowDiagram() {
  const s = useServices()
  // Deferred: the state table paints first when stepping; this view follows a moment later.
  const point = useDeferredValue(useEngine((e) => e.point))
  const stepCount = useEngine((e) => e.stepCount)
  const workspaceVersion = useEngine((e) => e.workspaceVersion)
  const apps = useEngine((e) => e.apps)
  // A label names any session known at the point (the picker reads the session list itself: FlowSessionPicker).
  const knownSessions = useEngine((e) => e.knownSessions)
  // null: follow the session of the step at the playhead. A choice holds for the workspace it was made in (derived, not reset by an effect).
  const [choice, setChoice] = useState<{ session: number | null; workspaceVersion: number }>({ session: null, workspaceVersion })
  const picked = choice.workspaceVersion === workspaceVersion ? choice.session : null
  const setPicked = (session: number | null) => setChoice({ session, workspaceVersion })
  const { graph, error } = useFlowGraph(s, picked, point.step, stepCount, workspaceVersion)

  const pageName = useCallback((app: number, page: number) => apps.find((a) => a.id === app)?.pages.find((p) => p.id === page)?.name ?? '', [apps])
  const [layout, setLayout] = useState<{ key: string; layout: FlowLayout } | null>(null)
  const key = graph ? shapeKey(graph) : ''
  // The layout (ELK, the costly part) follows the graph's shape only: a step that changes counts or the
  // path keeps it. `wanted` is the last shape asked for; an older layout that arrives after it is dropped.
  const wanted = useRef<{ key: string; pageName: typeof pageName } | null>(null)
  useEffect(() => {
    if (!graph || graph.nodes.length === 0) return
    if (wanted.current && wanted.current.key === key && wanted.current.pageName === pageName) return
    const job = { key, pageName }
    wanted.current = job
    layoutFlow(graph, pageName).then(
      (l) => {
        if (wanted.current === job) setLayout({ key, layout: l })
      },
      (err: unknown) => s.actions.reportError(err, 'Could not lay out the flow diagram'),
    )
  }, [graph, key, pageName, s])
  // The drawing of the graph shown now (the previous shape's while a new layout is on its way); none without pages.
  const shown = graph && graph.nodes.length > 0 ? (layout?.layout ?? null) : null
  const drawn = shown !== null

  const [scale, setScale] = useState(1)
  const zoomedByUser = useRef(false)
  const canvasRef = useRef<HTMLDivElement>(null)
  const svgRef = useRef<SVGSVGElement>(null)
  const fit = useCallback(() => {
    const el = canvasRef.current
    if (!el || !layout) return
    const w = el.clientWidth || 600
    const h = el.clientHeight || 400
    setScale(Math.max(MIN_SCALE, Math.min(MAX_SCALE, Math.min(w / layout.layout.width, h / layout.layout.height))))
  }, [layout])
  // A new drawing wider than the panel is fitted to its width (unless the user zoomed); the panel scrolls
  // down the rest, so the words stay readable (Fit and 0 show the whole drawing however small).
  useEffect(() => {
    const el = canvasRef.current
    if (!layout || zoomedByUser.current || !el || !el.clientWidth) return
    setScale(Math.max(MIN_SCALE, Math.min(1, el.clientWidth / layout.layout.width)))
  }, [layout])
  const zoom = useCallback((factor: number) => {
    zoomedByUser.current = true
    setScale((x) => Math.max(MIN_SCALE, Math.min(MAX_SCALE, x * factor)))
  }, [])
  // Ctrl+wheel zooms the diagram, not the page (a non-passive listener: React's wheel listener cannot prevent the page zoom).
  useEffect(() => {
    const el = canvasRef.current
    if (!el) return
    const onWheel = (e: WheelEvent) => {
      if (!e.ctrlKey) return
      e.preventDefault()
      zoom(e.deltaY < 0 ? ZOOM_STEP : 1 / ZOOM_STEP)
    }
    el.addEventListener('wheel', onWheel, { passive: false })
    return () => el.removeEventListener('wheel', onWheel)
    // `drawn`: the canvas comes and goes with the drawing; the listener follows it.
  }, [zoom, drawn])

  const onKeyDown = (e: ReactKeyboardEvent) => {
    if (e.ctrlKey || e.metaKey || e.altKey) return
    // preventDefault: the window's shortcuts (+/− playback speed) leave a handled key alone.
    if (e.key === '+' || e.key === '=') {
      e.preventDefault()
      zoom(ZOOM_STEP)
    } else if (e.key === '-' || e.key === '_') {
      e.preventDefault()
      zoom(1 / ZOOM_STEP)
    } else if (e.key === '0') {
      e.preventDefault()
      zoomedByUser.current = true
      fit()
    }
  }

  const nodesById = useMemo(() => new Map((graph?.nodes ?? []).map((n) => [n.id, n])), [graph])
  const edgesById = useMemo(() => new Map((graph?.edges ?? []).map((e) => [e.id, e])), [graph])
  const lastEdge = graph && graph.path.length > 0 ? graph.path[graph.path.length - 1]!.edge : null
  const sessionLabel = (id: number | null) => {
    if (id === null) return ''
    const found = [...knownSessions.values()].find((x) => x.id === id || (graph?.sessionIds.includes(x.id) ?? false))
    return found?.alias ? `${found.alias} (…${String(id).slice(-4)})` : `…${String(id).slice(-6)}`
  }
  const nodeRefs = useRef(new Map<string, SVGGElement>())
  // The session's page stays in view as the playhead moves (a tall diagram scrolls in its panel).
  const currentId = graph?.current ?? null
  useEffect(() => {
    if (currentId === null) return
    const el = nodeRefs.current.get(currentId)
    if (el && typeof el.scrollIntoView === 'function') el.scrollIntoView({ block: 'nearest', inline: 'nearest' })
  }, [currentId, shown, scale])

  const onNodeKey = (e: ReactKeyboardEvent, n: PlacedNode) => {
    if (!shown || !graph) return
    if (e.key.startsWith('Arrow')) {
      e.preventDefault()
      const next = neighbour(shown.nodes, n, e.key)
      if (next) nodeRefs.current.get(next.node.id)?.focus()
    } else if (e.key === 'Home' || e.key === 'End') {
      e.preventDefault()
      const target = e.key === 'Home' ? shown.nodes[0] : shown.nodes[shown.nodes.length - 1]
      if (target) nodeRefs.current.get(target.node.id)?.focus()
    } else if (e.key === 'Enter' || e.key === ' ') {
      e.preventDefault()
      const step = stepOfNode(graph, n.node.id)
      if (step !== null) void s.actions.goTo({ step, phase: null })
    }
  }

  const exportAs = async (kind: 'svg' | 'png') => {
    const svg = svgRef.current
    if (!svg || !shown) return
    const bg = getComputedStyle(document.documentElement).getPropertyValue('--bg').trim() || '#ffffff'
    const text = svgFileText(svg, shown.width, shown.height, bg)
    const name = `flow-${sessionLabel(graph?.session ?? null).replace(/[^A-Za-z0-9]+/g, '-').replace(/^-|-$/g, '') || 'session'}-step-${point.step}`
    try {
      if (kind === 'svg') downloadBlob(`${name}.svg`, new Blob([text], { type: 'image/svg+xml' }))
      else downloadBlob(`${name}.png`, await pngOfSvg(text, shown.width, shown.height))
    } catch (err) {
      s.actions.reportError(err, `Could not export the flow diagram as ${kind.toUpperCase()}`)
    }
  }

  return (
    // The panel's keys (+, −, 0) are shortcuts for the Zoom buttons beside them, caught as they bubble up
    // from whatever inside has focus (a page node, a button): the tab panel itself is no control.
    // eslint-disable-next-line jsx-a11y-x/no-noninteractive-element-interactions
    <section id="view-flow" className="panel flow" aria-label="Flow diagram" tabIndex={-1} role="tabpanel" onKeyDown={onKeyDown}>
      <h2>
        Flow{graph?.session ? <span className="muted"> · session {sessionLabel(graph.session)}</span> : null}
      </h2>
      <div className="flow-tools" role="group" aria-label="Flow diagram tools">
        <FlowSessionPicker picked={picked} setPicked={setPicked} />
        <span className="flow-zoom" role="group" aria-label="Zoom">
          <button type="button" onClick={() => zoom(1 / ZOOM_STEP)} aria-label="Zoom out" title="Zoom out (−, Ctrl+wheel)">
            −
          </button>
          <output className="flow-scale" data-testid="flow-scale" aria-live="polite">
            {Math.round(scale * 100)}%
          </output>
          <button type="button" onClick={() => zoom(ZOOM_STEP)} aria-label="Zoom in" title="Zoom in (+, Ctrl+wheel)">
            +
          </button>
          <button
            type="button"
            onClick={() => {
              zoomedByUser.current = true
              fit()
            }}
            title="Fit the diagram in the panel (0)"
          >
            Fit
          </button>
        </span>
        <button type="button" onClick={() => void exportAs('svg')} disabled={!shown} title="Download the diagram as SVG (for slides)">
          SVG
        </button>
        <button type="button" onClick={() => void exportAs('png')} disabled={!shown} title="Download the diagram as PNG (twice the size, for slides)">
          PNG
        </button>
      </div>
      {error ? <p className="muted pad">Could not get the flow: {error}</p> : null}
      {!error && (!graph || graph.nodes.length === 0) ? <p className="muted pad">No page flow for this step’s session.</p> : null}
      {shown && graph ? (
        <div className="flow-canvas" ref={canvasRef} data-testid="flow-canvas">
          <svg
            ref={svgRef}
            className="flow-svg"
            data-testid="flow-svg"
            role="group"
            aria-label={`Page flow of session ${sessionLabel(graph.session)} up to step ${graph.upTo}`}
            width={Math.ceil(shown.width * scale)}
            height={Math.ceil(shown.height * scale)}
            viewBox={`0 0 ${Math.ceil(shown.width)} ${Math.ceil(shown.height)}`}
          >
            <defs>
              <marker id="flow-arrow" viewBox="0 0 10 10" refX="9" refY="5" markerUnits="userSpaceOnUse" markerWidth="11" markerHeight="11" orient="auto-start-reverse">
                <path d="M0,0 L10,5 L0,10 z" className="flow-arrowhead" />
              </marker>
              <marker id="flow-arrow-on" viewBox="0 0 10 10" refX="9" refY="5" markerUnits="userSpaceOnUse" markerWidth="11" markerHeight="11" orient="auto-start-reverse">
                <path d="M0,0 L10,5 L0,10 z" className="flow-arrowhead on" />
              </marker>
            </defs>
            <g>
              {shown.edges.map((pe) => {
                const e = edgesById.get(pe.edge.id) ?? pe.edge
                const on = e.countUpTo > 0
                return (
                  <g
                    key={e.id}
                    className={`flow-edge kind-${e.kind}${on ? ' traversed' : ''}${e.id === lastEdge ? ' last' : ''}`}
                    data-testid="flow-edge"
                    data-edge={e.id}
                    data-kind={e.kind}
                    data-from={e.from}
                    data-to={e.to}
                    data-count={e.count}
                    data-count-up-to={e.countUpTo}
                  >
                    <title>{edgeTitle(e, nodesById)}</title>
                    <path d={pe.loop ?? pathD(pe.points)} markerEnd={`url(#${on ? 'flow-arrow-on' : 'flow-arrow'})`} />
                    {pe.label ? (
                      <text x={pe.loop ? pe.label.x : pe.label.x + pe.label.width / 2} y={pe.label.y + pe.label.height - 4} textAnchor={pe.loop ? 'start' : 'middle'} className="flow-edge-label">
                        {edgeLabel(e)}
                      </text>
                    ) : null}
                  </g>
                )
              })}
            </g>
            <g>
              {shown.nodes.map((pn) => {
                const n = nodesById.get(pn.node.id) ?? pn.node
                const current = graph.current === n.id
                const visited = n.showsUpTo > 0 || (n.kind !== 'page' && graph.path.length > 0 && (n.kind === 'start' || current))
                return (
                  <g
                    key={n.id}
                    ref={(el) => {
                      if (el) nodeRefs.current.set(n.id, el)
                      else nodeRefs.current.delete(n.id)
                    }}
                    className={`flow-node kind-${n.kind}${visited ? ' visited' : ''}${current ? ' current' : ''}`}
                    transform={`translate(${pn.x},${pn.y})`}
                    tabIndex={0}
                    role="button"
                    aria-label={nodeName(n, graph.window.from, n.kind === 'page' ? pageName(n.app!, n.page!) : '')}
                    aria-current={current ? 'location' : undefined}
                    data-testid="flow-node"
                    data-node={n.id}
                    data-page={n.page ?? ''}
                    data-shows={n.shows}
                    onKeyDown={(e) => onNodeKey(e, pn)}
                    onClick={() => {
                      const step = stepOfNode(graph, n.id)
                      if (step !== null) void s.actions.goTo({ step, phase: null })
                    }}
                  >
                    <rect width={pn.width} height={pn.height} rx={n.kind === 'page' ? 6 : pn.height / 2} />
                    <text className="flow-node-text">
                      {pn.lines.map((line, i) => (
                        <tspan key={i} x={pn.width / 2} y={10 + 13 + i * 16} textAnchor="middle" className={i === 0 ? 'flow-node-title' : undefined}>
                          {/* A space between lines: the node's text reads as words (and matches its accessible name). */}
                          {i < pn.lines.length - 1 ? `${line} ` : line}
                        </tspan>
                      ))}
                    </text>
                  </g>
                )
              })}
            </g>
          </svg>
        </div>
      ) : null}
      {graph && (graph.window.from > 0 || graph.window.to < stepCount) ? (
        <p className="muted pad" data-testid="flow-window">
          A long timeline: counted over steps {graph.window.from}–{graph.window.to - 1} around the playhead.
        </p>
      ) : null}
      {graph && graph.pathOmitted > 0 ? <p className="muted pad">The path shows the last {graph.path.length} moves of {graph.path.length + graph.pathOmitted}.</p> : null}
    </section>
  )
}

/**
 * The flow's session picker: the only part of the diagram that reads the session list, which arrives
 * ~250 ms after a jump (and again when the playhead rests) — the diagram around it is not rendered again then.
 */
function FlowSessionPicker({ picked, setPicked }: { picked: number | null; setPicked(session: number | null): void }) {
  const sessions = useEngine((e) => e.sessions)
  const sessionOptions = useMemo(() => {
    const list = sessions.slice(0, MAX_SESSION_OPTIONS)
    if (picked !== null && !list.some((x) => x.id === picked)) {
      const p = sessions.find((x) => x.id === picked)
      if (p) list.push(p)
    }
    return list
  }, [sessions, picked])
  return (
    <label className="inline">
      <span className="sr-only">Session</span>
      <select aria-label="Session shown in the flow diagram" data-testid="flow-session" value={picked === null ? '' : String(picked)} onChange={(e) => setPicked(e.target.value === '' ? null : Number(e.target.value))}>
        <option value="">The step’s session</option>
        {sessionOptions.map((x) => (
          <option key={x.id} value={String(x.id)}>
            {x.alias ? `${x.alias} · ` : ''}…{String(x.id).slice(-6)}
          </option>
        ))}
      </select>
    </label>
  )
}
