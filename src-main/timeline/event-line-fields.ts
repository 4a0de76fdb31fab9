/**
 * A few top-level fields of an event's JSON line without parsing the rest.
 *
 * An event line of a recorded trace is mostly its `effects` (kilobytes of
 * before/after images); the step-text index (step-text-index.ts) needs only
 * the words around them — url, request, user, note, the `steps` extension's
 * sessions. Parsing the whole line for them would read a million-event
 * trace's two gigabytes into objects; this walks the top-level keys and
 * skips the values it was not asked for (strings by their closing quote,
 * arrays and objects by bracket depth, jumping from one quote or bracket to
 * the next with a native regex search), and parses only the wanted values.
 */

/** A line that is not a JSON object where this reader expects one. */
export class EventLineError extends Error {
  constructor(message: string, readonly at: number) {
    super(message)
    this.name = 'EventLineError'
  }
}

const QUOTE = 0x22
const BACKSLASH = 0x5c
const OPEN_BRACE = 0x7b
const CLOSE_BRACE = 0x7d
const OPEN_BRACKET = 0x5b
const CLOSE_BRACKET = 0x5d
const COMMA = 0x2c
const COLON = 0x3a

function skipSpace(line: string, i: number): number {
  for (;;) {
    const c = line.charCodeAt(i)
    if (c === 0x20 || c === 0x09 || c === 0x0a || c === 0x0d) i++
    else return i
  }
}

/** `i` is at an opening quote: the index after the closing one. */
function endOfString(line: string, i: number): number {
  let j = i + 1
  for (;;) {
    const q = line.indexOf('"', j)
    if (q < 0) throw new EventLineError('a string is not closed', i)
    // The quote is escaped when an odd number of backslashes precede it.
    let b = q - 1
    while (b > i && line.charCodeAt(b) === BACKSLASH) b--
    if ((q - 1 - b) % 2 === 0) return q + 1
    j = q + 1
  }
}

