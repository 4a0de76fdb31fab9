/**
 * Size limits of the trace reader and writer (product decisions, explained at
 * the top of reader.ts), and the walk that finds an over-long item value.
 *
 * The writer applies the same limits as the reader, so Session Scope never
 * writes a trace it would refuse to open.
 */
import type { TraceEvent } from './schema.js'

/** Longest accepted line, in UTF-8 bytes, line break excluded. */
export const DEFAULT_MAX_LINE_BYTES = 8 * 1024 * 1024
/**
 * Longest accepted single item value, in UTF-8 bytes. It lives in the engine's
 * model (the engine caps computed and live values by it, and may not import
 * trace/): one number for what the engine holds and what a trace may carry.
 */
export { MAX_VALUE_BYTES as DEFAULT_MAX_VALUE_BYTES } from '../engine/model/values.js'

export interface OversizedValue {
  path: (string | number)[]
  bytes: number
}

/** UTF-8 length, without encoding the string when its length already decides. */
function exceeds(s: string, maxBytes: number): number | null {
  // Every UTF-16 unit takes 1 to 3 UTF-8 bytes (a surrogate pair: 4 for 2).
  if (s.length * 3 <= maxBytes) return null
  const bytes = Buffer.byteLength(s, 'utf8')
  return bytes > maxBytes ? bytes : null
}

function checkRecord(
  record: Record<string, unknown> | undefined,
  base: (string | number)[],
  maxBytes: number,
): OversizedValue | null {
  if (record === undefined) return null
  for (const [key, v] of Object.entries(record)) {
    if (typeof v !== 'string') continue
    const bytes = exceeds(v, maxBytes)
    if (bytes !== null) return { path: [...base, key], bytes }
  }
  return null
}

function checkOne(v: unknown, path: (string | number)[], maxBytes: number): OversizedValue | null {
  if (typeof v !== 'string') return null
  const bytes = exceeds(v, maxBytes)
  return bytes === null ? null : { path, bytes }
}

/**
 * The first item value in `event` longer than `maxBytes`, or null. Item values
 * are: submit `values`, setState `value`, request `url` (it carries item
 * values), expect `state` and `rows`, and effects' `from`/`to` and inserted
 * `row`. Other strings (notes, causes) are bounded by the line limit only.
 */
export function findOversizedValue(event: TraceEvent, maxBytes: number): OversizedValue | null {
  let found: OversizedValue | null = null
  switch (event.type) {
    case 'submit':
      found = checkRecord(event.values, ['values'], maxBytes)
      break
    case 'setState':
      found = checkOne(event.value, ['value'], maxBytes)
      break
    case 'request':
      found = checkOne(event.url, ['url'], maxBytes)
      break
    case 'expect':
      found = checkRecord(event.state, ['state'], maxBytes)
      for (let i = 0; found === null && i < (event.rows?.length ?? 0); i++) {
        found = checkRecord(event.rows?.[i], ['rows', i], maxBytes)
      }
      break
    default:
      break
  }
  if (found !== null) return found
  const effects = event.effects ?? []
  for (let i = 0; i < effects.length; i++) {
    const effect = effects[i]
    if (effect === undefined) continue
    if (effect.op === 'set' || effect.op === 'userSet') {
      found = checkOne(effect.from, ['effects', i, 'from'], maxBytes) ?? checkOne(effect.to, ['effects', i, 'to'], maxBytes)
    } else if (effect.op === 'insertRow') {
      found = checkRecord(effect.row, ['effects', i, 'row'], maxBytes)
    }
    if (found !== null) return found
  }
  return null
}

/** How limits and sizes read in messages: it lives with the value limit, which the engine names too. */
export { formatBytes } from '../engine/model/values.js'
