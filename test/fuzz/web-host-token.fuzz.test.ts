/**
 * Fuzz target: the browser host's Cookie parser (token.ts). A malformed
 * cookie once threw URIError in the upgrade handler and ended the process.
 * Property: any Cookie header gives a string or null, never a throw; the
 * host's own cookie always reads back as the token it holds, whatever
 * precedes it.
 */
import fc from 'fast-check'
import { describe, it } from 'vitest'
import { TOKEN_COOKIE, cookieValue, decodeComponent, newToken, tokenCookie, tokensEqual } from '../../src-main/web-host/token.js'
import { anyText, fuzz, textOf } from './fuzz-runs.js'

const cookiePieces = ['ss_token', '=', ';', ' ', '%', '%2', '%zz', '%E0%A4%A', '%C3%A9', '"', 'a', 'ss_token=', '; ', '\t', ',', '%00', '\\']

describe('fuzz: Cookie header parsing', () => {
  it('never throws on any header and yields a string or null', () => {
    fuzz('cookie parser', fc.oneof(anyText(300), textOf(cookiePieces)), 5000, (header) => {
      const v = cookieValue(header, TOKEN_COOKIE)
      return v === null || typeof v === 'string'
    })
  })

  it('reads back the host’s own cookie after any other cookies', () => {
    const token = newToken()
    const own = tokenCookie(token).split(';')[0]!
    fuzz('cookie parser (own cookie after others)', textOf(cookiePieces.filter((p) => !p.startsWith('ss_token')), 20), 2000, (before) => {
      // Whatever precedes it — cut off at its last separator so it cannot run into our cookie's name.
      const header = `${before.includes(';') ? before.slice(0, before.lastIndexOf(';') + 1) : ''} ${own}`
      if (header.includes(`${TOKEN_COOKIE}=`) && header.indexOf(`${TOKEN_COOKIE}=`) !== header.lastIndexOf(`${TOKEN_COOKIE}=`)) return true
      return tokensEqual(token, cookieValue(header, TOKEN_COOKIE))
    })
  })

  it('percent-decoding is total', () => {
    fuzz('percent-decoding', fc.oneof(anyText(100), textOf(['%', '%4', '%41', '%E0', '%A4', '%zz', 'a'])), 3000, (s) => {
      const d = decodeComponent(s)
      return d === null || typeof d === 'string'
    })
  })
})
