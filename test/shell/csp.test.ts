import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { APP_CSP, HEADER_ONLY_DIRECTIVES, effectiveSources, parseCsp } from '../../src-main/shell/csp.js'

const policy = parseCsp(APP_CSP)

describe('the app CSP', () => {
  it('is exactly the documented policy', () => {
    expect(APP_CSP).toBe(
      "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; font-src 'self'; connect-src 'self'; object-src 'none'; base-uri 'none'; frame-ancestors 'none'; form-action 'none'",
    )
  })

  it('allows no inline or evaluated script and no remote origin for scripts', () => {
    const scripts = effectiveSources(policy, 'script-src')
    expect(scripts).toEqual(["'self'"])
    for (const bad of ["'unsafe-inline'", "'unsafe-eval'", "'wasm-unsafe-eval'", '*', 'http:', 'https:', 'data:', 'blob:']) expect(scripts).not.toContain(bad)
  })

  it('closes plugins, base tags, framing and form posts', () => {
    expect(policy.get('object-src')).toEqual(["'none'"])
    expect(policy.get('base-uri')).toEqual(["'none'"])
    expect(policy.get('frame-ancestors')).toEqual(["'none'"])
    expect(policy.get('form-action')).toEqual(["'none'"])
  })

  it('never allows a wildcard or a remote scheme anywhere', () => {
    for (const [, values] of policy) for (const v of values) expect(v).not.toMatch(/^\*|^https?:|^wss?:/)
  })

  it('every directive is either in the renderer meta tag with the same sources, or reported missing', () => {
    const html = readFileSync(join(import.meta.dirname, '../../src-renderer/index.html'), 'utf8')
    const meta = /<meta\s+http-equiv="Content-Security-Policy"\s+content="([^"]+)"/i.exec(html)
    expect(meta, 'src-renderer/index.html carries a CSP meta tag').not.toBeNull()
    const metaPolicy = parseCsp(meta![1]!)
    // A meta tag may not be looser than the header for any directive it sets.
    for (const [name, values] of metaPolicy) {
      expect(HEADER_ONLY_DIRECTIVES).not.toContain(name)
      expect(values, `meta ${name}`).toEqual(policy.get(name))
    }
    const missing = [...policy.keys()].filter((d) => !HEADER_ONLY_DIRECTIVES.includes(d) && !metaPolicy.has(d))
    if (missing.length > 0) console.info(`src-renderer/index.html meta CSP lacks: ${missing.join(', ')} (the app:// header sets them)`)
  })
})
