/**
 * Fuzz target: the engine's URL parser (src-main/engine/url/parse-url.ts —
 * called, not changed here). Property: any string gives `{ok: true}` or a
 * UrlError naming a part and a position inside the input; never a throw,
 * and never the parser's "internal error" safety net (that would be a bug it caught).
 */
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { parseUrl } from '../../src-main/engine/url/parse-url.js'
import { anyText, fuzz, textOf } from './fuzz-runs.js'

const urlPieces = ['f?p=', 'f', '?', 'p=', ':', '::', '&', '=', ',', '%', '%2C', '%3A', '%zz', '/ords/', 'r/', 'ws/', 'app/', 'page/', 'HR', '43', '&SESSION.', '&APP_ID.', 'YES', 'NO', 'RP', 'CIR', 'P1_A', '\\', '#', 'http://', 'https://h', '//', ' ', 'session=', 'clear=', 'request=', 'success_msg=', '\u00e9', '\ud800']

describe('fuzz: engine URL parser', () => {
  it('never throws and every error names a part and a position within the input', () => {
    fuzz('URL parser (parseUrl)', fc.oneof(anyText(300), textOf(urlPieces, 30)), 6000, (input) => {
      const r = parseUrl(input)
      if (r.ok) return true
      expect(r.error.message).not.toMatch(/internal error/)
      expect(r.error.position).toBeGreaterThanOrEqual(0)
      expect(r.error.position).toBeLessThanOrEqual(input.length)
      expect(r.error.part.length).toBeGreaterThan(0)
      return true
    })
  })
})
