/**
 * A trace made from a browser recording: what the real server answered
 * (observed: rendered items, redirects, messages) is searchable (issue #15:
 * "every request, posted value and answer is steppable and searchable"),
 * listed apart from changes, on the text path, the worker path and a reused
 * index. Expected values are read by hand from the constructed recording
 * test/fixtures/har/onboarding-next-to-45.constructed.har: its sixth APEX
 * request (step 5 of the recorded-only trace) shows page 45 with
 * P45_SUMMARY = 'KING (CLERK)'; its fifth (step 4) is the NEXT submit the
 * server redirected to f?p=100:45:5000000000005.
 */
import { copyFileSync, mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { EngineService } from '../../src-main/api/engine-service.js'
import { searchAnswers } from '../../src-main/timeline/answer-index.js'
import { call } from '../timeline/api-call.js'

const HAR = new URL('../fixtures/har/onboarding-next-to-45.constructed.har', import.meta.url).pathname
const dir = mkdtempSync(join(tmpdir(), 'ss-answer-search-'))
afterAll(() => rmSync(dir, { recursive: true, force: true }))

describe('search in the real server’s answers', () => {
  it('finds a rendered value, a redirect target; not a change, so listed apart', async () => {
    const s = new EngineService({ workspaceDir: join(dir, 'ws1') })
    const opened = await call(s, 'workspace.openHarText', { text: readFileSync(HAR, 'utf8'), name: 'o45.har' })
    expect(opened.recordedOnly).toBe(true)
    const r = await call(s, 'timeline.search', { query: 'king (clerk)' })
    expect(r.total).toBe(0)
    expect(r.answers).toEqual({ hits: [{ step: 5, session: expect.any(Number), app: 100, page: 45, item: 'P45_SUMMARY', value: 'KING (CLERK)', answer: 'item' }], total: 1, leftOut: 0 })
    const redirect = await call(s, 'timeline.search', { query: '100:45:' })
    expect(redirect.answers?.hits).toMatchObject([{ step: 4, item: 'redirect', value: 'f?p=100:45:5000000000005', answer: 'redirect' }])
    // A rendered item's name finds it too; a part's name ("redirect") is not its text.
    expect((await call(s, 'timeline.search', { query: 'p45_deptno' })).answers?.hits.map((h) => h.item)).toEqual(['P45_DEPTNO'])
    expect((await call(s, 'timeline.search', { query: 'redirect' })).answers?.total ?? 0).toBe(0)
    s.close()
  })

  it('a trace file keeps its answers when its index is reused', async () => {
    const s = new EngineService({ workspaceDir: join(dir, 'ws2') })
    const opened = await call(s, 'workspace.openHarText', { text: readFileSync(HAR, 'utf8'), name: 'o45.har' })
    expect(opened.file?.source).toBeTruthy()
    const copy = join(dir, 'copy.sstrace')
    copyFileSync(opened.file!.source!, copy)
    const first = await call(s, 'workspace.openTraceFile', { path: copy })
    expect(first.file?.reused).toBe(false)
    // The workspace file (the reusable index) is completed in the background.
    await s.current.ready
    s.close()
    const s2 = new EngineService({ workspaceDir: join(dir, 'ws2') })
    const again = await call(s2, 'workspace.openTraceFile', { path: copy })
    expect(again.file?.reused).toBe(true)
    expect((await call(s2, 'timeline.search', { query: 'KING (CLERK)' })).answers?.total).toBe(1)
    s2.close()
  })

  it('with the recording’s app open (the answers compared on replay), the same answers are searched', async () => {
    const s = new EngineService({ workspaceDir: join(dir, 'ws4') })
    await call(s, 'workspace.openDemo', { name: 'onboarding-wizard' })
    const opened = await call(s, 'workspace.openHarText', { text: readFileSync(HAR, 'utf8'), name: 'o45.har' })
    expect(opened.recordedOnly).toBe(false)
    const r = await call(s, 'timeline.search', { query: 'KING (CLERK)' })
    expect(r.answers?.hits).toMatchObject([{ item: 'P45_SUMMARY', value: 'KING (CLERK)', page: 45, answer: 'item' }])
    s.close()
  })

  it('a trace with no answers has no answers part', async () => {
    const s = new EngineService({ workspaceDir: join(dir, 'ws3') })
    await call(s, 'workspace.openDemo', { name: 'onboarding-wizard' })
    expect((await call(s, 'timeline.search', { query: 'KING' })).answers).toBeUndefined()
    s.close()
  })

  it('bounded: the list says how many answers the load left out; matching is case-insensitive unless asked', () => {
    const list = { entries: [{ step: 0, session: 1, app: 100, page: 1, part: 'item' as const, name: 'P1_X', value: 'Abc' }], leftOut: 7 }
    expect(searchAnswers(list, 'abc')).toEqual({ hits: [{ step: 0, session: 1, app: 100, page: 1, item: 'P1_X', value: 'Abc', answer: 'item' }], total: 1, leftOut: 7 })
    expect(searchAnswers(list, 'abc', { caseSensitive: true }).total).toBe(0)
  })
})
