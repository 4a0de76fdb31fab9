/**
 * Entry of the load worker (node:worker_threads). One job per worker:
 *
 *   index — reads, validates, parses and indexes a trace file into a
 *           workspace file (index-file.ts);
 *   open  — reads an existing workspace file's timeline.
 *
 * The timeline comes back as byte parts, transferred (not copied). Progress
 * is posted every 100 ms; a shared flag set by the main thread cancels.
 */
import { parentPort, workerData } from 'node:worker_threads'
import type { FromWorker, LoadJobSpec, SerializedError } from './protocol.js'

// Each role imports only what it needs, so a worker is ready sooner.

const job = (workerData as { job: LoadJobSpec }).job
const cancelFlag = new Int32Array((workerData as { cancel: SharedArrayBuffer }).cancel)
const cancelled = () => Atomics.load(cancelFlag, 0) !== 0

function post(m: FromWorker, transfer: ArrayBuffer[] = []): void {
  parentPort!.postMessage(m, transfer)
}

async function main(): Promise<void> {
  try {
    switch (job.role) {
      case 'index': {
        const { indexTraceFile } = await import('./index-file.js')
        const { serializeTimeline, transferList } = await import('../persist.js')
        const r = indexTraceFile(job.path, {
          workspacePath: job.workspacePath,
          ...(job.checkpointEvery ? { checkpointEvery: job.checkpointEvery } : {}),
          cancelled,
          onProgress: (bytesRead, events) => post({ type: 'progress', bytesRead, events }),
          source: job.source,
        })
        const parts = serializeTimeline(r.indexer.timeline.cols)
        const transfer = transferList(parts)
        if (r.eventRefs) transfer.push(r.eventRefs.offsets.buffer as ArrayBuffer, r.eventRefs.lengths.buffer as ArrayBuffer)
        post(
          { type: 'indexed', header: r.header, summary: r.summary, engineState: r.engine, parts, steps: r.indexer.timeline.stepCount, events: r.indexer.timeline.cols.eventCount, eventRefs: r.eventRefs },
          transfer,
        )
        r.indexer.close()
        // The timeline is in use already; the workspace file gets its event lines now.
        if (r.finishEvents) {
          r.finishEvents()
          post({ type: 'persisted' })
        }
        return
      }
      case 'open': {
        const { readWorkspaceFile } = await import('../workspace-file.js')
        const { transferList } = await import('../persist.js')
        const opened = readWorkspaceFile(job.workspacePath, { readonly: true })
        opened.db.close()
        post(
          { type: 'opened', meta: opened.meta, parts: opened.parts, steps: opened.steps, events: opened.events },
          transferList(opened.parts),
        )
        return
      }
    }
  } catch (err) {
    if ((err as Error)?.name === 'LoadCancelledError' || cancelled()) post({ type: 'cancelled' })
    else post({ type: 'error', error: await serialize(err) })
  }
}

async function serialize(err: unknown): Promise<SerializedError> {
  try {
    const { serializeError } = await import('./protocol.js')
    return serializeError(err)
  } catch {
    return { name: (err as Error)?.name ?? 'Error', message: (err as Error)?.message ?? String(err) }
  }
}

void main()
