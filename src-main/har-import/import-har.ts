/**
 * Imports a browser recording (HAR) as a trace: streams the file
 * (har-stream.ts), converts each entry (har-converter.ts) and writes each
 * event as soon as it is made (TraceWriter, with backpressure), so memory
 * stays bounded whatever the size of the recording.
 *
 * Never throws for anything in the input: problems are in the summary.
 * It rejects only when the output stream fails (a full disk).
 */
import { stat } from 'node:fs/promises'
import type { Readable } from 'node:stream'
import type { TraceEvent, TraceHeader } from '../trace/schema.js'
import { TraceWriter } from '../trace/writer.js'
import { HarConverter, type ConverterOptions, type HarImportSummary } from './har-converter.js'
import { streamHar } from './har-stream.js'

export interface HarImportOptions extends ConverterOptions {
  signal?: AbortSignal
  /** Bytes read so far and the file's size (null for a stream of unknown size). */
  onProgress?: (bytesRead: number, totalBytes: number | null) => void
  /** Longest string kept from the recording (UTF-16 units); longer ones are left out and named. */
  maxStringChars?: number
}

/** Where the events go: a writable (file, stdout) or a callback (tests, the API). */
export type HarImportSink = NodeJS.WritableStream | ((header: TraceHeader, event: TraceEvent | null) => void)

async function sizeOf(input: string | Readable): Promise<number | null> {
  if (typeof input !== 'string') return null
  try {
    return (await stat(input)).size
  } catch {
    return null
  }
}

/**
 * Imports `input` (a path or a byte stream) into `sink`. With a writable
 * sink the trace is written in format v1 (header first, then one event a
 * line); the stream is ended when the import ends.
 */
export async function importHar(input: string | Readable, sink: HarImportSink, options: HarImportOptions = {}): Promise<HarImportSummary> {
  const converter = new HarConverter(options)
  let writer: TraceWriter | null = null
  let headerGiven = false
  let pending: TraceEvent[] = []
  const header = (): TraceHeader => converter.header()

  const open = (): void => {
    if (typeof sink === 'function') {
      if (!headerGiven) sink(header(), null)
      headerGiven = true
      return
    }
    writer ??= new TraceWriter(sink, header())
  }

  const flush = async (): Promise<void> => {
    if (pending.length === 0) return
    open()
    const events = pending
    pending = []
    for (const e of events) {
      if (typeof sink === 'function') sink(header(), e)
      else {
        try {
          await writer!.write(e)
        } catch (error) {
          // The reader would refuse this event (TraceFormatError): it is left out, and said so.
          if ((error as { name?: string }).name !== 'TraceFormatError') throw error
          converter.problem(null, `event of type ${e.type}`, `not written: ${(error as Error).message}`)
        }
      }
    }
  }

  const result = await streamHar(input, {
    signal: options.signal,
    totalBytes: await sizeOf(input),
    maxStringChars: options.maxStringChars,
    onProgress: options.onProgress,
    skipBody: (entry) => converter.needsNoBody(entry),
    onEntry(entry, index, dropped) {
      converter.noteTime(entry)
      for (const e of converter.convert(entry, index, dropped)) pending.push(e)
    },
    afterChunk: flush,
  })
  await flush()
  const summary = converter.summary
  summary.harVersion = result.version
  summary.creator = result.creator
  summary.stopped = result.stopped
  if (result.stopped !== null) {
    const at = result.stopped.entryIndex !== null ? `log.entries[${result.stopped.entryIndex}]` : 'log'
    const before = `${result.entries} entr${result.entries === 1 ? 'y' : 'ies'}`
    converter.problem(result.stopped.entryIndex, at, `${result.stopped.cancelled ? 'import cancelled' : `reading stopped near byte ${result.stopped.byte}: ${result.stopped.message}`}; the ${before} before it ${result.entries === 1 ? 'was' : 'were'} imported`)
  } else if (result.noEntries) {
    converter.problem(null, 'log.entries', 'missing: not a HAR file (no log.entries list)')
  }
  if (result.version !== null && !/^1\.[12]$/.test(result.version)) converter.problem(null, 'log.version', `HAR version ${result.version}: read as 1.2 (this importer knows 1.1 and 1.2)`)
  open()
  if (writer !== null) await (writer as TraceWriter).close()
  return summary
}

/** The whole trace in memory (tests, small recordings): header and events. */
export async function importHarToMemory(input: string | Readable, options: HarImportOptions = {}): Promise<{ header: TraceHeader; events: TraceEvent[]; summary: HarImportSummary }> {
  const events: TraceEvent[] = []
  let header: TraceHeader | null = null
  const summary = await importHar(
    input,
    (h, e) => {
      header = h
      if (e !== null) events.push(e)
    },
    options,
  )
  return { header: header ?? new HarConverter(options).header(), events, summary }
}
