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

export function useFlowGraph(s: AppServices, session: number | null, upTo: number, stepCount: number, workspaceVersion: number): { graph: FlowGraph | null; error: string | null } {
  const [answer, setAnswer] = useState<{ graph: FlowGraph | null; error: string | null }>({ graph: null, error: null })
  const [latest] = useState(latestRequest)
  useEffect(() => {
    if (stepCount === 0) {
      setAnswer({ graph: null, error: null })
      return
    }
    const payload = { upTo: Math.min(upTo, stepCount - 1), ...(session !== null ? { session } : {}) }
    latest.run(() => call(s.api, 'timeline.flow', payload)).then(
      (g) => {
        if (g !== STALE) setAnswer({ graph: g, error: null })
      },
      (err: unknown) => setAnswer({ graph: null, error: err instanceof Error ? err.message : String(err) }),
    )
  }, [s, latest, session, upTo, stepCount, workspaceVersion])
  return answer
}
