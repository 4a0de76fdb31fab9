/**
 * Work the engine does while nobody waits for it: a job made of small parts
 * (a generator that yields between them), run in slices of about SLICE_MS
 * between requests. A slice runs only once the engine has had no request for
 * IDLE_MS, and ends at the first yield after its time is up, so a request
 * arriving meanwhile waits for at most one slice's remainder plus one part.
 * What the job builds must also be buildable on demand: a request that needs
 * it before the job got there finishes (or repeats) the work itself, with
 * runWhole (work-slices.ts: the one way to run sliced work to its end).
 *
 * Used after a workspace opens: the indexes the queries need, then the
 * answers End and what follows it ask for (engine-service.ts, docs/decisions.md).
 */

/** Work per slice: a request arriving during one waits for its end (a key press is then one frame late at most). */
export const SLICE_MS = 8
/** Quiet time (no request) before a slice runs: a window asking its first answers is not slowed by the job. */
export const IDLE_MS = 20

export interface IdleWorkOptions {
  /** When the engine last received a request (by `now`). */
  lastRequestAt: () => number
  /** False once the work is no longer wanted (another workspace opened, the service closed): it stops. */
  keepGoing: () => boolean
  now?: () => number
  /** Runs `fn` after `ms` (0: as soon as pending I/O is served). */
  schedule?: (fn: () => void, ms: number) => void
  sliceMs?: number
  idleMs?: number
}

const defaultSchedule = (fn: () => void, ms: number) => {
  if (ms <= 0) setImmediate(fn)
  else setTimeout(fn, ms).unref?.()
}

/**
 * Runs `job` in idle slices. The promise resolves once the job has ended, stopped (keepGoing false) or
 * failed — a failure is the job's own business (what it builds is built again on demand), never the caller's.
 */
export function runWhenIdle(job: Generator<void, void>, opts: IdleWorkOptions): Promise<'done' | 'stopped' | 'failed'> {
  const now = opts.now ?? (() => performance.now())
  const schedule = opts.schedule ?? defaultSchedule
  const sliceMs = opts.sliceMs ?? SLICE_MS
  const idleMs = opts.idleMs ?? IDLE_MS
  return new Promise((resolve) => {
    const tick = () => {
      if (!opts.keepGoing()) {
        // Closed, so the job's own clean-up (a finally) runs now, as it does when the job ends or fails.
        job.return(undefined)
        return resolve('stopped')
      }
      const quietFor = now() - opts.lastRequestAt()
      if (quietFor < idleMs) return schedule(tick, idleMs - quietFor)
      const start = now()
      try {
        do {
          if (job.next().done) return resolve('done')
        } while (now() - start < sliceMs)
      } catch {
        return resolve('failed')
      }
      schedule(tick, 0)
    }
    schedule(tick, 0)
  })
}
