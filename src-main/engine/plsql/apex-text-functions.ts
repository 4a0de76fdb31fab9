/**
 * APEX functions that turn values into display text, used by the Oracle
 * samples' report queries (docs/plsql.md "APEX API subset"):
 * - APEX_STRING.GET_INITIALS: the first letter of each of the first N words,
 *   upper-cased; one word gives its first N letters (Oracle's documented
 *   examples: 'John Doe' → JD, 'Andres Homero Lozano Garza' with 3 → AHL,
 *   'JBHiFi' with 3 → JBH). Words are split on spaces, commas, dashes and
 *   quotes as the 24.2 documentation lists.
 * - APEX_UTIL.GET_SINCE: the relative date in words ("30 minutes ago",
 *   "2 days from now"; short: "30m", "in 2d"). APEX does not document its
 *   thresholds; the ones here are Oracle's documented CALENDAR_SINCE rules
 *   (docs/decisions.md), against the simulated clock.
 * - APEX_PAGE.GET_URL: an f?p= URL (decisions: no friendly URL, no checksum).
 */

const WORD_SEPARATORS = /[\s,\-'"]+/

export function getInitials(text: string | null, count: number | null): string | null {
  if (text === null) return null
  const n = count ?? 2
  if (!Number.isInteger(n) || n < 1 || n > 255) throw new RangeError(`p_cnt must be 1 to 255, not ${n}`)
  const words = text.split(WORD_SEPARATORS).filter((w) => w !== '')
  if (words.length === 0) return null
  const initials = words.length === 1 ? [...(words[0] as string)].slice(0, n).join('') : words.slice(0, n).map((w) => [...w][0]).join('')
  return initials.toUpperCase()
}

const MINUTE = 60_000
const HOUR = 60 * MINUTE
const DAY = 24 * HOUR

/** `date` and `now` in milliseconds (the simulated clock). */
export function getSince(date: number | null, now: number, short: boolean): string | null {
  if (date === null) return null
  const diff = Math.abs(now - date)
  if (diff === 0) return 'Now'
  const future = date > now
  let amount: string
  let unit: string
  let shortUnit: string
  if (diff < 2 * MINUTE) [amount, unit, shortUnit] = [String(Math.trunc(diff / 1000)), 'seconds', 's']
  else if (diff < 120 * MINUTE) [amount, unit, shortUnit] = [String(Math.trunc(diff / MINUTE)), 'minutes', 'm']
  else if (diff < 2 * DAY) [amount, unit, shortUnit] = [String(Math.trunc(diff / HOUR)), 'hours', 'h']
  else if (diff < 14 * DAY) [amount, unit, shortUnit] = [String(Math.trunc(diff / DAY)), 'days', 'd']
  else if (diff < 60 * DAY) [amount, unit, shortUnit] = [String(Math.trunc(diff / (7 * DAY))), 'weeks', 'w']
  else if (diff < 365 * DAY) [amount, unit, shortUnit] = [String(Math.trunc(diff / (30 * DAY))), 'months', 'mo']
  else {
    // Years truncated at the tenths, "1.0" written "1".
    const tenths = Math.trunc((diff / (365 * DAY)) * 10)
    amount = tenths % 10 === 0 ? String(tenths / 10) : (tenths / 10).toFixed(1)
    unit = 'years'
    shortUnit = 'y'
  }
  if (short) return future ? `in ${amount}${shortUnit}` : `${amount}${shortUnit}`
  return future ? `${amount} ${unit} from now` : `${amount} ${unit} ago`
}

export interface UrlParts {
  application: string
  page: string
  session: string
  request: string | null
  debug: string | null
  clearCache: string | null
  items: string | null
  values: string | null
}

/** `f?p=App:Page:Session:Request:Debug:ClearCache:Items:Values`, trailing empty parts dropped. */
export function getUrl(p: UrlParts): string {
  const parts = [p.application, p.page, p.session, p.request ?? '', p.debug ?? '', p.clearCache ?? '', p.items ?? '', p.values ?? '']
  while (parts.length > 3 && parts[parts.length - 1] === '') parts.pop()
  return `f?p=${parts.join(':')}`
}
