/**
 * The flow graph (timeline.flow) against graphs written by hand from the
 * demos' traces: the wizard's loop back to page 44 is one node with an edge
 * back, a clone starts its own graph, sessions do not mix, a login's new ID
 * keeps the session's flow, and the index reads each step once.
 */
import { afterEach, describe, expect, it } from 'vitest'
import { EngineService } from '../../src-main/api/engine-service.js'
import type { MethodResults } from '../../src-main/api/contract.js'
import type { Step } from '../../src-main/engine/model/step.js'
import { FlowIndex, PATH_LIMIT, flowGraph, flowIndexOf } from '../../src-main/timeline/flow-graph.js'
import type { FlowGraph, FlowSource } from '../../src-main/timeline/flow-graph.js'

let service: EngineService
afterEach(() => service?.close())

async function openDemo(name: string): Promise<EngineService> {
  service = new EngineService()
  const r = await service.dispatch('workspace.openDemo', { name })
  if (!r.ok) throw new Error(r.error.message)
  return service
}

async function flow(payload: { session?: number; upTo: number }): Promise<MethodResults['timeline.flow']> {
  const r = await service.dispatch('timeline.flow', payload)
  if (!r.ok) throw new Error(r.error.message)
  return r.result as MethodResults['timeline.flow']
}

/** Edges as "from > to kind button ×count (≤upTo: n)" lines, sorted: easy to read against the trace. */
function edgeLines(g: FlowGraph): string[] {
  return g.edges.map((e) => `${e.from} > ${e.to} ${e.kind}${e.button ? ` ${e.button}` : ''} ×${e.count} (${e.countUpTo})`).sort()
}
function nodeLines(g: FlowGraph): string[] {
  return g.nodes.map((n) => `${n.id} shown ${n.shows} (${n.showsUpTo})`).sort()
}
const sessionOf = (alias: string) => service.engine!.sessions().find((s) => s.alias === alias)!.id

describe('flow graph of the onboarding wizard (Oracle figure 8-23)', () => {
  it('draws each page once, the loop back to page 43 and the failed validation on 44 as edges, with counts', async () => {
    await openDemo('onboarding-wizard')
    const g = await flow({ upTo: 13 })
    // Steps: 0 show 1 · 1-2 ADD → 43 · 3-4 NEXT → 44 · 5 NEXT fails on 44 · 6-7 PREVIOUS → 43 · 8-9 NEXT → 44 · 10-11 NEXT → 45 · 12-13 FINISH → 1
    expect(nodeLines(g)).toEqual(['page:100:1 shown 2 (2)', 'page:100:43 shown 2 (2)', 'page:100:44 shown 3 (3)', 'page:100:45 shown 1 (1)', 'start shown 0 (0)'])
    expect(edgeLines(g)).toEqual([
      'page:100:1 > page:100:43 branch ADD ×1 (1)',
      'page:100:43 > page:100:44 branch NEXT ×2 (2)',
      'page:100:44 > page:100:43 branch PREVIOUS ×1 (1)',
      'page:100:44 > page:100:44 redisplay NEXT ×1 (1)',
      'page:100:44 > page:100:45 branch NEXT ×1 (1)',
      'page:100:45 > page:100:1 branch FINISH ×1 (1)',
      'start > page:100:1 url ×1 (1)',
    ])
    expect(g.current).toBe('page:100:1')
    expect(g.moves).toBe(8)
    // The wizard's way in and FINISH both clear the wizard's pages (the branch targets' ClearCache); Next and Previous keep them.
    expect(Object.fromEntries(g.edges.map((e) => [`${e.kind} ${e.button ?? ''}`.trim() + (e.kind === 'branch' && e.button === 'NEXT' ? ` ${e.to}` : ''), e.clearCache]))).toEqual({
      url: null,
      'branch ADD': '43,44,45',
      'branch NEXT page:100:44': null,
      'redisplay NEXT': null,
      'branch PREVIOUS': null,
      'branch NEXT page:100:45': null,
      'branch FINISH': '43,44,45',
    })
    expect(g.path.map((p) => p.step)).toEqual([0, 2, 4, 5, 7, 9, 11, 13])
  })

  it('counts up to the playhead: at step 6 (PREVIOUS pressed, its page not shown yet) the session is on 44 and the path has 4 moves', async () => {
    await openDemo('onboarding-wizard')
    const g = await flow({ upTo: 6 })
    expect(g.session).toBe(sessionOf('A'))
    expect(nodeLines(g)).toEqual(['page:100:1 shown 2 (1)', 'page:100:43 shown 2 (1)', 'page:100:44 shown 3 (2)', 'page:100:45 shown 1 (0)', 'start shown 0 (0)'])
    expect(g.current).toBe('page:100:44')
    expect(g.path).toEqual([
      { edge: 'start>page:100:1:url', step: 0 },
      { edge: 'page:100:1>page:100:43:branch:ADD', step: 2 },
      { edge: 'page:100:43>page:100:44:branch:NEXT', step: 4 },
      { edge: 'page:100:44>page:100:44:redisplay:NEXT', step: 5 },
    ])
    const back = g.edges.find((e) => e.kind === 'branch' && e.button === 'PREVIOUS')!
    expect([back.countUpTo, back.lastStepUpTo, back.firstStep]).toEqual([0, null, 7])
  })

  it('before the first step there is no default session; upTo past the end is refused naming the field', async () => {
    await openDemo('onboarding-wizard')
    const g = await flow({ upTo: -1 })
    expect([g.session, g.nodes.length, g.current]).toEqual([null, 0, null])
    const r = await service.dispatch('timeline.flow', { upTo: 14 })
    expect(r.ok).toBe(false)
    if (!r.ok) expect([r.error.code, r.error.field]).toEqual(['invalidPayload', 'upTo.step'])
  })
})

