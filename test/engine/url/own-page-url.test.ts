/**
 * The engine's own redirect (a submit with no branch, semantics §6.6) carries
 * the parsed form of the URL it builds, so its show step skips parseUrl. That
 * form must be exactly what parseUrl reads from the URL — else the show would
 * act on something other than the URL its step records.
 */
import { fc, test } from '@fast-check/vitest'
import { describe, expect, vi } from 'vitest'
import { ownPageUrl } from '../../../src-main/engine/url/own-page-url.js'
import { parseUrl } from '../../../src-main/engine/url/index.js'
import { GENERATOR_APPS } from '../../../scripts/trace-generator/apps.js'
import { GENERATOR_SETTINGS, generateOperations } from '../../../scripts/trace-generator/index.js'

// IDs as the engine has them (integers, large session IDs) and numbers whose text parseUrl would not keep as written.
const id = fc.oneof(
  fc.integer(),
  fc.maxSafeInteger(),
  fc.integer({ min: -5, max: 5 }),
  fc.double(),
  fc.constantFrom(-0, 1e21, -1e21, 1.5, 2 ** 53, NaN, Infinity, -Infinity),
)

describe('ownPageUrl', () => {
  test.prop([id, id, id], { numRuns: 3000 })('the URL is f?p=App:Page:Session and its target is what parseUrl reads from it', (app, page, session) => {
    const own = ownPageUrl(app, page, session)
    expect(own.url).toBe(`f?p=${app}:${page}:${session}`)
    if (own.target !== undefined) {
      const parsed = parseUrl(own.url)
      expect(parsed.ok).toBe(true)
      if (parsed.ok) expect(own.target).toEqual(parsed.value)
    }
  })

  test.prop([fc.maxSafeInteger(), fc.integer(), fc.maxSafeInteger()])('integer IDs always carry their target (the fast path is taken)', (app, page, session) => {
    expect(ownPageUrl(app, page, session).target).toBeDefined()
  })
})

/** A form page whose STAY submit has no branch (the engine's own redirect) and whose NEXT branches away. */
const formApp = {
  id: 900,
  name: 'Own redirects',
  homePage: 1,
  items: [{ name: 'A_COUNT' }],
  computations: [{ point: 'onNewInstance', item: 'A_COUNT', expression: "'1'" }],
  pages: [
    {
      id: 1,
      name: 'Form',
      items: [{ name: 'P1_NAME' }, { name: 'P1_NOTE', storage: 'request' }, { name: 'P1_SHOWN', source: "'shown'", sourceUsed: 'always' }],
      buttons: [{ name: 'STAY' }, { name: 'NEXT' }],
      validations: [{ name: 'Name required', expression: ':P1_NAME IS NOT NULL', message: 'Name is required', item: 'P1_NAME' }],
      branches: [{ point: 'afterProcessing', type: 'redirect', target: 'f?p=&APP_ID.:2:&SESSION.::NO:1', when: { button: 'NEXT' } }],
    },
    { id: 2, name: 'Done', items: [{ name: 'P2_X' }] },
  ],
}

describe('the redirect with its parsed target', () => {
  test('gives the same steps as the redirect whose URL is parsed again', async () => {
    // The trace generator's traffic (branch redirects, logins, clones, waits) with the form app's submits in between:
    // STAY (no branch: the engine's own redirect), NEXT (a branch), and empty names (validation fails, no redirect).
    const generated = [...generateOperations({ events: 1500, sessions: 20, seed: 7 })]
    const ops: unknown[] = [{ type: 'request', url: 'f?p=900:1', as: 'F' }]
    generated.forEach((op, i) => {
      ops.push(op)
      if (i % 5 === 0) {
        const request = i % 15 === 0 ? 'NEXT' : 'STAY'
        ops.push({ type: 'submit', session: 'F', page: 1, request, values: { P1_NAME: i % 20 === 0 ? '' : `name ${i}`, P1_NOTE: `n${i}` } })
        if (request === 'NEXT') ops.push({ type: 'request', session: 'F', url: 'f?p=900:1:&SESSION.' })
      }
    })
    const run = async (): Promise<string[]> => {
      const { Engine } = await import('../../../src-main/engine/engine.js')
      const engine = new Engine({ apps: [...GENERATOR_APPS.map((a) => structuredClone(a)), formApp], seed: 7, settings: GENERATOR_SETTINGS })
      const out: string[] = []
      for (const op of ops) for (const s of engine.run(op)) out.push(JSON.stringify({ ...s, durationMs: undefined }))
      engine.close()
      return out
    }
    const carried = await run()
    // The same engine with redirects that carry no target: the show parses the URL, as before.
    vi.resetModules()
    vi.doMock('../../../src-main/engine/url/own-page-url.js', () => ({
      ownPageUrl: (app: number, page: number, session: number) => ({ url: `f?p=${app}:${page}:${session}` }),
    }))
    const parsedAgain = await run()
    vi.doUnmock('../../../src-main/engine/url/own-page-url.js')
    vi.resetModules()
    // The workload must contain the engine's own redirects, else the comparison proves nothing.
    const ownRedirects = carried.filter((s) => s.includes('"causedBy"') && s.includes('"url":"f?p=900:1:'))
    expect(ownRedirects.length).toBeGreaterThan(100)
    expect(carried.length).toBe(parsedAgain.length)
    for (let i = 0; i < carried.length; i++) expect(carried[i], `step ${i}`).toBe(parsedAgain[i])
  })
})
