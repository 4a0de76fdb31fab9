/**
 * SOUNDEX and ORA_HASH for SQL on SQLite (docs/database.md).
 *
 * SOUNDEX follows the steps Oracle documents: keep the first letter; drop
 * a, e, h, i, o, u, w, y after it; code the rest (b f p v → 1; c g j k q s x
 * z → 2; d t → 3; l → 4; m n → 5; r → 6); keep one of adjacent letters with
 * the same code, also across h and w (not across vowels); pad with zeros to
 * four characters. Letters are A–Z only (other characters are skipped); a
 * value with no letter gives NULL.
 *
 * ORA_HASH: Oracle does not document its hash function, so the values cannot
 * be Oracle's. This is a stable 32-bit FNV-1a hash of the value's text
 * (seed mixed in), reduced to 0 … max_bucket as Oracle's range is
 * (default 4294967295). Apps use it for stable buckets (the samples pick an
 * avatar colour with ora_hash(created_by, 29)): same input, same bucket,
 * but a different bucket than on Oracle (docs/decisions.md).
 */

const SOUNDEX_CODES: Record<string, string> = {
  B: '1', F: '1', P: '1', V: '1',
  C: '2', G: '2', J: '2', K: '2', Q: '2', S: '2', X: '2', Z: '2',
  D: '3', T: '3',
  L: '4',
  M: '5', N: '5',
  R: '6',
}

export function soundex(text: string | null): string | null {
  if (text === null) return null
  const letters = text.toUpperCase().replace(/[^A-Z]/g, '')
  if (letters === '') return null
  const first = letters[0] as string
  let out = first
  let previous = SOUNDEX_CODES[first] ?? ''
  for (const c of letters.slice(1)) {
    if (c === 'H' || c === 'W') continue
    const code = SOUNDEX_CODES[c]
    if (code === undefined) {
      previous = ''
      continue
    }
    if (code !== previous) out += code
    previous = code
    if (out.length === 4) break
  }
  return out.padEnd(4, '0')
}

const MAX_BUCKET = 4294967295

export function oraHash(text: string | null, maxBucket: number | null, seed: number | null): number | null {
  if (text === null) return null
  const buckets = maxBucket ?? MAX_BUCKET
  if (!Number.isInteger(buckets) || buckets < 0 || buckets > MAX_BUCKET) throw new RangeError(`ORA-01428: argument '${buckets}' is out of range (max_bucket 0 … 4294967295)`)
  const s = seed ?? 0
  if (!Number.isInteger(s) || s < 0 || s > MAX_BUCKET) throw new RangeError(`ORA-01428: argument '${s}' is out of range (seed_value 0 … 4294967295)`)
  let h = (0x811c9dc5 ^ s) >>> 0
  for (const byte of new TextEncoder().encode(text)) {
    h ^= byte
    h = Math.imul(h, 0x01000193) >>> 0
  }
  return h % (buckets + 1)
}
