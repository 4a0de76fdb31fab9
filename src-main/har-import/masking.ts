/**
 * Which item values never reach the trace, and which are masked.
 *
 * Withheld (never written, not even masked): passwords — any item whose name
 * contains PASSWORD, PASSWD, PWD, PASSCODE or PASSPHRASE (P9999_PASSWORD,
 * P1_NEW_PASSWORD_CONFIRM, P101_PWD) or that a
 * recorded page rendered as `<input type="password">`. Cookie, Set-Cookie
 * and Authorization headers are never read at all (see import-har.ts).
 *
 * Masked (`--mask GLOB`, repeatable): items whose name matches a glob
 * (`*` any run of characters, `?` one; case-insensitive, as APEX item names
 * are) keep their name but their value becomes MASKED_VALUE everywhere it
 * would appear: posted values, URL values, observed items, Ajax JSON.
 */

export const MASKED_VALUE = '[masked]'

/**
 * Words that make an item a password field by its name alone. A recording
 * that starts at the login submit has no rendered page to learn the
 * password input from, and custom login pages name it P101_PWD or
 * P101_PASSCODE as often as P101_PASSWORD.
 */
const PASSWORD_WORDS = ['PASSWORD', 'PASSWD', 'PWD', 'PASSCODE', 'PASSPHRASE']

/** JSON nested deeper than this is replaced by NESTED_TOO_DEEP (APEX's Ajax answers nest a few levels). */
export const MAX_SCRUBBED_DEPTH = 64
export const NESTED_TOO_DEEP = '[nested too deep: left out]'

export class ItemPrivacy {
  private readonly masks: readonly string[]
  /** Items seen rendered as password inputs (upper-case), learned while importing. */
  private readonly passwordInputs = new Set<string>()

  constructor(readonly globs: readonly string[]) {
    this.masks = globs
  }

  /** A password field: never written. */
  isWithheld(name: string): boolean {
    const upper = name.toUpperCase()
    return PASSWORD_WORDS.some((w) => upper.includes(w)) || this.passwordInputs.has(upper)
  }

  isMasked(name: string): boolean {
    for (const glob of this.masks) if (globMatches(glob, name)) return true
    return false
  }

  learnPasswordInput(name: string): void {
    this.passwordInputs.add(name.toUpperCase())
  }

  /** The value to write for this item: null when withheld, the mask when masked. */
  shown(name: string, value: string): string | null {
    if (this.isWithheld(name)) return null
    return this.isMasked(name) ? MASKED_VALUE : value
  }

  /**
   * A JSON answer with every value of a withheld or masked item replaced:
   * `{"P1_SSN": "…"}` keys, and `{"id"|"n"|"name"|"item": "P1_SSN", "value"|"v": …}`
   * records (the shapes APEX Ajax answers use for items).
   */
  scrubJson(value: unknown, depth = 0): unknown {
    if (value === null || typeof value !== 'object') return value
    // Deeper than any APEX answer nests: not looked into, so not kept (kept as is, a masked item down there would show).
    if (depth >= MAX_SCRUBBED_DEPTH) return NESTED_TOO_DEEP
    if (Array.isArray(value)) return value.map((v) => this.scrubJson(v, depth + 1))
    const obj = value as Record<string, unknown>
    const named = ['id', 'n', 'name', 'item'].map((k) => obj[k]).find((v): v is string => typeof v === 'string')
    const hide = named !== undefined ? this.hidden(named) : null
    const out: Record<string, unknown> = {}
    for (const [k, v] of Object.entries(obj)) {
      const keyHide = this.hidden(k)
      if (keyHide === 'withheld') continue
      if (keyHide === 'masked') out[k] = MASKED_VALUE
      else if (hide !== null && (k === 'value' || k === 'v' || k === 'display')) {
        if (hide === 'masked') out[k] = MASKED_VALUE
      } else out[k] = this.scrubJson(v, depth + 1)
    }
    return out
  }

  private hidden(name: string): 'withheld' | 'masked' | null {
    if (this.isWithheld(name)) return 'withheld'
    return this.isMasked(name) ? 'masked' : null
  }
}

/**
 * Whether `name` matches `glob` (`*` any run, `?` one character,
 * case-insensitive). Item names come from the recording, so this must stay
 * fast on any name: a regular expression made from `*_*_*_SSN` backtracks
 * polynomially (a 500-character name took over a minute), and glob libraries
 * compile to such expressions too. This is the greedy two-pointer match,
 * which on a mismatch goes back only to the last `*`: at most
 * glob.length × name.length steps.
 */
export function globMatches(glob: string, name: string): boolean {
  const g = glob.toUpperCase()
  const n = name.toUpperCase()
  let gi = 0
  let ni = 0
  let starAt = -1
  let resumeAt = 0
  while (ni < n.length) {
    if (gi < g.length && (g[gi] === '?' || (g[gi] !== '*' && g[gi] === n[ni]))) {
      gi++
      ni++
    } else if (gi < g.length && g[gi] === '*') {
      starAt = gi++
      resumeAt = ni
    } else if (starAt !== -1) {
      // Let the last * swallow one more character and try the rest again.
      gi = starAt + 1
      ni = ++resumeAt
    } else return false
  }
  while (gi < g.length && g[gi] === '*') gi++
  return gi === g.length
}
