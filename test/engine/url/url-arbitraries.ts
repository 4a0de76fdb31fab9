/**
 * Generators for the URL-law property tests.
 *
 * `urlRequest` produces *canonical* requests (what parseUrl returns): names
 * and tokens upper-cased and trimmed, app/page trimmed and non-empty, values
 * non-empty or null. The text is deliberately hostile: commas, colons, `&`,
 * `%`, `=`, `?`, `#`, `+`, backslashes, slashes, blanks, controls and unicode.
 *
 * Restrictions, each because the record itself is ambiguous in that form (see
 * the report and the source headers), not because of a parser shortcut:
 * - friendly items never have a reserved parameter name (SESSION, CS, C, …):
 *   such a name *is* that parameter in a friendly URL;
 * - clear-cache tokens never contain a comma: the friendly `clear` value is a
 *   comma list after decoding, as APEX's page.js reads it;
 * - a 'prefix-r' prefix is never exactly "r": /ords/r/r/… reads as 'r-prefix';
 * - no lone surrogates: they cannot be written as UTF-8 (become U+FFFD);
 * - f?p extra names are plain words, f?p bases are realistic (`…/ords/`).
 */
import { fc } from '@fast-check/vitest'
import { normalizeName } from '../../../src-main/engine/model/values.js'
import { FRIENDLY_EXTRA_PARAMS, isReservedFriendlyName } from '../../../src-main/engine/url/index.js'
import type { UrlRequest } from '../../../src-main/engine/url/index.js'

const hostile = fc.constantFrom(
  ',', ':', '&', '%', '=', '?', '#', '+', ' ', '\\', '/', '.', ';', '@', '\t', '\n', '\u0000', '\u007f',
  '\u00a0', '\u3000', 'é', 'ß', 'İ', '日', '😀', '&APP_SESSION.', '&cs=', '%20', '\\x\\', 'r', '-', '_',
)
const plain = fc.constantFrom(...'abcxyzABCXYZ0123456789_-'.split(''))
const char = fc.oneof(
  { arbitrary: plain, weight: 4 },
  { arbitrary: hostile, weight: 4 },
  { arbitrary: fc.string({ unit: 'grapheme', minLength: 1, maxLength: 1 }), weight: 2 },
)

/** Any text, possibly empty. */
export const text = (maxLength = 10): fc.Arbitrary<string> => fc.array(char, { maxLength }).map((a) => a.join(''))

const nonEmptyTrimmed = text(10)
  .map((s) => s.trim())
  .filter((s) => s !== '')

const value = fc.option(
  text(10).filter((s) => s !== ''),
  { nil: null, freq: 4 },
)

const token = fc.oneof(
  fc.constantFrom('RP', 'RR', 'CR', 'RIR', 'CIR', 'APP', 'SESSION', '6004', 'P1_X'),
  text(8)
    .map((s) => s.trim().toUpperCase())
    .filter((t) => t !== '' && !t.includes(',') && t.trim().toUpperCase() === t),
)