const STRUCTURE = /["[\]{}]/g

/** `i` is at `[` or `{`: the index after its matching bracket. */
function endOfNested(line: string, i: number): number {
  let depth = 0
  STRUCTURE.lastIndex = i
  for (;;) {
    const m = STRUCTURE.exec(line)
    if (m === null) throw new EventLineError('an array or object is not closed', i)
    const at = m.index
    const c = line.charCodeAt(at)
    if (c === QUOTE) {
      STRUCTURE.lastIndex = endOfString(line, at)
      continue
    }
    if (c === OPEN_BRACE || c === OPEN_BRACKET) depth++
    else if (--depth === 0) return at + 1
  }
}

/** `i` is at a value's first character: the index after the value. */
function endOfValue(line: string, i: number): number {
  const c = line.charCodeAt(i)
  if (c === QUOTE) return endOfString(line, i)
  if (c === OPEN_BRACE || c === OPEN_BRACKET) return endOfNested(line, i)
  // A number, true, false or null: up to the next separator.
  let j = i
  for (;;) {
    const d = line.charCodeAt(j)
    if (d === COMMA || d === CLOSE_BRACE || d === CLOSE_BRACKET || d === 0x20 || d === 0x09 || d === 0x0a || d === 0x0d || Number.isNaN(d)) break
    j++
  }
  if (j === i) throw new EventLineError('a value is missing', i)
  return j
}

function parseValue(text: string, key: string, at: number): unknown {
  try {
    return JSON.parse(text)
  } catch (err) {
    throw new EventLineError(`the value of "${key}" is not JSON: ${(err as Error).message}`, at)
  }
}

/**
 * The `wanted` top-level fields of the JSON object on `line`, each parsed
 * with JSON.parse; fields not present are absent from the result. Throws
 * EventLineError when the line is not a well-formed object at the top level
 * (values that are skipped are only checked for their brackets and quotes).
 */
export function topLevelFields(line: string, wanted: ReadonlySet<string>): Record<string, unknown> {
  const out: Record<string, unknown> = {}
  let i = skipSpace(line, 0)
  if (line.charCodeAt(i) !== OPEN_BRACE) throw new EventLineError('an event line is not a JSON object', i)
  i = skipSpace(line, i + 1)
  if (line.charCodeAt(i) === CLOSE_BRACE) return out
  for (;;) {
    if (line.charCodeAt(i) !== QUOTE) throw new EventLineError('a key is not a string', i)
    const keyEnd = endOfString(line, i)
    const rawKey = line.slice(i + 1, keyEnd - 1)
    const key = rawKey.includes('\\') ? (JSON.parse(line.slice(i, keyEnd)) as string) : rawKey
    i = skipSpace(line, keyEnd)
    if (line.charCodeAt(i) !== COLON) throw new EventLineError(`no ":" after the key "${key}"`, i)
    i = skipSpace(line, i + 1)
    const valueEnd = endOfValue(line, i)
    if (wanted.has(key)) out[key] = parseValue(line.slice(i, valueEnd), key, i)
    i = skipSpace(line, valueEnd)
    const c = line.charCodeAt(i)
    if (c === CLOSE_BRACE) return out
    if (c !== COMMA) throw new EventLineError(`no "," or "}" after the value of "${key}"`, i)
    i = skipSpace(line, i + 1)
  }
}

/**
 * A reader of event lines as the timeline writes them — the operation's
 * fields, then `skip` (the effects array, nearly all of the line), then
 * `"outcome"` and `tail` (the `steps` extension) — that never reads `skip`:
 * the fields before it are read in order, `tail` is found from the end of
 * the line (lastIndexOf) and the fields after it are read in order.
 *
 * The jump is taken only when the line is laid out that way: the text just
 * before the tail key is the end of an array and at most an `"outcome"`
 * word (`],"outcome":"ok","steps":`), so nothing else can sit between the
 * skipped array and the tail — and the caller's `accept` confirms the tail
 * value is the event's own (its step and effect counts), so a `steps` key
 * nested in the effects is not taken for it. Otherwise the whole line is
 * read (topLevelFields): a hand-written recorded trace with a note after
 * its effects still gives its note.
 */
export function eventLineReader(
  wanted: ReadonlySet<string>,
  skip: string,
  tail: string,
): (line: string, accept: (tailValue: unknown) => boolean) => Record<string, unknown> {
  const all = new Set([...wanted, tail])
  const tailKey = `"${tail}"`
  /** What may stand between the skipped array and the tail key. */
  const between = /\]\s*,\s*(?:"outcome"\s*:\s*"[A-Za-z]+"\s*,\s*)?$/
  return (line, accept) => {
    const out: Record<string, unknown> = {}
    let i = skipSpace(line, 0)
    if (line.charCodeAt(i) !== OPEN_BRACE) throw new EventLineError('an event line is not a JSON object', i)
    i = skipSpace(line, i + 1)
    if (line.charCodeAt(i) === CLOSE_BRACE) return out
    let jumped = false
    for (;;) {
      if (line.charCodeAt(i) !== QUOTE) throw new EventLineError('a key is not a string', i)
      const keyEnd = endOfString(line, i)
      const rawKey = line.slice(i + 1, keyEnd - 1)
      const key = rawKey.includes('\\') ? (JSON.parse(line.slice(i, keyEnd)) as string) : rawKey
      i = skipSpace(line, keyEnd)
      if (line.charCodeAt(i) !== COLON) throw new EventLineError(`no ":" after the key "${key}"`, i)
      i = skipSpace(line, i + 1)
      if (key === skip && !jumped) {
        const k = line.lastIndexOf(tailKey)
        if (line.charCodeAt(i) !== OPEN_BRACKET || k <= i || !between.test(line.slice(Math.max(i, k - 64), k))) return topLevelFields(line, all)
        jumped = true
        i = k
        continue
      }
      // The tail is usually the line's last field: its value then runs to the closing brace (JSON.parse checks it), no bracket scan needed.
      const last = jumped && key === tail ? lastValue(line, i) : null
      const valueEnd = last ? last.end : endOfValue(line, i)
      if (last) out[key] = last.value
      else if (all.has(key)) out[key] = parseValue(line.slice(i, valueEnd), key, i)
      if (key === tail && jumped && !accept(out[key])) return topLevelFields(line, all)
      i = skipSpace(line, valueEnd)
      const c = line.charCodeAt(i)
      if (c === CLOSE_BRACE) return out
      if (c !== COMMA) throw new EventLineError(`no "," or "}" after the value of "${key}"`, i)
      i = skipSpace(line, i + 1)
    }
  }
}

/** The line's last value when it starts at `i` and only the object's closing brace follows it; null otherwise. */
function lastValue(line: string, i: number): { value: unknown; end: number } | null {
  let end = line.length - 1
  while (end > i && (line.charCodeAt(end) === 0x20 || line.charCodeAt(end) === 0x0a || line.charCodeAt(end) === 0x0d || line.charCodeAt(end) === 0x09)) end--
  if (line.charCodeAt(end) !== CLOSE_BRACE) return null
  const open = line.charCodeAt(i)
  if (open !== OPEN_BRACKET && open !== OPEN_BRACE) return null
  // JSON.parse decides whether i…end-1 is one value (a later field after a comma would make it fail).
  try {
    return { value: JSON.parse(line.slice(i, end)), end }
  } catch {
    return null
  }
}
