/**
 * browserWindow's invariants over random sessions and browsers (fast-check):
 * every session is listed exactly once, under the browser that owns it (its
 * record's, else its clone group's implicit `~<group>`), after that
 * browser's row; the list is flat exactly when no browser is named and no
 * browser holds two clone groups; a window is the same slice of the whole
 * tree whatever its offset; a collapsed browser lists none of its sessions.
 */
import { fc, test } from '@fast-check/vitest'
import { describe, expect } from 'vitest'
import { browserWindow } from '../../src-main/timeline/browser-window.js'
import type { BrowserFacts, BrowserTreeRow } from '../../src-main/timeline/browser-window.js'
import type { TimelineSession } from '../../src-main/timeline/results.js'
import { sessionWindow } from '../../src-main/timeline/session-window.js'

const NAMES = ['Alice', 'Bob', 'Carol']

/** Sessions with IDs 1…n, clone groups among them, some owned by a named browser (a whole group per browser, as clones share the cookie). */
const world = fc
  .array(fc.record({ group: fc.integer({ min: 0, max: 5 }), createdAt: fc.integer({ min: 0, max: 50 }), ended: fc.boolean() }), { minLength: 0, maxLength: 25 })
  .chain((specs) =>
    fc.record({
      specs: fc.constant(specs),
      /** The browser of each clone group (null: none named). */
      owners: fc.array(fc.option(fc.constantFrom(...NAMES), { nil: null }), { minLength: 6, maxLength: 6 }),
      opened: fc.subarray(['Dave', 'Erin']),
    }),
  )
  .map(({ specs, owners, opened }) => {
    const sessions = specs.map(
      (x, i) =>
        ({
          id: i + 1,
          alias: `S${i + 1}`,
          user: 'nobody',
          createdAt: x.createdAt,
          groupId: 1000 + x.group,
          apps: [],
          currentApp: null,
          currentPage: null,
          ended: x.ended ? 'expired' : null,
          endedAt: null,
          status: x.ended ? 'expired' : 'active',
          idleSec: 0,
          groupCreatedAt: 0,
          ...(owners[x.group] ? { browser: owners[x.group]! } : {}),
        }) as TimelineSession,
    )
    const named = [...new Set(sessions.flatMap((s) => (s.browser ? [s.browser] : [])))]
    const browsers: BrowserFacts[] = [...named.map((name) => ({ name, implicit: false, opened: false, cookies: [] })), ...opened.map((name) => ({ name, implicit: false, opened: true, cookies: [] }))]
    return { sessions, browsers }
  })

const ownerOf = (s: TimelineSession) => s.browser ?? `~${s.groupId}`
const ALL = { offset: 0, limit: 100_000 }

describe('browserWindow', () => {
  test.prop([world])('lists every session once, under its own browser, grouped exactly when a browser is named', ({ sessions, browsers }) => {
    const w = browserWindow(sessions, browsers, ALL)
    const sessionRows = w.rows.filter((r): r is Extract<BrowserTreeRow, { kind: 'session' }> => r.kind === 'session')
    expect(sessionRows.map((r) => r.session.id).sort((a, b) => a - b)).toEqual(sessions.map((s) => s.id))
    expect(w.sessions).toBe(sessions.length)
    expect(w.grouped).toBe(browsers.length > 0)
    if (!w.grouped) {
      expect(w.rows.every((r) => r.kind === 'session' && r.browser === null && r.depth <= 1)).toBe(true)
      return
    }
    let under: string | null = null
    for (const r of w.rows) {
      if (r.kind === 'browser') under = r.browser.name
      else {
        expect(r.browser).toBe(under)
        expect(r.browser).toBe(ownerOf(r.session))
        expect(r.depth).toBeGreaterThanOrEqual(1)
      }
    }
    // Every browser once, opened ones included.
    const names = w.rows.flatMap((r) => (r.kind === 'browser' ? [r.browser.name] : []))
    expect(new Set(names).size).toBe(names.length)
    expect(new Set(names)).toEqual(new Set([...browsers.map((b) => b.name), ...sessions.map(ownerOf)]))
  })

  test.prop([world, fc.nat(30), fc.integer({ min: 1, max: 30 })])('a window is a slice of the whole tree', ({ sessions, browsers }, offset, limit) => {
    const all = browserWindow(sessions, browsers, ALL)
    const part = browserWindow(sessions, browsers, { offset, limit })
    expect(part.total).toBe(all.total)
    expect(part.rows).toEqual(all.rows.slice(offset, offset + limit))
  })

  test.prop([world])('a collapsed browser lists none of its sessions', ({ sessions, browsers }) => {
    const w = browserWindow(sessions, browsers, ALL)
    if (!w.grouped) return
    const first = w.rows.find((r) => r.kind === 'browser')!
    if (first.kind !== 'browser') return
    const c = browserWindow(sessions, browsers, { ...ALL, collapsed: [first.browser.name] })
    expect(c.rows.some((r) => r.kind === 'session' && r.browser === first.browser.name)).toBe(false)
    expect(c.rows.find((r) => r.kind === 'browser' && r.browser.name === first.browser.name)).toMatchObject({ expanded: false })
    expect(c.total).toBe(w.total - sessions.filter((s) => ownerOf(s) === first.browser.name).length)
  })

  test.prop([world, fc.string({ unit: fc.constantFrom('s', 'S', '1', '0', '~', 'e', 'x', 'p', 'B', 'o'), maxLength: 4 })])(
    'with no browser named, it is timeline.sessions: the same rows in the same order for any filter, kept by ID, alias, user or status only',
    ({ sessions, browsers }, filter) => {
      const flat = sessions.map(({ browser: _, ...s }) => s as TimelineSession)
      const w = browserWindow(flat, [], { ...ALL, filter })
      const s = sessionWindow(flat, { ...ALL, filter })
      expect(w.grouped).toBe(false)
      expect(w.rows.map((r) => (r.kind === 'session' ? [r.session.id, r.depth, r.clones] : null))).toEqual(s.rows.map((r) => [r.session.id, r.depth, r.clones]))
      // The filter rule, written out here: an implicit browser's hidden name (~<group>) keeps nothing.
      const needle = filter.trim().toLowerCase()
      const kept = flat.filter((x) => needle === '' || [String(x.id), (x.alias ?? '').toLowerCase(), (x.user ?? '').toLowerCase(), x.status].some((word) => word.includes(needle)))
      expect(w.rows.map((r) => (r.kind === 'session' ? r.session.id : -1)).sort((a, b) => a - b)).toEqual(kept.map((x) => x.id))
      void browsers
    },
  )
})
