/**
 * Reads a HAR file (HTTP Archive 1.1 / 1.2) entry by entry without ever
 * holding the file, or one of its long strings, in memory.
 *
 * stream-json's tokenizer turns the bytes into tokens; this file assembles
 * only what it needs: `log.version`, `log.creator` and each element of
 * `log.entries`, handed to `onEntry` as soon as it is complete and then
 * dropped. Strings arrive in chunks, so a string longer than `maxStringChars`
 * (a 40 MB script a page loaded, say) is counted and replaced by null instead
 * of being assembled; the caller is told which field it was.
 *
 * It never throws: a truncated or malformed file ends the read with
 * `stopped` saying where (byte offset, entry index) and everything complete
 * before that point has already been handed out. A cancel (AbortSignal)
 * stops the same way.
 */
import { createReadStream } from 'node:fs'
import { StringDecoder } from 'node:string_decoder'
import type { Readable } from 'node:stream'
import { jsonParser } from 'stream-json/core/parser.js'
import { none } from 'stream-chain/defs.js'

/** Default longest string kept (UTF-16 units): an APEX page's HTML or a chunked p_json is far below. */
export const DEFAULT_MAX_STRING_CHARS = 16 * 1024 * 1024

/** Longest object key kept (HAR's keys are short words); a longer one is read as LONG_KEY and named. */
export const MAX_KEY_CHARS = 4096
const LONG_KEY = '(key too long)'
/** Longest number text kept; a longer one reads as NaN (a JSON number that long is no HAR value). */
const MAX_NUMBER_CHARS = 1024

export interface HarStreamOptions {
  /** Called with each complete entry (a plain JSON value) and its index in `log.entries`. */
  onEntry(entry: unknown, index: number, dropped: readonly string[]): void
  /** Called after each chunk read: bytes read so far, and the total when known. */
  onProgress?(bytesRead: number, totalBytes: number | null): void
  signal?: AbortSignal
  /** Strings longer than this are replaced by null (and named in `dropped`). */
  maxStringChars?: number
  /** Size of the input when known (a file's size), for progress. */
  totalBytes?: number | null
  /**
   * Asked when an entry's `response.content.text` begins, with the entry as
   * read so far (browsers write `request` and `content.mimeType` before it):
   * true leaves that body out (null) without assembling it.
   */
  skipBody?(entrySoFar: Record<string, unknown> | unknown[]): boolean
  /** Awaited after each chunk: the caller writes what the chunk's entries made (backpressure). */
  afterChunk?: () => Promise<void>
}

export interface HarStreamResult {
  /** `log.version` as written, or null when the file never said. */
  version: string | null
  creator: string | null
  /** Entries handed to onEntry. */
  entries: number
  bytesRead: number
  /** Why and where reading stopped before the end of a well-formed file, or null. */
  stopped: { message: string; byte: number; entryIndex: number | null; cancelled: boolean } | null
  /** `log.entries` was never found (not a HAR file, or stopped before it). */
  noEntries: boolean
}

type Token = { name: string; value?: unknown }

/** A container being assembled: the value, and the key waiting for its value (objects). */
interface Frame {
  value: Record<string, unknown> | unknown[]
  key: string | null
  /** Path of this container from the entry root, for naming dropped strings. */
  path: string
}

/**
 * The token consumer: a small state machine for the levels above an entry
 * (root object → "log" → "entries" array) and a bounded assembler inside one.
 */
class HarAssembler {
  version: string | null = null
  creator: string | null = null
  entries = 0
  sawEntries = false
  /** Index of the entry being assembled, or null between entries. */
  current: number | null = null

  // Outer structure: the depth of containers and where the cursor is.
  private depth = 0
  /** Key last read at each outer depth (depth 1 = root object, 2 = log object). */
  private outerKey: (string | null)[] = []
  private inEntries = false
  /** Depth of the entries array (its elements live at entriesDepth + 1). */
  private entriesDepth = -1
  /** Skipping a value we do not need: depth to return to. */
  private skipUntil = -1