describe('flow graph per session', () => {
  it('a clone starts its own graph on the page it was cloned on, and logging out ends it', async () => {
    await openDemo('session-cloning')
    // 0 A shows 43 · 1-2 NEXT → 44 · 3 clone A → B on 44 · 4-5 A NEXT → 45 · 6 clone B → C · 8 A shows 45 by URL · 10 B logs out (the group)
    const a = await flow({ upTo: 10, session: sessionOf('A') })
    expect(edgeLines(a)).toEqual([
      'page:100:43 > page:100:44 branch NEXT ×1 (1)',
      'page:100:44 > page:100:45 branch NEXT ×1 (1)',
      'page:100:45 > page:100:45 url ×1 (1)',
      'start > page:100:43 url ×1 (1)',
    ])
    const b = await flow({ upTo: 10, session: sessionOf('B') })
    expect(edgeLines(b)).toEqual(['page:100:44 > end logout ×1 (1)', 'start > page:100:44 clone ×1 (1)'])
    expect(nodeLines(b)).toEqual(['end shown 0 (0)', 'page:100:44 shown 1 (1)', 'start shown 0 (0)'])
    expect(b.current).toBe('end')
    const c = await flow({ upTo: 5, session: sessionOf('C') })
    // C is cloned at step 6: at step 5 its graph exists but nothing is reached yet.
    expect(edgeLines(c)).toEqual(['start > page:100:44 clone ×1 (0)'])
    expect(c.current).toBeNull()
    // The default session is the step's: step 3 is the clone, in B.
    expect((await flow({ upTo: 3 })).session).toBe(sessionOf('B'))
  })

  it('two sessions never mix; a new ID for the same alias after logout is a new graph; expiry ends a session', async () => {
    await openDemo('timeouts-and-logout')
    const steps = service.steps
    const idAt = (i: number) => steps[i]!.session!
    // A: 0 shows 43 · 1-2 NEXT → 44 · 4 expired
    expect(edgeLines(await flow({ upTo: 14, session: idAt(0) }))).toEqual([
      'page:100:43 > page:100:44 branch NEXT ×1 (1)',
      'page:100:44 > end expired ×1 (1)',
      'start > page:100:43 url ×1 (1)',
    ])
    // B: 5-8 shows 1 four times by URL · 9 expired
    const b = await flow({ upTo: 7, session: idAt(5) })
    expect(edgeLines(b)).toEqual(['page:100:1 > end expired ×1 (0)', 'page:100:1 > page:100:1 url ×3 (2)', 'start > page:100:1 url ×1 (1)'])
    expect(nodeLines(b)).toEqual(['end shown 0 (0)', 'page:100:1 shown 4 (3)', 'start shown 0 (0)'])
    // C: 10 shows 43 · 11-12 NEXT → 44 · 13 logout; 14 is a new session (a new ID) although the trace calls it C again.
    expect(edgeLines(await flow({ upTo: 14, session: idAt(10) }))).toEqual([
      'page:100:43 > page:100:44 branch NEXT ×1 (1)',
      'page:100:44 > end logout ×1 (1)',
      'start > page:100:43 url ×1 (1)',
    ])
    expect(idAt(14)).not.toBe(idAt(10))
    expect(edgeLines(await flow({ upTo: 14 }))).toEqual(['start > page:100:43 url ×1 (1)'])
  })

  it('a login rotates the ID but the flow stays one graph, asked by either ID', async () => {
    await openDemo('per-user')
    const steps = service.steps
    const before = steps[0]!.session!
    const after = steps[2]!.session!
    expect(after).not.toBe(before)
    const g1 = await flow({ upTo: 15, session: before })
    const g2 = await flow({ upTo: 15, session: after })
    // 0 shows 1 · 1 login (no page move) · 2 shows 1 by URL · 3-4 SAVE → 1 · 5 logout
    expect(edgeLines(g1)).toEqual(['page:400:1 > end logout ×1 (1)', 'page:400:1 > page:400:1 branch SAVE ×1 (1)', 'page:400:1 > page:400:1 url ×1 (1)', 'start > page:400:1 url ×1 (1)'])
    expect(edgeLines(g2)).toEqual(edgeLines(g1))
    expect(g1.sessionIds).toEqual([before, after])
  })
})

