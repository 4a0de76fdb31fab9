/**
 * SQL LIKE: `%` matches any run of characters (including none), `_` exactly
 * one; everything else matches itself, case-sensitively. There is no ESCAPE
 * clause. Patterns can come from item values (user input), so this uses the
 * greedy two-pointer algorithm (retry from the last `%` only), never a
 * regular expression that could backtrack exponentially.
 *
 * Greedy matching is linear for the usual patterns but O(text × pattern) at
 * worst (`%aaaa…b` against `aaaa…`): a 1 MiB text against a 1 MiB pattern
 * would run for minutes on the host's only engine thread. So every step is
 * counted and a match that needs more than MAX_LIKE_STEPS stops with an
 * ExpressionLimitError (an error step), never a hang.
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
