/**
 * Asks the engine for the flow graph (timeline.flow) of a session up to the
 * playhead, again whenever the playhead, the step count or the workspace
 * changes; an answer made stale by a newer question is dropped.
 */
import { useEffect, useState } from 'react'
import { call } from '../../stores/api-call.js'
import type { AppServices } from '../../stores/app-context.js'
import { STALE, latestRequest } from '../../stores/latest-request.js'
import type { FlowGraph } from './flow-types.js'

type FlowAnswer = { graph: FlowGraph | null; error: string | null }
const NONE: FlowAnswer = { graph: null, error: null }

export function useFlowGraph(s: AppServices, session: number | null, upTo: number, stepCount: number, workspaceVersion: number): FlowAnswer {
  // Each answer remembers the workspace it is about: another workspace's graph is never shown, even before its own arrives.
  const [answer, setAnswer] = useState<FlowAnswer & { workspaceVersion: number }>({ ...NONE, workspaceVersion: -1 })
  const [latest] = useState(latestRequest)
  useEffect(() => {
    if (stepCount === 0) return
    const payload = { upTo: Math.min(upTo, stepCount - 1), ...(session !== null ? { session } : {}) }
    latest.run(() => call(s.api, 'timeline.flow', payload)).then(
      (g) => {
        if (g !== STALE) setAnswer({ graph: g, error: null, workspaceVersion })
      },
      (err: unknown) => setAnswer({ graph: null, error: err instanceof Error ? err.message : String(err), workspaceVersion }),
    )
  }, [s, latest, session, upTo, stepCount, workspaceVersion])
  // Derived, not set in the effect: nothing to show without steps, or until this workspace's answer comes.
  if (stepCount === 0 || answer.workspaceVersion !== workspaceVersion) return NONE
  return { graph: answer.graph, error: answer.error }
}
