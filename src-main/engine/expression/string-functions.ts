/**
 * Oracle's character functions on non-null text. Lengths and positions count
 * characters (Unicode code points, as LENGTH does in an AL32UTF8 database),
 * not UTF-16 units. Every result that would be '' is null.
 */

/**
 * SUBSTR(text, position[, length]): 1-based; position 0 counts as 1; a negative
 * position counts back from the end; fractional arguments are truncated; a
 * start outside the text or a length below 1 gives null.
 */
export function substr(text: string, position: number, length?: number): string | null {
  const chars = Array.from(text)
  const pos = Math.trunc(position)
  const start = pos > 0 ? pos - 1 : pos === 0 ? 0 : chars.length + pos
  if (start < 0 || start >= chars.length) return null
  let end = chars.length
  if (length !== undefined) {
    const len = Math.trunc(length)
    if (len < 1) return null
    end = Math.min(chars.length, start + len)
  }
  return nullIfEmpty(chars.slice(start, end).join(''))
}

/** TRIM(text): removes leading and trailing spaces (only U+0020, as Oracle's default TRIM). */
export function trimSpaces(text: string): string | null {
  let start = 0
  let end = text.length
  // Loops rather than / +$/, which backtracks quadratically on long runs of spaces.
  while (start < end && text[start] === ' ') start++
  while (end > start && text[end - 1] === ' ') end--
  return nullIfEmpty(text.slice(start, end))
}

/** LENGTH(text) in characters. */
export function characterLength(text: string): number {
  let n = 0
  for (const _ of text) n++
  return n
}

export function nullIfEmpty(text: string): string | null {
  return text === '' ? null : text
}
