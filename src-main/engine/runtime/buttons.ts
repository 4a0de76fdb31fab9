/**
 * Buttons as APEX shows them (issue #11): a button is displayed when its
 * display condition holds, and a button whose action is "Defined by Dynamic
 * Action" does not submit the page. The engine checks both when a submit
 * names a button as its request, and records the displayed buttons of every
 * page it renders (the page simulator shows those).
 */
import type { Button, Condition } from '../model/app-definition.js'
import { normalizeName } from '../model/values.js'
import type { RequestContext } from './request-context.js'

export type Shown = 'shown' | 'hidden' | 'unknown'

type ButtonDef = Button & { action?: string; displayWhen?: Condition }

/**
 * Whether the button's display condition holds. SQL/PL/SQL that does not run
 * here is "unknown" — never a reason to refuse a press — and is evaluated
 * without the not-simulated notice a step condition gives (display is not a
 * step of the request).
 */
export function buttonShown(rc: RequestContext, button: ButtonDef): Shown {
  const c = button.displayWhen
  if (c === undefined) return 'shown'
  const where = `display condition of button ${button.name}`
  if (c.notSimulated !== undefined) {
    const plan = rc.logic?.plan(c.notSimulated, 'condition')
    if (!plan?.ok) return 'unknown'
    const holds = rc.logic!.test(plan, where)
    if (holds === undefined) return 'unknown'
    if (!holds) return 'hidden'
  }
  if (c.expression !== undefined) {
    if (!rc.app.expressions.has(c.expression)) return 'unknown'
    if (!rc.evaluateTest(c.expression, where)) return 'hidden'
  }
  return 'shown'
}

/** The button whose normalized name is `name` (a loop: this runs for every submit with a request). */
function buttonNamed(buttons: ButtonDef[] | undefined, name: string): ButtonDef | undefined {
  if (buttons === undefined) return undefined
  for (const b of buttons) if (normalizeName(b.name) === name) return b
  return undefined
}

/** Why pressing the page's button named by `request` cannot submit it; null when it can (or no such button). */
export function pressProblem(rc: RequestContext, request: string | null): string | null {
  if (request === null) return null
  const name = normalizeName(request)
  const button = buttonNamed(rc.page.def.buttons as ButtonDef[] | undefined, name)
  if (button === undefined) return null
  if (button.action === 'DEFINED_BY_DA') return `button ${button.name} is defined by a dynamic action: pressing it does not submit page ${rc.page.id}`
  if (buttonShown(rc, button) === 'hidden') return `button ${button.name} is not displayed on page ${rc.page.id} (its display condition does not hold), so it cannot be pressed`
  return null
}

/** Displayed buttons of the page (names), when any button has a display condition or a dynamic action; else undefined. */
export function displayedButtons(rc: RequestContext): string[] | undefined {
  const buttons = rc.page.def.buttons as ButtonDef[] | undefined
  if (buttons === undefined || !buttons.some((b) => b.displayWhen !== undefined || b.action === 'DEFINED_BY_DA')) return undefined
  return buttons.filter((b) => buttonShown(rc, b) !== 'hidden').map((b) => b.name)
}