  // Entry assembly.
  private stack: Frame[] = []
  private dropped: string[] = []
  // String assembly: pieces and their length, or over-limit (counting only).
  private pieces: string[] = []
  private pieceLength = 0
  private stringOver = false
  /** Where the string being read goes: 'entry' (inside an entry), 'version', 'creator', or 'skip'. */
  private stringTarget: 'entry' | 'version' | 'creatorName' | 'skip' = 'skip'
  private creatorDepth = -1
  /** A key or number being assembled from its chunks: which, its text so far (while within bounds) and its length. */
  private scalarKind: 'key' | 'number' | null = null
  private scalarText = ''
  private scalarLength = 0

  constructor(
    private readonly onEntry: HarStreamOptions['onEntry'],
    private readonly maxChars: number,
    private readonly skipBody?: HarStreamOptions['skipBody'],
  ) {}

  /**
   * Keys and numbers arrive in chunks too (the parser is told not to pack
   * them: packed, a crafted 400 MB key or number would be one string). They
   * are assembled here up to MAX_KEY_CHARS / MAX_NUMBER_CHARS and handed on
   * as the packed tokens the rest of this class reads.
   */
  consume(raw: Token): void {
    let t = raw
    switch (t.name) {
      case 'startKey':
      case 'startNumber':
        // Fields reused, not an object per key: a recording has millions of keys.
        this.scalarKind = t.name === 'startKey' ? 'key' : 'number'
        this.scalarText = ''
        this.scalarLength = 0
        return
      case 'stringChunk':
      case 'numberChunk':
        if (this.scalarKind !== null) {
          const piece = String(t.value)
          this.scalarLength += piece.length
          // Bounded (4 Ki / 1 Ki characters), so joining by + stays cheap.
          if (this.scalarLength <= (this.scalarKind === 'key' ? MAX_KEY_CHARS : MAX_NUMBER_CHARS)) this.scalarText += piece
          return
        }
        break
      case 'endKey':
      case 'endNumber': {
        const kind = this.scalarKind
        this.scalarKind = null
        if (kind === null) return
        const over = this.scalarLength > (kind === 'key' ? MAX_KEY_CHARS : MAX_NUMBER_CHARS)
        if (kind === 'key') {
          if (over && this.stack.length > 0) this.dropped.push(`${this.stack[this.stack.length - 1]!.path}.(a key of ${this.scalarLength} characters)`)
          t = { name: 'keyValue', value: over ? LONG_KEY : this.scalarText }
        } else t = { name: 'numberValue', value: over ? 'NaN' : this.scalarText }
        this.scalarText = ''
        break
      }
    }
    if (this.stack.length > 0) {
      this.entryToken(t)
      return
    }
    if (this.inEntries && this.depth === this.entriesDepth && (t.name === 'startObject' || t.name === 'startArray')) {
      // A new entry (an array is a bad entry, assembled all the same so the caller can name the problem).
      this.startEntry()
      this.stack.push({ value: t.name === 'startObject' ? {} : [], key: null, path: `log.entries[${this.entries}]` })
      return
    }
    this.outerToken(t)
  }