const itemName = fc.oneof(
  fc.stringMatching(/^[A-Z][A-Z0-9_$#]{0,10}$/),
  text(8)
    .map(normalizeName)
    .filter((n) => n !== '' && normalizeName(n) === n),
)

/** fc.record may build null-prototype objects; parseUrl returns ordinary ones, and toStrictEqual compares prototypes. */
function plainObjects(r: UrlRequest): UrlRequest {
  return structuredClone(r)
}

const common = {
  app: nonEmptyTrimmed,
  page: nonEmptyTrimmed,
  session: fc.oneof(text(), fc.constantFrom('', '0', '13766599855150', '&APP_SESSION.')),
  request: text(),
  debug: fc.oneof(text(), fc.constantFrom('', 'NO', 'YES', 'LEVEL9')),
  clearCache: fc.array(token, { maxLength: 4 }),
  printerFriendly: fc.oneof(text(), fc.constantFrom('', 'YES')),
}

export const fpRequest: fc.Arbitrary<UrlRequest> = fc.record({
  form: fc.constant('fp' as const),
  base: fc.constantFrom('', 'https://apex.example.com/ords/', '/ords/', 'http://localhost:8080/ords/', 'https://h/pls/apex/'),
  ...common,
  items: fc.array(fc.record({ name: itemName, value }), { maxLength: 5 }),
  extra: fc.array(fc.record({ name: fc.stringMatching(/^[A-Za-z0-9_-]{1,8}$/), value: text() }), { maxLength: 3 }),
}).map(plainObjects)

const prefixR = text(12).filter((p) => p !== '' && p !== 'r')
const prefixSingle = text(12).filter((p) => p !== '')

export const friendlyRequest: fc.Arbitrary<UrlRequest> = fc.record({
  form: fc.constant('friendly' as const),
  base: fc.constantFrom('', 'https://apex.example.com', 'http://localhost:8080', '//host'),
  friendly: fc.oneof(
    fc.record({ layout: fc.constant('prefix-r' as const), prefix: fc.oneof(prefixR, fc.constantFrom('mycompany', 'sfdw/sfdw', 'r/x')) }),
    fc.record({ layout: fc.constant('r-prefix' as const), prefix: fc.oneof(prefixSingle, fc.constantFrom('gopalmallya', 'r')) }),
  ),
  ...common,
  items: fc.array(fc.record({ name: itemName.filter((n) => !isReservedFriendlyName(n)), value }), { maxLength: 5 }),
  extra: fc.array(fc.record({ name: fc.constantFrom(...FRIENDLY_EXTRA_PARAMS), value: text() }), { maxLength: 3 }),
}).map(plainObjects)

export const urlRequest: fc.Arbitrary<UrlRequest> = fc.oneof(fpRequest, friendlyRequest)

// ---- Messy but mostly valid URL text, for law 3 (build(parse(u)) is the same request).

const escape = fc.string({ unit: 'grapheme', minLength: 1, maxLength: 1 }).map((c) => encodeURIComponent(c))
const rawChar = fc.oneof(
  { arbitrary: plain, weight: 6 },
  { arbitrary: escape, weight: 2 },
  { arbitrary: fc.constantFrom('+', ' ', '.', '&APP_SESSION.', '&P1_X.', '\\', '=', '?', '/', 'é', '日'), weight: 2 },
  { arbitrary: fc.constantFrom(':', '#', '%', ',', '&x=1'), weight: 1 },
)
const raw = (maxLength = 8): fc.Arbitrary<string> => fc.array(rawChar, { maxLength }).map((a) => a.join(''))
const randomCase = (s: string): fc.Arbitrary<string> =>
  fc.array(fc.boolean(), { minLength: s.length, maxLength: s.length }).map((flips) =>
    s
      .split('')
      .map((c, i) => (flips[i] ? c.toUpperCase() : c.toLowerCase()))
      .join(''),
  )
const blanks = fc.constantFrom('', '', ' ', '\n\t ')
const fragment = fc.oneof(fc.constant(''), raw(4).map((f) => `#${f}`))

const rawValues = fc
  .array(fc.oneof(raw(5).map((v) => v.replace(/[,:]/g, '')), raw(6).map((v) => `\\${v.replace(/\\/g, '')}\\`)), { maxLength: 4 })
  .map((a) => a.join(','))

const fpUrlText = fc
  .tuple(
    blanks,
    fc.constantFrom('', 'https://apex.example.com/ords/', '/ords/', 'x/'),
    randomCase('f?p='),
    fc.tuple(raw(), raw(), raw(), raw(), raw(), raw(), fc.array(fc.stringMatching(/^[A-Za-z][A-Za-z0-9_]{0,5}$/), { maxLength: 4 }).map((a) => a.join(',')), rawValues, raw()),
    fc.integer({ min: 2, max: 9 }),
    fc.array(fc.tuple(fc.stringMatching(/^[a-z_]{1,8}$/), raw()), { maxLength: 3 }),
    fragment,
    blanks,
  )
  .map(([lead, base, fp, parts, count, extras, frag, trail]) => {
    const [app, ...rest] = parts
    const p = [`${app}1`, ...rest].slice(0, count).join(':')
    return `${lead}${base}${fp}${p}${extras.map(([n, v]) => `&${n}=${v}`).join('')}${frag}${trail}`
  })

const segment = raw(6)
  .map((s) => s.replace(/[/?#]/g, ''))
  .filter((s) => s !== '')
const param = fc.oneof(
  fc.tuple(fc.constantFrom('session', 'request', 'clear', 'debug', 'printerFriendly').chain(randomCase), raw()).map(([n, v]) => `${n}=${v}`),
  fc.tuple(fc.stringMatching(/^p[0-9]{1,2}_[a-z]{1,4}$/).chain(randomCase), raw()).map(([n, v]) => `${n}=${v}`),
  fc.tuple(fc.constantFrom(...FRIENDLY_EXTRA_PARAMS), raw()).map(([n, v]) => `${n}=${v}`),
  fc.constantFrom('', 'p1_flag', 'clear=RP%2CRIR%3A', 'CLEAR=rp,,cir', '=orphan', '+=plus'),
)
const friendlyUrlText = fc
  .tuple(
    blanks,
    fc.constantFrom('', 'https://apex.example.com', 'http://localhost:8080'),
    fc.oneof(
      fc.tuple(segment, segment, segment).map(([w, a, p]) => `r/${w}/${a}/${p}`),
      fc.tuple(fc.array(segment, { minLength: 1, maxLength: 3 }), segment, segment).map(([w, a, p]) => `${w.join('/')}/r/${a}/${p}`),
    ),
    fc.constantFrom('', '/'),
    fc.option(fc.array(param, { maxLength: 6 }).map((ps) => `?${ps.join('&')}`), { nil: '' }),
    fragment,
    blanks,
  )
  .map(([lead, base, path, slash, query, frag, trail]) => `${lead}${base}/ords/${path}${slash}${query}${frag}${trail}`)

/** URL text as people and exports write it: mixed case, escapes, stray blanks, fragments, duplicates. Most of it is valid. */
export const messyUrl: fc.Arbitrary<string> = fc.oneof(fpUrlText, friendlyUrlText)

// ---- Anything at all, for totality.

const loneSurrogate = fc.integer({ min: 0xd800, max: 0xdfff }).map((c) => String.fromCharCode(c))
const urlish = fc
  .array(
    fc.oneof(
      fc.constantFrom('f', 'F', '?', 'p', 'P', '=', ':', '&', '%', '%2', '%C3', '%ZZ', '\\', ',', '/', '/ords/', 'r', '#', ' ', '+', 'a', '1', 'session=', 'clear=', '//h'),
      loneSurrogate,
    ),
    { maxLength: 40 },
  )
  .map((a) => a.join(''))

/** A valid-looking URL with a few characters inserted, deleted or replaced. */
const mutated = fc
  .tuple(messyUrl, fc.array(fc.tuple(fc.nat(), fc.nat(2), fc.oneof(fc.constantFrom(':', '%', '\\', ',', '/', '&', '?', '#', '='), loneSurrogate)), { maxLength: 4 }))
  .map(([u, edits]) => {
    let s = u
    for (const [at, kind, ch] of edits) {
      const i = s.length === 0 ? 0 : at % (s.length + 1)
      s = kind === 0 ? s.slice(0, i) + ch + s.slice(i) : kind === 1 ? s.slice(0, i) + s.slice(i + 1) : s.slice(0, i) + ch + s.slice(i + 1)
    }
    return s
  })

export const anyInput: fc.Arbitrary<string> = fc.oneof(
  fc.string({ unit: 'binary', maxLength: 60 }),
  fc.string({ unit: loneSurrogate, maxLength: 4 }),
  urlish,
  mutated,
  messyUrl,
)
