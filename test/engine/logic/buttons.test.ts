/**
 * Buttons as APEX shows them (issue #11): display conditions decide whether a
 * button can be pressed, a "Defined by Dynamic Action" button never submits,
 * and built-in names such as APP_BUILDER_SESSION are known (no warning).
 */
import { describe, expect, it } from 'vitest'
import type { AppDefinition } from '../../../src-main/engine/model/app-definition.js'
import { makeEngine, valueOf, warnings } from '../helpers/engine-helpers.js'

const app = {
  id: 100,
  name: 'Buttons',
  homePage: 1,
  items: [{ name: 'BUILDER' }],
  computations: [{ point: 'beforeHeader', item: 'BUILDER', expression: "NVL(:APP_BUILDER_SESSION, 'none')" }],
  pages: [
    {
      id: 1,
      name: 'Form',
      items: [{ name: 'P1_ID' }, { name: 'P1_NAME', label: 'Name' }],
      validations: [{ name: 'Name short', expression: 'LENGTH(:P1_NAME) < 10 OR :P1_NAME IS NULL', message: '#LABEL# must be short', item: 'P1_NAME' }],
      buttons: [
        { name: 'CREATE', displayWhen: { expression: ':P1_ID IS NULL' } },
        { name: 'SAVE', displayWhen: { expression: ':P1_ID IS NOT NULL' } },
        { name: 'CANCEL', action: 'DEFINED_BY_DA' },
        { name: 'MAYBE', displayWhen: { notSimulated: { kind: 'PL/SQL function body condition', text: 'return pkg.f;' } } },
      ],
      processes: [{ name: 'Name it', point: 'processing', type: 'setItems', items: { P1_NAME: "'saved'" } }],
    },
  ],
} as AppDefinition

describe('buttons', () => {
  it('records the buttons a render shows: display conditions decide, unknown conditions do not hide', () => {
    const engine = makeEngine([app], { logicBackend: null })
    const [step] = engine.run({ type: 'request', url: 'f?p=100:1', as: 'A' })
    const render = step!.phases.find((p) => p.kind === 'itemsRender')
    expect(render?.detail?.buttons).toEqual(['CREATE', 'CANCEL', 'MAYBE'])
    const [again] = engine.run({ type: 'request', url: 'f?p=100:1:::::P1_ID:7', session: 'A' })
    expect(again!.phases.find((p) => p.kind === 'itemsRender')?.detail?.buttons).toEqual(['SAVE', 'CANCEL', 'MAYBE'])
  })

  it('refuses a press of a hidden button (nothing posted is kept) and of a dynamic-action button; a shown one submits', () => {
    const engine = makeEngine([app], { logicBackend: null })
    engine.run({ type: 'request', url: 'f?p=100:1', as: 'A' })
    const hidden = engine.run({ type: 'submit', session: 'A', page: 1, request: 'SAVE', values: { P1_NAME: 'typed' } })
    expect(hidden).toHaveLength(1)
    expect(hidden[0]).toMatchObject({ outcome: 'error', reason: 'submit of page 1: button SAVE is not displayed on page 1 (its display condition does not hold), so it cannot be pressed', effects: [] })
    const da = engine.run({ type: 'submit', session: 'A', page: 1, request: 'CANCEL', values: {} })
    expect(da[0]).toMatchObject({ outcome: 'error', reason: 'submit of page 1: button CANCEL is defined by a dynamic action: pressing it does not submit page 1', effects: [] })
    expect(valueOf(engine, 'A', 'P1_NAME')).toBeNull()
    const shown = engine.run({ type: 'submit', session: 'A', page: 1, request: 'CREATE', values: {} })
    expect(shown[0]?.outcome).toBe('ok')
    // The display condition reads the posted values: the page showed SAVE for a row with an ID.
    expect(engine.run({ type: 'submit', session: 'A', page: 1, request: 'SAVE', values: { P1_ID: '7' } })[0]?.outcome).toBe('ok')
    // A condition that cannot be evaluated never blocks a press.
    expect(engine.run({ type: 'submit', session: 'A', page: 1, request: 'MAYBE', values: {} })[0]?.outcome).toBe('ok')
    expect(valueOf(engine, 'A', 'P1_NAME')).toBe('saved')
  })

  it('knows APP_BUILDER_SESSION (null: no App Builder here) without a warning', () => {
    const engine = makeEngine([app], { logicBackend: null })
    const [step] = engine.run({ type: 'request', url: 'f?p=100:1', as: 'A' })
    expect(warnings(step!)).toEqual([])
    expect(valueOf(engine, 'A', 'BUILDER')).toBe('none')
  })
})

describe('validation messages', () => {
  it("replace #LABEL# with the item's label", () => {
    const engine = makeEngine([app], { logicBackend: null })
    engine.run({ type: 'request', url: 'f?p=100:1', as: 'A' })
    const [step] = engine.run({ type: 'submit', session: 'A', page: 1, request: 'CREATE', values: { P1_NAME: 'a very long name' } })
    expect(step?.errors).toEqual([{ validation: 'Name short', message: 'Name must be short', item: 'P1_NAME' }])
  })
})