  private outerToken(t: Token): void {
    switch (t.name) {
      case 'startObject':
      case 'startArray':
        this.depth++
        this.outerKey[this.depth] = null
        if (this.skipUntil === -1) {
          const parentKey = this.outerKey[this.depth - 1]
          if (this.depth === 1 && t.name === 'startObject') break
          if (this.depth === 2 && parentKey === 'log' && t.name === 'startObject') break
          if (this.depth === 3 && parentKey === 'entries' && this.outerKey[1] === 'log' && t.name === 'startArray') {
            this.inEntries = true
            this.sawEntries = true
            this.entriesDepth = 3
            break
          }
          if (this.depth === 3 && parentKey === 'creator' && t.name === 'startObject') {
            this.creatorDepth = 3
            break
          }
          this.skipUntil = this.depth - 1
        }
        break
      case 'endObject':
      case 'endArray':
        if (this.inEntries && this.depth === this.entriesDepth) this.inEntries = false
        if (this.creatorDepth === this.depth) this.creatorDepth = -1
        this.depth--
        if (this.skipUntil === this.depth) this.skipUntil = -1
        break
      case 'keyValue':
        if (this.skipUntil === -1) this.outerKey[this.depth] = String(t.value)
        break
      case 'startString':
        this.beginString(
          this.skipUntil !== -1
            ? 'skip'
            : this.depth === 2 && this.outerKey[1] === 'log' && this.outerKey[2] === 'version'
              ? 'version'
              : this.depth === this.creatorDepth && this.outerKey[this.depth] === 'name'
                ? 'creatorName'
                : this.inEntries && this.depth === this.entriesDepth
                  ? 'entry'
                  : 'skip',
        )
        if (this.stringTarget === 'entry') {
          // A string as an entry: a (bad) entry all the same.
          this.startEntry()
        }
        break
      case 'stringChunk':
        this.addChunk(String(t.value))
        break
      case 'endString': {
        const s = this.endStringValue()
        if (this.stringTarget === 'version') this.version = s
        else if (this.stringTarget === 'creatorName') this.creator = s
        else if (this.stringTarget === 'entry') this.finishEntry(s)
        break
      }
      case 'numberValue':
      case 'nullValue':
      case 'trueValue':
      case 'falseValue':
        if (this.skipUntil === -1 && this.inEntries && this.depth === this.entriesDepth) {
          this.startEntry()
          this.finishEntry(scalar(t))
        }
        break
    }
  }

  private startEntry(): void {
    this.current = this.entries
    this.dropped = []
  }

  private finishEntry(value: unknown): void {
    const index = this.entries++
    this.current = null
    this.onEntry(value, index, this.dropped)
  }

  private entryToken(t: Token): void {
    const top = this.stack[this.stack.length - 1]!
    switch (t.name) {
      case 'startObject':
      case 'startArray': {
        const value: Record<string, unknown> | unknown[] = t.name === 'startObject' ? {} : []
        const path = childPath(top)
        this.put(top, value)
        this.stack.push({ value, key: null, path })
        return
      }
      case 'endObject':
      case 'endArray': {
        const done = this.stack.pop()!
        if (this.stack.length === 0) this.finishEntry(done.value)
        return
      }
      case 'keyValue':
        ;(top as Frame).key = String(t.value)
        return
      case 'startString':
        // A response body the caller does not need (a script, an image) is never assembled.
        this.beginString(this.skipBody !== undefined && top.key === 'text' && this.stack.length === 3 && top.path.endsWith('.response.content') && this.skipBody(this.stack[0]!.value) ? 'skip' : 'entry')
        return
      case 'stringChunk':
        this.addChunk(String(t.value))
        return
      case 'endString': {
        const skipped = this.stringTarget === 'skip'
        const path = childPath(top)
        const s = this.endStringValue()
        if (s === null && !skipped) this.dropped.push(path)
        this.put(top, s)
        return
      }
      default:
        this.put(top, scalar(t))
    }
  }

  private put(frame: Frame, value: unknown): void {
    if (Array.isArray(frame.value)) frame.value.push(value)
    else if (frame.key !== null) {
      // An own data property even for "__proto__", as JSON.parse makes it (plain assignment would set the prototype).
      if (frame.key === '__proto__') Object.defineProperty(frame.value, frame.key, { value, enumerable: true, writable: true, configurable: true })
      else (frame.value as Record<string, unknown>)[frame.key] = value
      frame.key = null
    }
  }

  private beginString(target: HarAssembler['stringTarget']): void {
    this.stringTarget = target
    this.pieces = []
    this.pieceLength = 0
    this.stringOver = false
  }

