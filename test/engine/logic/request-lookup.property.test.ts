/**
 * A request's name lookup (runtime/request-context.ts `lookup`, every bind of
 * every statement) answers a name that is already an item's key without
 * normalizing it again. Checked against the general rule of semantics §7 —
 * normalize, built-ins first, then the item — for names in every form: item
 * names as stored, lower case, padded, built-ins (one of them also an item's
 * name), unknown names and arbitrary text.
 */
import { fc, test } from '@fast-check/vitest'
import { expect } from 'vitest'
import { compileApps } from '../../../src-main/engine/app/compile-app.js'
import type { EngineContext } from '../../../src-main/engine/runtime/engine-context.js'
import { RequestContext } from '../../../src-main/engine/runtime/request-context.js'
import type { StepRecorder } from '../../../src-main/engine/runtime/step-recorder.js'
import { normalizeName } from '../../../src-main/engine/model/values.js'

const [app] = compileApps([
  {
    id: 100,
    name: 'Lookup',
    homePage: 1,
    items: [{ name: 'G_USER_NOTE' }, { name: 'app_user' }],
    pages: [{ id: 1, name: 'One', items: [{ name: 'P1_NAME' }, { name: 'P1_EMPTY' }, { name: 'p1_lower' }, { name: 'P1_REQ', storage: 'request' }] }],
  },
])
if (app === undefined) throw new Error('the test app did not compile')
const page = app.pages.get(1)!
const SESSION = 7

/** Session state holding some of the items' values (the rest have none). */
const stored = new Map<string, { value: string | null }>()
const ctx = {
  state: {
    sessions: new Map([[SESSION, { id: SESSION, user: 'ALICE', apps: [100] }]]),
    rows: new Map([[SESSION, stored]]),
    getUserRow: () => undefined,
  },
  apps: new Map([[100, app]]),
  settings: {},
} as unknown as EngineContext

function request(): RequestContext {
  const rc = new RequestContext(ctx, {} as StepRecorder, SESSION, app!, page)
  rc.request = 'SAVE'
  return rc
}
for (const name of ['P1_NAME', 'G_USER_NOTE', 'APP_USER']) {
  const info = app.items.get(name)
  if (info === undefined) throw new Error(`no item ${name}`)
  stored.set(info.rowKey, { value: `${name} value` })
}

/** The general rule, as the lookup was written before its shortcut. */
function generalLookup(rc: RequestContext, name: string): string | null | undefined {
  const n = normalizeName(name)
  const b = rc.builtin(n)
  if (b !== undefined) return b
  const info = rc.item(n)
  return info === undefined ? undefined : rc.storedValue(info)
}

const itemNames = [...app.items.keys()]
const names = fc.oneof(
  fc.constantFrom(...itemNames),
  fc.constantFrom(...itemNames).map((n) => n.toLowerCase()),
  fc.constantFrom(...itemNames).map((n) => ` ${n}\t`),
  fc.constantFrom('APP_USER', 'app_user', 'APP_ID', 'SESSION', 'REQUEST', 'APP_PAGE_ID', 'DEBUG', 'FLOW_ID', 'NO_SUCH_ITEM'),
  fc.string({ maxLength: 12 }),
  fc.string({ unit: 'grapheme', maxLength: 6 }),
)

test.prop([fc.array(names, { minLength: 1, maxLength: 20 }), fc.array(fc.tuple(fc.constantFrom(...itemNames), fc.option(fc.string({ maxLength: 5 }))), { maxLength: 4 })])(
  "lookup answers every name as normalize-then-look-up does, with and without this request's own values",
  (asked, given) => {
    const rc = request()
    // Values this request gave items (what setItem keeps before storing them), set directly: no recorder here.
    if (given.length > 0) (rc as unknown as { valueMap: Map<string, string | null> }).valueMap = new Map(given)
    for (const name of asked) expect(rc.lookup(name), name).toEqual(generalLookup(rc, name))
  },
)

test('the built-in wins over an item of the same name, as the general rule says', () => {
  const rc = request()
  expect(app.items.has('APP_USER')).toBe(true)
  expect(rc.lookup('APP_USER')).toBe('ALICE')
  expect(rc.lookup('P1_NAME')).toBe('P1_NAME value')
  expect(rc.lookup('p1_name')).toBe('P1_NAME value')
  expect(rc.lookup('P1_EMPTY')).toBeNull()
  expect(rc.lookup('NO_SUCH_ITEM')).toBeUndefined()
})
