/**
 * Substitution strings in text (reference §7): `&ITEM.` and `&"ITEM".`, with
 * an optional escape filter (`&ITEM!HTML.`). The trailing period is required
 * (APEX's "exact substitutions"), so ordinary text such as "a & b", "R&D" or
 * "&nbsp;" stays as it is.
 */
import { MAX_VALUE_BYTES, normalizeName, utf8Length } from '../model/values.js'
import { applyEscapeFilter, isEscapeFilter, type EscapeFilter } from './escape-filters.js'
import { lookupItem, type EvalContext } from './eval-context.js'
import { ExpressionLimitError } from './limit-error.js'
import { MAX_ITEM_NAME_LENGTH } from './names.js'

interface Substitution {
  readonly name: string
  readonly filter: EscapeFilter
  /** Offset just after the closing period. */
  readonly end: number
}

/**
 * Replaces every substitution in `text`, in one left-to-right pass (values are
 * not scanned again, so a value containing `&X.` is inserted literally).
 * Unknown names warn and become ''; null becomes ''.
 */
export function substituteText(text: string, ctx: EvalContext): string {
  // Most texts hold no substitution: then the text is the result, and nothing is made.
  if (text.indexOf('&') < 0) return text
  const out = new SubstitutionOutput(ctx)
  let from = 0
  for (;;) {
    const amp = text.indexOf('&', from)
    if (amp < 0) {
      out.append(text.slice(from))
      return out.text
    }
    out.append(text.slice(from, amp))
    const found = matchSubstitution(text, amp)
    if (found === undefined) {
      out.append('&')
      from = amp + 1
      continue
    }
    const value = lookupItem(ctx, found.name)
    if (value !== null) out.append(applyEscapeFilter(found.filter, value))
    from = found.end
  }
}

/**
 * The text being built, with its size check. An object per call rather than a
 * closure: a request substitutes its URL and branch targets, and under tsx
 * every closure made is also a naming call.
 */
class SubstitutionOutput {
  text = ''
  /**
   * UTF-8 bytes of `text`: not counted while it is short enough to be surely under the limit
   * (-1), then counted piece by piece so the check stays linear in the output.
   */
  private bytes = -1

  constructor(private readonly ctx: EvalContext) {}

  append(piece: string): void {
    this.text += piece
    if (this.bytes < 0) {
      if (this.text.length * 3 <= MAX_VALUE_BYTES) return
      this.bytes = utf8Length(this.text)
    } else this.bytes += utf8Length(piece)
    // Many substitutions of a large value (or an escape filter's growth) must stop at the limit, not at memory's end.
    if (this.bytes > MAX_VALUE_BYTES) throw tooLong(this.bytes, this.ctx)
  }
}

function tooLong(bytes: number, ctx: EvalContext): ExpressionLimitError {
  const error = new ExpressionLimitError(
    `substitution gives text of more than ${MAX_VALUE_BYTES} bytes (${bytes} so far), over the limit of a session-state value`,
  )
  let where: string | undefined
  try {
    where = ctx.where?.()
  } catch {
    where = undefined
  }
  return error.at(where)
}

/** Unquoted names are limited to A–Z 0–9 _ $ # (and matched case-insensitively): `/[A-Za-z0-9_$#]/` by character code. */
function isNameChar(c: number): boolean {
  return (c >= 65 && c <= 90) || (c >= 97 && c <= 122) || (c >= 48 && c <= 57) || c === 95 /* _ */ || c === 36 /* $ */ || c === 35 /* # */
}

function matchSubstitution(text: string, amp: number): Substitution | undefined {
  let name: string
  let i: number
  if (text[amp + 1] === '"') {
    // Bounded search: a stray '&"' must not scan the rest of a long text.
    const close = text.slice(amp + 2, amp + 3 + MAX_ITEM_NAME_LENGTH).indexOf('"')
    if (close < 0) return undefined
    name = normalizeName(text.slice(amp + 2, amp + 2 + close))
    i = amp + 3 + close
  } else {
    i = amp + 1
    while (i < text.length && i - amp <= MAX_ITEM_NAME_LENGTH && isNameChar(text.charCodeAt(i))) i++
    name = text.slice(amp + 1, i).toUpperCase()
  }
  if (name === '') return undefined
  let filter: EscapeFilter = 'RAW'
  if (text[i] === '!') {
    let j = i + 1
    while (j < text.length && /[A-Za-z]/.test(text.charAt(j))) j++
    const candidate = text.slice(i + 1, j).toUpperCase()
    if (!isEscapeFilter(candidate)) return undefined
    filter = candidate
    i = j
  }
  if (text[i] !== '.') return undefined
  return { name, filter, end: i + 1 }
}