  private addChunk(s: string): void {
    if (this.stringTarget === 'skip' || this.stringOver) return
    this.pieceLength += s.length
    if (this.pieceLength > this.maxChars) {
      this.stringOver = true
      this.pieces = []
      return
    }
    this.pieces.push(s)
  }

  /** The string just read, or null when it was over the limit (or skipped). */
  private endStringValue(): string | null {
    if (this.stringTarget === 'skip' || this.stringOver) {
      this.pieces = []
      return null
    }
    const s = this.pieces.length === 1 ? this.pieces[0]! : this.pieces.join('')
    this.pieces = []
    return s
  }
}

function childPath(frame: Frame): string {
  return Array.isArray(frame.value) ? `${frame.path}[${frame.value.length}]` : `${frame.path}.${frame.key ?? '?'}`
}

function scalar(t: Token): unknown {
  switch (t.name) {
    case 'numberValue':
      return Number(t.value)
    case 'trueValue':
      return true
    case 'falseValue':
      return false
    default:
      return null
  }
}

/** Many<Token> from stream-chain carries its tokens in `values`; `none` is no tokens. */
function tokensOf(result: unknown): Token[] {
  if (result === none || result === undefined || result === null) return []
  if (Array.isArray(result)) return result as Token[]
  const values = (result as { values?: unknown }).values
  return Array.isArray(values) ? (values as Token[]) : [result as Token]
}

/** Streams a HAR from a file path or a readable of bytes. Never throws. */
export async function streamHar(input: string | Readable, options: HarStreamOptions): Promise<HarStreamResult> {
  const assembler = new HarAssembler(options.onEntry, options.maxStringChars ?? DEFAULT_MAX_STRING_CHARS, options.skipBody)
  const parse = jsonParser({ packKeys: false, streamKeys: true, packStrings: false, streamStrings: true, packNumbers: false, streamNumbers: true })
  const decoder = new StringDecoder('utf8')
  let bytesRead = 0
  let stopped: HarStreamResult['stopped'] = null
  let firstChunk = true
  let source: Readable | null = null
  const stop = (message: string, cancelled = false): void => {
    stopped ??= { message, byte: bytesRead, entryIndex: assembler.current, cancelled }
  }
  const feed = (text: string): void => {
    for (const t of tokensOf(parse(text))) assembler.consume(t)
  }
  try {
    source = typeof input === 'string' ? createReadStream(input, { highWaterMark: 1024 * 1024 }) : input
    for await (const chunk of source) {
      if (options.signal?.aborted) {
        stop('cancelled', true)
        break
      }
      const buf = typeof chunk === 'string' ? Buffer.from(chunk, 'utf8') : (chunk as Buffer)
      bytesRead += buf.length
      let text = decoder.write(buf)
      // A byte-order mark is not JSON; browsers do not write one, editors might.
      if (firstChunk && text.charCodeAt(0) === 0xfeff) text = text.slice(1)
      firstChunk = false
      feed(text)
      options.onProgress?.(bytesRead, options.totalBytes ?? null)
      if (options.afterChunk) await options.afterChunk()
    }
    if (stopped === null) {
      feed(decoder.end())
      // Flush: a file that ends inside a value throws here.
      feed(none as unknown as string)
    }
  } catch (error) {
    stop(describeError(error))
  } finally {
    if (source && !source.destroyed) source.destroy()
  }
  return {
    version: assembler.version,
    creator: assembler.creator,
    entries: assembler.entries,
    bytesRead,
    stopped,
    noEntries: !assembler.sawEntries,
  }
}

function describeError(error: unknown): string {
  const message = error instanceof Error ? error.message : String(error)
  if (/expected a value|expected/i.test(message) || /Parser/i.test(message)) return `not valid JSON (${message.replace(/^Parser cannot parse input: /, '')}); the file may be truncated`
  if ((error as { code?: string }).code === 'ENOENT') return `cannot read the file: ${message}`
  return message
}