describe('flow index work', () => {
  it('reads each step once: a query after a live step reads only that step', async () => {
    await openDemo('onboarding-wizard')
    await flow({ upTo: 13 })
    const index = flowIndexOf(service.timeline)
    expect(index.stepsRead).toBe(14)
    const r = await service.dispatch('operate', { op: { type: 'request', session: 'A', url: 'f?p=HR:44:&SESSION.' } })
    expect(r.ok).toBe(true)
    const g = await flow({ upTo: 14 })
    expect(flowIndexOf(service.timeline)).toBe(index)
    expect(index.stepsRead).toBe(15)
    expect(edgeLines(g)).toContain('page:100:1 > page:100:44 url ×1 (1)')
    // Asking again reads nothing.
    await flow({ upTo: 14 })
    expect(index.stepsRead).toBe(15)
  })

  it('keeps only the newest PATH_LIMIT path entries of a long session and counts the rest', () => {
    const n = PATH_LIMIT * 3 + 7
    const steps: Step[] = Array.from({ length: n }, (_, i) => showStep(i, 7, 100, i % 2 === 0 ? 1 : 2))
    const source = fakeSource(steps)
    const g = flowGraph(source, { upTo: n - 1 })
    expect(g.path.length).toBe(PATH_LIMIT)
    expect(g.pathOmitted).toBe(n - PATH_LIMIT)
    // The last step (n - 1, even) shows page 1 again after page 2.
    expect(g.path[PATH_LIMIT - 1]).toEqual({ edge: 'page:100:2>page:100:1:url', step: n - 1 })
    expect(g.path[0]!.step).toBe(n - PATH_LIMIT)
    // Two pages alternating: 2 nodes + start, 3 edges, whatever the length.
    // n = 1,507: odd steps 1…1,505 go 1 → 2 (753), even steps 2…1,506 go 2 → 1 (753).
    expect(n).toBe(1507)
    expect(edgeLines(g)).toEqual(['page:100:1 > page:100:2 url ×753 (753)', 'page:100:2 > page:100:1 url ×753 (753)', 'start > page:100:1 url ×1 (1)'])
  })

  it('walks only the asked session: the other sessions’ moves are not visited', () => {
    // 1,000 sessions of 3 steps each; one query visits 3 moves.
    const steps: Step[] = []
    for (let i = 0; i < 3000; i++) steps.push(showStep(i, 1000 + (i % 1000), 100, 1 + Math.floor(i / 1000)))
    const index = new FlowIndex(fakeSource(steps))
    const g = index.graph(1042, 2999)
    expect(g.moves).toBe(3)
    expect(edgeLines(g)).toEqual(['page:100:1 > page:100:2 url ×1 (1)', 'page:100:2 > page:100:3 url ×1 (1)', 'start > page:100:1 url ×1 (1)'])
  })

  it('bounds the work on a long timeline: counts the blocks around the playhead, reads only those, and starts the session at "earlier"', () => {
    // One session alternating pages 1 and 2 for 1,000 steps; blocks of 100, one block back, none ahead.
    const steps = Array.from({ length: 1000 }, (_, i) => showStep(i, 9, 100, i % 2 === 0 ? 1 : 2))
    const index = new FlowIndex(fakeSource(steps), { blockSize: 100, blocksBack: 1, blocksAhead: 0 })
    const g = index.graph(9, 950)
    expect(g.window).toEqual({ from: 800, to: 1000 })
    expect(index.stepsRead).toBe(200)
    // Step 800 shows page 1 after page 2 (step 799, not counted): the session came from before the window.
    expect(edgeLines(g)).toEqual(['earlier > page:100:1 url ×1 (1)', 'page:100:1 > page:100:2 url ×100 (75)', 'page:100:2 > page:100:1 url ×99 (75)'])
    expect(g.current).toBe('page:100:1')
    // Moving back reads the blocks it needs once; moving again within them reads nothing.
    index.graph(9, 450)
    expect(index.stepsRead).toBe(400)
    index.graph(9, 420)
    expect(index.stepsRead).toBe(400)
  })

  it('counts a timeline no longer than the window whole, wherever the playhead is', () => {
    // 10 steps, blocks of 2, one back and one ahead: the window (6 steps) is shorter, so at step 0 it is [0, 4) …
    const steps = Array.from({ length: 10 }, (_, i) => showStep(i, 4, 100, i + 1))
    expect(new FlowIndex(fakeSource(steps), { blockSize: 2, blocksBack: 1, blocksAhead: 1 }).windowOf(0)).toEqual({ from: 0, to: 4 })
    // … and 6 steps fit it: counted whole from step 0, the later steps included.
    const short = fakeSource(steps.slice(0, 6))
    const index = new FlowIndex(short, { blockSize: 2, blocksBack: 1, blocksAhead: 1 })
    expect(index.windowOf(0)).toEqual({ from: 0, to: 6 })
    expect(index.graph(4, 0).moves).toBe(6)
  })

  it('a redirect whose submit lies in a block not read still counts as that submit’s branch', () => {
    const steps: Step[] = Array.from({ length: 99 }, (_, i) => showStep(i, 3, 100, 1))
    steps.push({ ...showStep(99, 3, 100, 1), kind: 'accept', input: { type: 'submit', page: 1, request: 'GO' } as Step['input'], phases: [{ kind: 'branch', label: 'Branch', start: 0, end: 0, detail: { type: 'redirect' } }] })
    steps.push({ ...showStep(100, 3, 100, 7), causedBy: 99 })
    const index = new FlowIndex(fakeSource(steps), { blockSize: 100, blocksBack: 0, blocksAhead: 0 })
    const g = index.graph(3, 100)
    expect(g.window).toEqual({ from: 100, to: 101 })
    // The submit was on page 1: the edge starts there, not at "earlier".
    expect(edgeLines(g)).toEqual(['page:100:1 > page:100:7 branch GO ×1 (1)'])
  })

  it('a timeline that shrank (a new index) is read again from its start', () => {
    const steps = [showStep(0, 5, 100, 1), showStep(1, 5, 100, 2)]
    const source = fakeSource(steps)
    flowGraph(source, { upTo: 1 })
    steps.length = 1
    const g = flowGraph(source, { upTo: 0 })
    expect(edgeLines(g)).toEqual(['start > page:100:1 url ×1 (1)'])
  })

  it('refuses an upTo that is not a step index', () => {
    expect(() => flowGraph(fakeSource([]), { upTo: -2 })).toThrow(/upTo must be a step index/)
    expect(() => flowGraph(fakeSource([]), { upTo: 1.5 })).toThrow(/upTo must be a step index/)
  })
})

function showStep(index: number, session: number, app: number, page: number): Step {
  return { index, t: index, kind: 'show', input: { type: 'request', url: `f?p=${app}:${page}` } as Step['input'], session, app, page, outcome: 'ok', phases: [], effects: [] }
}

function fakeSource(steps: Step[]): FlowSource {
  return {
    get stepCount() {
      return steps.length
    },
    steps: (from, count) => steps.slice(from, from + count),
    slotOfSession: (id) => id,
  }
}
