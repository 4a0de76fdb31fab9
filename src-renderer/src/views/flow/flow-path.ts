/**
 * The render → submit → branch path of one session around the playhead:
 * page renders as nodes, submits and branches as labelled links, with clear
 * cache and clone marked (as in Oracle's figure of the wizard).
 */
import type { Step } from '../../transport/api-types.js'

export interface FlowNode {
  step: number
  page: number | null
  app: number | null
  kind: 'render' | 'clone' | 'failed'
  /** Clear-cache tokens applied on the way in. */
  clearCache: string[]
  /** How we got here from the previous node. */
  via: { button: string | null; step: number; branch: 'redirect' | 'show' | 'url' | 'redisplay' | 'clone'; outcome: Step['outcome'] } | null
  current: boolean
}

export function flowPath(steps: readonly (Step | undefined)[], session: number, playhead: number): FlowNode[] {
  const nodes: FlowNode[] = []
  let pendingSubmit: Step | null = null
  for (const s of steps) {
    if (!s || s.session !== session) continue
    const current = s.index === playhead
    if (s.kind === 'accept') {
      if (s.outcome === 'validationFailed') {
        nodes.push({
          step: s.index,
          page: s.page,
          app: s.app,
          kind: 'failed',
          clearCache: [],
          via: { button: buttonOf(s), step: s.index, branch: 'redisplay', outcome: s.outcome },
          current,
        })
        pendingSubmit = null
      } else {
        pendingSubmit = s
        if (current) {
          const last = nodes[nodes.length - 1]
          if (last) last.current = true
        }
      }
      continue
    }
    if (s.kind === 'show' || s.kind === 'clone') {
      const branchPhase = pendingSubmit?.phases.find((p) => p.kind === 'branch')
      const branchType = ((branchPhase?.detail as { type?: string } | undefined)?.type ?? 'redirect') as 'redirect' | 'show'
      const via: FlowNode['via'] =
        s.kind === 'clone'
          ? { button: null, step: s.index, branch: 'clone', outcome: s.outcome }
          : pendingSubmit && s.causedBy === pendingSubmit.index
            ? { button: buttonOf(pendingSubmit), step: pendingSubmit.index, branch: branchType, outcome: pendingSubmit.outcome }
            : { button: null, step: s.index, branch: 'url', outcome: s.outcome }
      nodes.push({
        step: s.index,
        page: s.page,
        app: s.app,
        kind: s.kind === 'clone' ? 'clone' : 'render',
        clearCache: s.request?.clearCache ?? [],
        via,
        current: current || (pendingSubmit !== null && pendingSubmit.index === playhead),
      })
      pendingSubmit = null
    }
  }
  return nodes
}

function buttonOf(s: Step): string | null {
  const r = (s.input as { request?: unknown }).request
  return typeof r === 'string' ? r : null
}
