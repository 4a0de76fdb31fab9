/**
 * Review finding 5 (issue #16): one rule for a browser name — 1–60
 * characters, no control characters, no space at either end, not starting
 * with `~` — in the operation schemas, their fast path, the trace loader's
 * fast validation and browser.open. A bad name is a payload error naming the
 * field and the rule, never a recorded step.
 */
import { afterEach, describe, expect, it } from 'vitest'
import type { ApiResponse, MethodName } from '../../../src-main/api/contract.js'
import { EngineService } from '../../../src-main/api/engine-service.js'
import { fastParseOperation } from '../../../src-main/engine/model/operation-fast-parse.js'
import { BrowserNameSchema, OperationSchema } from '../../../src-main/engine/model/operation.js'
import { fastAcceptEvent } from '../../../src-main/timeline/load/fast-validate.js'
import { DEFAULT_MAX_VALUE_BYTES } from '../../../src-main/trace/limits.js'

const BAD: [string, RegExp][] = [
  ['', /may not be empty/],
  ['x'.repeat(61), /at most 60 characters/],
  ['a\u0000b', /control characters/],
  ['Alice\n', /control characters/],
  ['~1', /may not start with ~/],
  [' Alice', /start or end with a space/],
  ['Alice ', /start or end with a space/],
]
const GOOD = ['Alice', "Alice's laptop", 'B2', 'x'.repeat(60), 'Zoë ~ 2']

let service: EngineService | null = null
afterEach(() => {
  service?.close()
  service = null
})

async function dispatch<M extends MethodName>(s: EngineService, method: M, payload: unknown) {
  return (await s.dispatch(method, payload)) as ApiResponse<M>
}

describe('browser names', () => {
  it('the schema refuses each bad name with the rule it breaks and takes the good ones', () => {
    for (const [name, rule] of BAD) {
      const r = BrowserNameSchema.safeParse(name)
      expect(r.success, JSON.stringify(name)).toBe(false)
      expect(r.error!.issues.map((i) => i.message).join('; '), JSON.stringify(name)).toMatch(rule)
    }
    for (const name of GOOD) expect(BrowserNameSchema.safeParse(name).success, name).toBe(true)
  })

  it('operations, their fast path and the trace loader agree with the schema', () => {
    for (const name of [...BAD.map(([n]) => n), ...GOOD]) {
      const ok = BrowserNameSchema.safeParse(name).success
      for (const op of [
        { type: 'request', browser: name, url: 'f?p=100:1' },
        { type: 'login', browser: name, session: 'A', user: 'U' },
        { type: 'submit', browser: name, session: 'A', page: 1 },
      ]) {
        expect(OperationSchema.safeParse(op).success, `${op.type} ${JSON.stringify(name)}`).toBe(ok)
        expect(fastParseOperation(op) !== undefined, `fast ${op.type} ${JSON.stringify(name)}`).toBe(ok)
        expect(fastAcceptEvent(op, DEFAULT_MAX_VALUE_BYTES), `loader ${op.type} ${JSON.stringify(name)}`).toBe(ok)
      }
    }
  })

  it('operate refuses a bad name as a payload error naming op.browser, and records nothing', async () => {
    const s = (service = new EngineService())
    await dispatch(s, 'workspace.new', { apps: [{ id: 100, name: 'HR', homePage: 1, pages: [{ id: 1, name: 'Home' }] }], title: 'names' })
    for (const [name, rule] of BAD) {
      const r = await dispatch(s, 'operate', { op: { type: 'request', browser: name, url: 'f?p=100:1' } })
      expect(r.ok, JSON.stringify(name)).toBe(false)
      if (r.ok) continue
      expect(r.error.code).toBe('invalidPayload')
      expect(r.error.field).toBe('op.browser')
      expect(r.error.message).toMatch(rule)
    }
    const count = await dispatch(s, 'steps.count', {})
    expect(count.ok && count.result.count).toBe(0)
    const good = await dispatch(s, 'operate', { op: { type: 'request', browser: "Alice's laptop", url: 'f?p=100:1' } })
    expect(good.ok && good.result.steps[0]!.outcome).toBe('ok')
  })
})

describe('browser names in the panel asks', () => {
  it('browser.open refuses a bad name naming the field; timeline.browsers.collapsed takes named and implicit browsers only', async () => {
    const s = (service = new EngineService())
    await dispatch(s, 'workspace.new', { apps: [{ id: 100, name: 'HR', homePage: 1, pages: [{ id: 1, name: 'Home' }] }], title: 'names' })
    for (const [name, rule] of BAD.filter(([n]) => n.trim() === n)) {
      const r = await dispatch(s, 'browser.open', { name })
      expect(r.ok, JSON.stringify(name)).toBe(false)
      if (!r.ok) {
        expect(r.error.field).toBe('name')
        expect(r.error.message).toMatch(rule)
      }
    }
    // What the user typed is trimmed first.
    const opened = await dispatch(s, 'browser.open', { name: '  Carol ' })
    expect(opened.ok && opened.result.name).toBe('Carol')
    const ask = (collapsed: string[]) => dispatch(s, 'timeline.browsers', { point: { step: 0 }, offset: 0, limit: 10, collapsed })
    await dispatch(s, 'operate', { op: { type: 'request', browser: 'Alice', url: 'f?p=100:1' } })
    expect((await ask(['Alice', '~12'])).ok).toBe(true)
    const bad = await ask(['a\u0000b'])
    expect(bad.ok).toBe(false)
    if (!bad.ok) expect(bad.error.field).toBe('collapsed.0')
  })
})
