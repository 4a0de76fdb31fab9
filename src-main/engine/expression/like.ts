/**
 * SQL LIKE: `%` matches any run of characters (including none), `_` exactly
 * one; everything else matches itself, case-sensitively. There is no ESCAPE
 * clause. Patterns can come from item values (user input), so this uses the
 * greedy two-pointer algorithm (retry from the last `%` only), never a
 * regular expression that could backtrack exponentially.
 *
 * Patterns without `_` (the usual ones) are matched piece by piece with
 * `indexOf`: linear. With `_`, greedy matching is linear for the usual
 * patterns but O(text × pattern) at worst (`%a_a_…b` against `aaaa…`): a
 * 1 MiB text against a 1 MiB pattern would run for minutes on the host's only
 * engine thread. So every step is counted and a match that needs more than
 * MAX_LIKE_STEPS stops with an ExpressionLimitError (an error step), never a
 * hang.
 */
import { ExpressionLimitError } from './limit-error.js'

/**
 * Work allowed for one LIKE: 20 million character comparisons, a few tens of
 * milliseconds. Twenty times a 1 MiB value, so any linear-time match of
 * values the engine can hold fits with room to spare.
 */
export const MAX_LIKE_STEPS = 20_000_000

export interface LikeOutcome {
  matches: boolean
  /** Character comparisons and pattern moves made: the work counter the bound applies to. */
  steps: number
}

/** Whether `text` is LIKE `pattern`; throws ExpressionLimitError past `maxSteps`. */
export function likeMatches(text: string, pattern: string, maxSteps: number = MAX_LIKE_STEPS): boolean {
  return likeMatch(text, pattern, maxSteps).matches
}

/** `likeMatches` with its work count, so tests can bound the work without a clock. */
export function likeMatch(text: string, pattern: string, maxSteps: number = MAX_LIKE_STEPS): LikeOutcome {
  if (!pattern.includes('_') && isWellFormed(pattern)) return literalSegmentsMatch(text, pattern)
  return greedyMatch(text, pattern, maxSteps)
}

/** Lone surrogates: a pattern without them matches on UTF-16 units exactly as on code points. */
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/

function isWellFormed(s: string): boolean {
  return !LONE_SURROGATE.test(s)
}

/**
 * A pattern of literal text and `%` only: the first piece must start the text,
 * the last end it, and each piece between is taken at its leftmost place after
 * the previous one (leftmost is never worse for what follows). Each search is
 * the engine's own `indexOf`, linear in the text searched, and each search
 * starts where the last one ended: linear work overall, counted as text plus
 * pattern length.
 */
function literalSegmentsMatch(text: string, pattern: string): LikeOutcome {
  const steps = text.length + pattern.length
  const pieces = pattern.split('%')
  if (pieces.length === 1) return { matches: text === pattern, steps }
  const first = pieces[0]!
  const last = pieces[pieces.length - 1]!
  if (first.length + last.length > text.length || !text.startsWith(first) || !text.endsWith(last)) return { matches: false, steps }
  let from = first.length
  const end = text.length - last.length
  for (let i = 1; i < pieces.length - 1; i++) {
    const piece = pieces[i]!
    if (piece === '') continue
    const at = text.indexOf(piece, from)
    if (at < 0 || at + piece.length > end) return { matches: false, steps }
    from = at + piece.length
  }
  return { matches: true, steps }
}

/** Any pattern: greedy two-pointer matching on code points, retrying from the last `%`. */
function greedyMatch(text: string, pattern: string, maxSteps: number): LikeOutcome {
  // Code points, so that `_` matches one character even outside the BMP.
  const s = Array.from(text)
  const p = Array.from(pattern)
  let i = 0
  let j = 0
  let starJ = -1
  let starI = 0
  let steps = 0
  while (i < s.length) {
    if (++steps > maxSteps) {
      throw new ExpressionLimitError(
        `LIKE needs more than ${maxSteps} steps (text of ${s.length} characters, pattern of ${p.length}); simplify the pattern`,
      )
    }
    const pc = p[j]
    if (pc !== undefined && pc !== '%' && (pc === '_' || pc === s[i])) {
      i++
      j++
    } else if (pc === '%') {
      starJ = j
      starI = i
      j++
    } else if (starJ >= 0) {
      // Let the last `%` swallow one more character and retry from there.
      j = starJ + 1
      starI++
      i = starI
    } else {
      return { matches: false, steps }
    }
  }
  while (p[j] === '%') {
    j++
    steps++
  }
  return { matches: j === p.length, steps }
}
