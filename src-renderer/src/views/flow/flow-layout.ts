/**
 * Places the engine's flow graph (timeline.flow) with ELK's layered
 * algorithm: left to right, loops drawn as loops (ELK routes an edge from a
 * node to itself around it, and an edge back against the flow as a back
 * edge). The bundled build runs in this thread (no worker file to serve).
 * Positions only: what the graph says comes from the engine.
 */
import type ELK from 'elkjs/lib/elk.bundled.js'
import type { ElkExtendedEdge, ElkNode } from 'elkjs/lib/elk.bundled.js'
import type { FlowEdge, FlowGraph, FlowNode } from './flow-types.js'

export interface PlacedNode {
  node: FlowNode
  x: number
  y: number
  width: number
  height: number
  /** Lines of text inside the box. */
  lines: string[]
}

export interface PlacedEdge {
  edge: FlowEdge
  /** The polyline from source to target. */
  points: { x: number; y: number }[]
  /** A path drawn instead of the polyline: a page's loop on itself (ELK draws it too small to see). */
  loop?: string
  label: { text: string; x: number; y: number; width: number; height: number } | null
}

export interface FlowLayout {
  width: number
  height: number
  nodes: PlacedNode[]
  edges: PlacedEdge[]
}

/** Average glyph width of the diagram's 13 px font, to size boxes before anything is drawn. */
const CHAR = 7.2
const LINE = 16
const PAD = 10

let elk: InstanceType<typeof ELK> | null = null
// Its own chunk, fetched as the app starts: the library is 1.5 MB of JavaScript that the first paint of the state table does not wait for.
const elkLibrary = import('elkjs/lib/elk.bundled.js')

export function nodeLines(n: FlowNode, pageName: (app: number, page: number) => string, windowFrom = 0): string[] {
  if (n.kind === 'start') return ['Start']
  if (n.kind === 'earlier') return [`Before step ${windowFrom}`]
  if (n.kind === 'end') return ['Session ends']
  const name = pageName(n.app!, n.page!)
  return [`Page ${n.page}`, ...(name ? [name] : []), `shown ${n.shows} time${n.shows === 1 ? '' : 's'}`]
}

export function edgeLabel(e: FlowEdge): string {
  const text = edgeWords(e)
  return e.clearCache ? `${text} · clears ${e.clearCache}` : text
}

function edgeWords(e: FlowEdge): string {
  const times = e.count > 1 ? ` ×${e.count}` : ''
  switch (e.kind) {
    case 'branch':
      return `${e.button ?? 'submit'}${times}`
    case 'redisplay':
      return `${e.button ?? 'submit'}: validation failed${times}`
    case 'submit':
      return `${e.button ?? 'submit'}: no page${times}`
    case 'url':
      return `URL${times}`
    case 'clone':
      return 'clone'
    case 'logout':
      return 'logout'
    case 'expired':
      return 'expired'
  }
}

/** A key that changes only when the drawing must be laid out again (nodes, edges or their labels changed). */
export function shapeKey(g: FlowGraph): string {
  return `${g.nodes.map((n) => `${n.id}/${n.shows}`).join(',')}|${g.edges.map((e) => `${e.id}/${e.count}`).join(',')}`
}

export async function layoutFlow(g: FlowGraph, pageName: (app: number, page: number) => string): Promise<FlowLayout> {
  elk ??= new (await elkLibrary).default()
  const lines = new Map(g.nodes.map((n) => [n.id, nodeLines(n, pageName, g.window.from)]))
  const root: ElkNode = {
    id: 'root',
    layoutOptions: {
      'elk.algorithm': 'layered',
      // Top to bottom: the side panel is tall and narrow, and a slide reads a flow downwards too.
      'elk.direction': 'DOWN',
      'elk.edgeRouting': 'POLYLINE',
      'elk.layered.spacing.nodeNodeBetweenLayers': '70',
      'elk.spacing.nodeNode': '36',
      'elk.spacing.edgeLabel': '4',
      // Room around nodes and between edges: a validation failure's loop on a page is drawn big enough to see.
      'elk.spacing.edgeNode': '18',
      'elk.spacing.edgeEdge': '14',
      'elk.edgeLabels.inline': 'false',
      'elk.layered.edgeLabels.sideSelection': 'ALWAYS_UP',
      'elk.padding': '[top=16,left=16,bottom=16,right=16]',
      // The engine sends nodes in first-visit order: an edge to an earlier-visited page is the one drawn
      // going back (the wizard's PREVIOUS, FINISH back to page 1), so the diagram reads as the session went.
      'elk.layered.cycleBreaking.strategy': 'MODEL_ORDER',
    },
    children: g.nodes.map((n) => {
      const text = lines.get(n.id)!
      return { id: n.id, width: Math.max(n.kind === 'page' ? 96 : 70, Math.max(...text.map((t) => t.length)) * CHAR + 2 * PAD), height: text.length * LINE + 2 * PAD - 4 }
    }),
    edges: g.edges.map((e): ElkExtendedEdge => {
      const text = edgeLabel(e)
      return { id: e.id, sources: [e.from], targets: [e.to], labels: [{ id: `${e.id}#label`, text, width: text.length * 6.4 + 8, height: 16 }] }
    }),
  }
  const out = await elk.layout(root)
  const byId = new Map(g.nodes.map((n) => [n.id, n]))
  const edgeById = new Map(g.edges.map((e) => [e.id, e]))
  const nodes = (out.children ?? []).map((c) => ({ node: byId.get(c.id)!, x: c.x ?? 0, y: c.y ?? 0, width: c.width ?? 0, height: c.height ?? 0, lines: lines.get(c.id)! }))
  const placed = new Map(nodes.map((n) => [n.node.id, n]))
  let width = out.width ?? 0
  const edges = (out.edges ?? []).map((e): PlacedEdge => {
    const edge = edgeById.get(e.id)!
    const points = (e.sections ?? []).flatMap((s) => [s.startPoint, ...(s.bendPoints ?? []), s.endPoint])
    const l = e.labels?.[0]
    const label = l ? { text: l.text ?? '', x: l.x ?? 0, y: l.y ?? 0, width: l.width ?? 0, height: l.height ?? 0 } : null
    const n = edge.from === edge.to ? placed.get(edge.from) : undefined
    if (!n) return { edge, points, label }
    // A loop on the node's right side, its label beside it; the drawing widens to hold both.
    const right = n.x + n.width
    const top = n.y + n.height * 0.25
    const bottom = n.y + n.height * 0.75
    const loop = `M${right},${top} C${right + LOOP},${top - LOOP / 2} ${right + LOOP},${bottom + LOOP / 2} ${right},${bottom}`
    const loopLabel = label ? { ...label, x: right + LOOP * 0.8, y: n.y + n.height / 2 - label.height / 2 } : null
    width = Math.max(width, right + LOOP * 0.8 + (loopLabel?.width ?? 0) + 16)
    return { edge, points, label: loopLabel, loop }
  })
  return { width, height: out.height ?? 0, nodes, edges }
}

/** How far a page's loop on itself reaches out of the node. */
const LOOP = 48
