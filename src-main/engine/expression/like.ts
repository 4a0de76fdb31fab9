/**
 * SQL LIKE: `%` matches any run of characters (including none), `_` exactly
 * one; everything else matches itself, case-sensitively. There is no ESCAPE
 * clause. Patterns can come from item values (user input), so this uses the
 * greedy two-pointer algorithm, O(text × pattern) at worst, rather than a
 * regular expression that could backtrack exponentially.
 */
export function likeMatches(text: string, pattern: string): boolean {
  // Code points, so that `_` matches one character even outside the BMP.
  const s = Array.from(text)
  const p = Array.from(pattern)
  let i = 0
  let j = 0
  let starJ = -1
  let starI = 0
  while (i < s.length) {
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
      return false
    }
  }
  while (p[j] === '%') j++
  return j === p.length
}
