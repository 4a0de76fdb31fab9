// @vitest-environment happy-dom
/** The address follows the playhead (`?step=N`, throttled replaceState); a bad `?step=` says so instead of failing. */
import { afterEach, describe, expect, it } from 'vitest'
import { followPlayheadInUrl, parseStartStep, urlWithStep, URL_EVERY_MS } from '../../src-renderer/src/stores/step-url.js'
import { harness } from './helpers/in-process.js'
import type { Harness } from './helpers/in-process.js'

let h: Harness | null = null
let stop: (() => void) | null = null
afterEach(() => {
  stop?.()
  stop = null
  h?.close()
  h = null
})

/** A page's address and history, and a clock and timers the test moves by hand. */
function fakePage(href: string) {
  const location = { href }
  const writes: string[] = []
  let clock = 1_000
  const timers: { at: number; f: () => void }[] = []
  /** Writes waiting for the page to be idle; run at once unless `holdIdle` (see the idle test). */
  const idle: (() => void)[] = []
  const page = {
    holdIdle: false,
    location,
    writes,
    runIdle: () => idle.splice(0).forEach((f) => f()),
    opts: {
      location,
      history: {
        replaceState: (_d: unknown, _u: string, url: string) => {
          writes.push(url)
          location.href = new URL(url, location.href).href
        },
      },
      setTimeout: (f: () => void, ms: number) => timers.push({ at: clock + ms, f }),
      now: () => clock,
      whenIdle: (f: () => void) => (page.holdIdle ? idle.push(f) : f()),
    },
    advance(ms: number) {
      clock += ms
      for (const t of timers.splice(0).sort((a, b) => a.at - b.at)) {
        if (t.at <= clock) t.f()
        else timers.push(t)
      }
    },
  }
  return page
}

describe('the address follows the playhead', () => {
  it('reads ?step= as a number, last or -N, and refuses anything else with a reason', () => {
    expect(parseStartStep(null)).toEqual({ ok: true, value: null })
    expect(parseStartStep('12')).toEqual({ ok: true, value: '12' })
    expect(parseStartStep('last')).toEqual({ ok: true, value: 'last' })
    expect(parseStartStep('-3')).toEqual({ ok: true, value: '-3' })
    for (const bad of ['abc', '1.5', '1e3', '12x', '9999999999999999', 'Last']) {
      const r = parseStartStep(bad)
      expect(r.ok).toBe(false)
      if (!r.ok) expect(r.why).toMatch(/is not a step number/)
    }
  })

  it('keeps the other parameters and the hash', () => {
    expect(urlWithStep('http://127.0.0.1:4000/?a=1&step=2#x', 7)).toBe('/?a=1&step=7#x')
    expect(urlWithStep('http://127.0.0.1:4000/?step=2', -1)).toBe('/')
  })

  it('writes ?step=N as the playhead moves, at most once per interval, and where it rests', async () => {
    h = await harness('onboarding-wizard')
    const page = fakePage('http://127.0.0.1:4000/?step=0')
    stop = followPlayheadInUrl(h.services, parseStartStep(null), page.opts)
    await h.services.actions.goTo({ step: 3, phase: null })
    expect(page.writes).toEqual(['/?step=3'])
    // Three quick moves within the interval: one write, at its end, of where the playhead is then.
    await h.services.actions.stepBy(1)
    await h.services.actions.stepBy(1)
    await h.services.actions.stepBy(1)
    expect(page.writes).toEqual(['/?step=3'])
    page.advance(URL_EVERY_MS)
    expect(page.writes).toEqual(['/?step=3', '/?step=6'])
    expect(page.location.href).toBe('http://127.0.0.1:4000/?step=6')
  })

  it('writes when the page is idle, not inside the move (replaceState costs the step it follows ~5 ms in Chromium)', async () => {
    h = await harness('onboarding-wizard')
    const page = fakePage('http://127.0.0.1:4000/?step=0')
    page.holdIdle = true
    stop = followPlayheadInUrl(h.services, parseStartStep(null), page.opts)
    await h.services.actions.goTo({ step: 3, phase: null })
    expect(page.writes).toEqual([])
    await h.services.actions.stepBy(1)
    page.runIdle()
    // Where the playhead is when the page is idle.
    expect(page.writes).toEqual(['/?step=4'])
  })

  it('says when the address’s step cannot be used, once the workspace is open, and replaces it', async () => {
    h = await harness()
    const page = fakePage('http://127.0.0.1:4000/?step=abc')
    stop = followPlayheadInUrl(h.services, parseStartStep('abc'), page.opts)
    await h.services.actions.openDemo('onboarding-wizard')
    const toast = h.services.ui.toasts.getState().toasts.at(-1)
    expect(toast?.title).toMatch(/step could not be used/)
    expect(toast?.detail).toMatch(/step=abc is not a step number.*opened at step 0/)
    expect(page.writes).toEqual(['/?step=0'])
  })

  it('says when the address asks for a step past the end', async () => {
    h = await harness()
    stop = followPlayheadInUrl(h.services, parseStartStep('999'), fakePage('http://127.0.0.1:4000/?step=999').opts)
    await h.services.actions.openDemo('onboarding-wizard')
    expect(h.services.ui.toasts.getState().toasts.at(-1)?.title).toBe('There is no step 999')
  })
})
