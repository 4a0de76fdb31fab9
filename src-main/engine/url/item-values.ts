/**
 * The itemValues list of an f?p URL: comma-separated values, where a value
 * that contains commas is wrapped in backslashes (`\123,45\`, reference §1.2).
 *
 * Reading rule, taken from APEX 24.2's own link parser (`pd.splitApexUrl`,
 * regex `(\\[^\\]*\\)|[^,]*`): a slot that starts with `\` is wrapped when
 * the *next* backslash ends the slot (is followed by `,`, the end, or — inside
 * an f?p URL — the `:` that ends the part). The wrapping backslashes are then
 * removed. Otherwise the slot is read literally up to the next comma,
 * backslashes included; an unclosed `\` is therefore not an error.
 *
 * Decision (reference §1.2 marks it [U]): inside an f?p URL a wrapped value
 * may also contain raw colons, since APEX's link parser allows it there.
 */

export interface ItemValueSlot {
  /** Offset of the slot's content in the scanned string (after an opening backslash). */
  start: number
  /** End (exclusive) of the content (before a closing backslash). */
  end: number
  wrapped: boolean
}

export interface ItemValueScan {
  slots: ItemValueSlot[]
  /** Where scanning stopped: `end`, or the offset of the unwrapped `:` that ends the part. */
  stop: number
}

/**
 * Scans s[start, end) into slots without decoding them. An empty list ("")
 * has zero slots, not one empty slot: no values at all. With `stopAtColon`
 * the list ends at the first `:` outside a wrapped value (the f?p part separator).
 */
export function scanItemValues(s: string, start: number, end: number, stopAtColon: boolean): ItemValueScan {
  const slots: ItemValueSlot[] = []
  let i = start
  if (i >= end || (stopAtColon && s.charAt(i) === ':')) return { slots, stop: i }
  for (;;) {
    let wrappedEnd = -1
    if (s.charAt(i) === '\\') {
      const close = s.indexOf('\\', i + 1)
      if (close !== -1 && close < end && endsSlot(s, close + 1, end, stopAtColon)) wrappedEnd = close
    }
    if (wrappedEnd >= 0) {
      slots.push({ start: i + 1, end: wrappedEnd, wrapped: true })
      i = wrappedEnd + 1
    } else {
      let k = i
      while (!endsSlot(s, k, end, stopAtColon)) k++
      slots.push({ start: i, end: k, wrapped: false })
      i = k
    }
    if (i < end && s.charAt(i) === ',') {
      i++ // a trailing comma still opens one more (empty) slot
      continue
    }
    return { slots, stop: i }
  }
}

/** Whether offset i ends a slot: the end, a comma, or (inside an f?p URL) the part's colon. A function, not a closure per scan. */
function endsSlot(s: string, i: number, end: number, stopAtColon: boolean): boolean {
  return i >= end || s.charAt(i) === ',' || (stopAtColon && s.charAt(i) === ':')
}

/**
 * Splits an itemValues list into values; empty slots are null. No
 * percent-decoding: this is the list syntax only. "" is the empty list.
 */
export function splitItemValues(s: string): (string | null)[] {
  return scanItemValues(s, 0, s.length, false).slots.map((slot) => {
    const text = s.slice(slot.start, slot.end)
    return text === '' ? null : text
  })
}

/**
 * Joins values into an itemValues list; null becomes an empty slot and a value
 * containing a comma is wrapped in backslashes.
 *
 * Limitation of the bare list syntax (not of URLs — buildUrl percent-encodes
 * backslashes first, so everything round-trips there): a value that contains
 * a backslash and also needs wrapping, or that itself looks wrapped (`\x\`),
 * cannot be written so that splitItemValues reads it back; and `[null]`
 * joins to "", which reads back as the empty list.
 */
export function joinItemValues(values: readonly (string | null)[]): string {
  return values.map((v) => (v === null ? '' : v.includes(',') ? `\\${v}\\` : v)).join(',')
}
