/**
 * Static text with APEX substitutions (`Hello &P1_NAME.!`) as an engine
 * expression (`'Hello ' || :P1_NAME || '!'`).
 *
 * Application substitution strings (`&APP_NAME.` defined on the application)
 * are constants of the export, so they are inlined as literals rather than
 * turned into item references that would look up nothing.
 */
import { itemRef, quoteLiteral } from './expression-text.js'

/** Application substitution strings, upper-case name → value. */
export type SubstitutionStrings = Readonly<Record<string, string>>

/** `&NAME.`, `&"NAME".`, with an optional escape filter (`&NAME!HTML.`). */
const SUBSTITUTION_SOURCE = String.raw`&(?:"([^"]+)"|([A-Za-z0-9_$#]+))(?:![A-Za-z]+)?\.`
/** Stateless test (a shared global regex would carry `lastIndex` from one call into the next). */
const HAS_SUBSTITUTION = new RegExp(SUBSTITUTION_SOURCE)

/** Substitution strings may refer to each other; a bound keeps a cycle harmless. */
const MAX_INLINE_DEPTH = 4

type Piece = { literal: string } | { ref: string }

/** The expression for `text`, or undefined when the text is empty (no value). */
export function staticTextToExpression(text: string | undefined, substitutions: SubstitutionStrings = {}): string | undefined {
  if (text === undefined || text === '') return undefined
  const pieces = merge(splitText(text, substitutions, 0))
  if (pieces.length === 0) return undefined
  return pieces.map((p) => ('ref' in p ? itemRef(p.ref) : quoteLiteral(p.literal))).join(' || ')
}

/** True when the text holds at least one `&NAME.` substitution. */
export function hasSubstitution(text: string): boolean {
  return HAS_SUBSTITUTION.test(text)
}

function splitText(text: string, substitutions: SubstitutionStrings, depth: number): Piece[] {
  const pieces: Piece[] = []
  let last = 0
  for (const match of text.matchAll(new RegExp(SUBSTITUTION_SOURCE, 'g'))) {
    const name = (match[1] ?? match[2] ?? '').toUpperCase()
    if (match.index > last) pieces.push({ literal: text.slice(last, match.index) })
    const inlined = substitutions[name]
    if (inlined !== undefined && depth < MAX_INLINE_DEPTH) pieces.push(...splitText(inlined, substitutions, depth + 1))
    else pieces.push({ ref: name })
    last = match.index + match[0].length
  }
  if (last < text.length) pieces.push({ literal: text.slice(last) })
  return pieces
}

/** Joins neighbouring literals and drops empty ones, so `'a' || 'b'` is written `'ab'`. */
function merge(pieces: Piece[]): Piece[] {
  const out: Piece[] = []
  for (const piece of pieces) {
    const prev = out[out.length - 1]
    if ('literal' in piece) {
      if (piece.literal === '') continue
      if (prev !== undefined && 'literal' in prev) prev.literal += piece.literal
      else out.push({ literal: piece.literal })
    } else {
      out.push(piece)
    }
  }
  return out
}
