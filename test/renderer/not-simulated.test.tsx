// @vitest-environment happy-dom
/**
 * Issue #11 items 5 and 6 in the renderer: the inspector's "Not simulated"
 * blocks (reason + the component's original code found by its label), the
 * simulator's badge on fields whose value the engine could not work out, and
 * the import summary's coverage. Definitions, notices and expected texts are
 * written by hand; the notice messages copy the engine's wording.
 */
import { cleanup, render, screen, within } from '@testing-library/react'
import { afterEach, describe, expect, it } from 'vitest'
import type { AppDefinition, Effect } from '../../src-renderer/src/transport/api-types.js'
import { codeForMessage, itemBadges, notSimulatedParts } from '../../src-renderer/src/model/not-simulated.js'
import { NotSimulatedParts } from '../../src-renderer/src/views/inspector/NotSimulatedParts.js'
import { NotSimulatedBadge } from '../../src-renderer/src/views/simulator/PageSimulator.js'
import { Coverage } from '../../src-renderer/src/views/app/ImportApexResult.js'

afterEach(cleanup)

const BRANCH_1 = "return eba_stds_fw.get_preference_value('X') = 'Y';"
const BRANCH_11 = 'select 1 from dual where 1 = 2'
const SAVE = 'begin\n  execute immediate :P5_SQL;\nend;'
const SAVE_WHEN = 'select 1 from emp where xmlexists(:P5_X)'
const SAVE_SHOWN = 'select 1 from eba_users where admin = 1'
const BRANCH_10 = 'return true;'
const LONG = Array.from({ length: 12 }, (_, i) => `  l_${i} := ${i};`).join('\n')

const app = {
  id: 100,
  name: 'Demo',
  homePage: 1,
  pages: [
    {
      id: 1,
      name: 'Home',
      items: [
        { name: 'P1_NAME', notSimulated: { kind: 'SQL query source', text: 'select xmltype(x) from t', language: 'sql', apexType: 'QUERY' } },
        { name: 'P1_PLAIN', source: "'A'" },
        {
          name: 'P1_BOTH',
          notSimulated: { kind: 'SQL query source', text: 'select 1 from dual', language: 'sql', role: 'source', run: 'sqlQuery' },
          moreNotSimulated: [{ kind: 'PL/SQL function body default', text: 'return pkg.f;', language: 'plsql', role: 'default', run: 'plsqlFunctionBody' }],
        },
      ],
      buttons: [{ name: 'SAVE' }],
      branches: [
        ...Array.from({ length: 10 }, (_, i) => ({
          point: 'afterProcessing',
          target: '2',
          when: { notSimulated: { kind: 'PL/SQL function body', text: i === 0 ? BRANCH_1 : `return ${i};`, language: 'plsql' } },
        })),
        { point: 'afterProcessing', target: '3', when: { notSimulated: { kind: 'SQL exists', text: BRANCH_11, language: 'sql' } } },
      ],
    },
    {
      id: 5,
      name: 'Edit',
      buttons: [{ name: 'SAVE', displayWhen: { notSimulated: { kind: 'SQL exists', text: SAVE_SHOWN, language: 'sql' } } }],
      items: [{ name: 'P5_SQL', notSimulated: { kind: 'PL/SQL function body default', text: 'return 1;', language: 'plsql', run: 'plsqlFunctionBody' } }],
      processes: [
        { name: 'Save', point: 'processing', type: 'notSimulated', when: { notSimulated: { kind: 'SQL exists', text: SAVE_WHEN, language: 'sql' } }, notSimulated: { kind: 'PL/SQL process', text: SAVE, language: 'plsql', apexType: 'NATIVE_PLSQL' } },
        { name: 'Long', point: 'processing', type: 'notSimulated', notSimulated: { kind: 'PL/SQL process', text: `begin\n${LONG}\nend;`, language: 'plsql' } },
      ],
    },
    { id: 10, name: 'Ten', branches: [{ point: 'afterProcessing', target: '1', when: { notSimulated: { kind: 'PL/SQL expression', text: BRANCH_10, language: 'plsql' } } }] },
  ],
} as unknown as AppDefinition

const notice = (message: string, extra: Record<string, unknown> = {}): Effect => ({ op: 'notice', code: 'notSimulated', message, session: 7, app: 100, ...extra }) as Effect

describe('the component a not-simulated notice is about', () => {
  it('finds a branch condition by its label, the longest label winning', () => {
    const first = codeForMessage(
      "condition of branch #1 on page 1: PLS-00201: identifier 'EBA_STDS_FW.GET_PREFERENCE_VALUE' must be declared (line 1, column 1) (the app database has no such object)",
      app,
    )
    expect(first).toEqual({ where: 'condition of branch #1 on page 1', code: [{ kind: 'PL/SQL function body', text: BRANCH_1, language: 'plsql' }] })
    const eleventh = codeForMessage('condition of branch #11 on page 1 (SQL exists); treated as false', app)
    expect(eleventh.code.map((c) => c.text)).toEqual([BRANCH_11])
  })

  it('finds a process by its quoted name and page, and an item by the notice\'s item', () => {
    expect(codeForMessage("PL/SQL process process 'Save' on page 5", app).code[0]?.text).toBe(SAVE)
    expect(codeForMessage('SQL query source of item P1_NAME', app, 'P1_NAME', 1)).toEqual({
      where: 'item P1_NAME on page 1',
      code: [{ kind: 'SQL query source', text: 'select xmltype(x) from t', language: 'sql', apexType: 'QUERY' }],
    })
  })

  it("tells a page's branch from page 10's, and a process's condition from its body", () => {
    expect(codeForMessage('condition of branch #1 on page 10 (PL/SQL expression); treated as false', app).code[0]?.text).toBe(BRANCH_10)
    expect(codeForMessage("condition of process 'Save' on page 5 (SQL exists); treated as false", app)).toEqual({
      where: "condition of process 'Save' on page 5",
      code: [{ kind: 'SQL exists', text: SAVE_WHEN, language: 'sql' }],
    })
  })

  it("a failed run's notice names the item's part only in its message: that part's code", () => {
    const reason = "default of item P1_BOTH: PLS-00201: identifier 'PKG.F' must be declared (line 1, column 8) (the app database has no such object)"
    expect(codeForMessage(reason, app)).toEqual({
      where: 'default of item P1_BOTH on page 1',
      code: [{ kind: 'PL/SQL function body default', text: 'return pkg.f;', language: 'plsql', role: 'default' }],
    })
    expect([...itemBadges(app.pages[0]!, { effects: [notice(`not simulated: ${reason}`)] })]).toEqual([['P1_BOTH', reason]])
  })

  it('a button named alike on two pages (the notice names no page): the one with code', () => {
    const found = codeForMessage('display condition of button SAVE: ORA-00942: table or view does not exist (EBA_USERS) (line 1, column 1) (the app database has no such object)', app)
    expect(found).toEqual({ where: 'condition of button SAVE', code: [{ kind: 'SQL exists', text: SAVE_SHOWN, language: 'sql' }] })
  })

  it('says so when nothing in the definition matches', () => {
    expect(codeForMessage("process 'Gone' on page 9", app)).toEqual({ where: null, code: [] })
  })

  it('keeps only not-simulated notices', () => {
    const parts = notSimulatedParts([notice('reportReset', { code: 'reportReset', message: 'report reset' }), notice("not simulated: PL/SQL process process 'Save' on page 5")], [app], 100)
    expect(parts.map((p) => [p.effect, p.reason])).toEqual([[1, "PL/SQL process process 'Save' on page 5"]])
  })
})

describe('the inspector block', () => {
  it('shows the reason and the original code, focusable, short code open and long code collapsed', () => {
    render(
      <NotSimulatedParts
        effects={[notice("not simulated: PL/SQL process process 'Save' on page 5"), notice("not simulated: PL/SQL process process 'Long' on page 5"), notice("not simulated: PL/SQL process process 'Gone' on page 5")]}
        apps={[app]}
        app={100}
      />,
    )
    const blocks = screen.getAllByTestId('not-simulated')
    expect(blocks).toHaveLength(3)
    expect(blocks[0]!.textContent).toContain("Not simulated: PL/SQL process process 'Save' on page 5")
    const save = within(blocks[0]!).getByTestId('original-code')
    expect(save.textContent).toBe(SAVE)
    expect(save.getAttribute('tabindex')).toBe('0')
    expect(save.getAttribute('aria-label')).toBe('Original PL/SQL — PL/SQL process (NATIVE_PLSQL)')
    expect((within(blocks[0]!).getByTestId('original-code-details') as HTMLDetailsElement).open).toBe(true)
    const long = within(blocks[1]!).getByTestId('original-code-details') as HTMLDetailsElement
    expect(long.open).toBe(false)
    expect(long.querySelector('summary')!.textContent).toBe('Original PL/SQL — PL/SQL process · 14 lines')
    expect(within(blocks[2]!).getByTestId('not-simulated-no-code').textContent).toBe('The component could not be found in the app definition.')
  })

  it('renders nothing for a step with no not-simulated notice', () => {
    const { container } = render(<NotSimulatedParts effects={[notice('x', { code: 'reportReset', message: 'report reset' })]} apps={[app]} app={100} />)
    expect(container.innerHTML).toBe('')
  })
})

describe('the simulator badge', () => {
  const page1 = app.pages[0]!
  const page5 = app.pages[1]!

  it("takes the last render's notices for its items", () => {
    const badges = itemBadges(page5, { effects: [notice('not simulated: PLS-00201 … of item P5_SQL', { item: 'P5_SQL' }), notice("not simulated: PL/SQL process process 'Save' on page 5")] })
    expect([...badges]).toEqual([['P5_SQL', 'PLS-00201 … of item P5_SQL']])
  })

  it('without a render, badges only code with no way to run', () => {
    expect([...itemBadges(page1, null)]).toEqual([['P1_NAME', 'SQL query source (no way to run it)']])
    expect([...itemBadges(page5, null)]).toEqual([])
  })

  it('is visible with the reason as its tooltip', () => {
    render(<NotSimulatedBadge reason="SQL query source (no way to run it)" />)
    const badge = screen.getByTestId('not-simulated-badge')
    expect(badge.getAttribute('title')).toBe('Not simulated: SQL query source (no way to run it)')
    expect(badge.textContent).toBe('not simulated: SQL query source (no way to run it)')
  })
})

describe('the import summary coverage', () => {
  it('shows runs by kind, the reasons for the rest and the install statements', () => {
    render(
      <Coverage
        coverage={{
          id: 100,
          mode: 'compiled',
          components: {
            total: 10,
            runs: 7,
            notRun: 3,
            withCode: 0,
            native: 4,
            code: 3,
            percent: 70,
            byKind: { process: { total: 6, runs: 4, notRun: 2, withCode: 0 }, branch: { total: 4, runs: 3, notRun: 1, withCode: 0 } },
            reasons: { 'XMLTYPE is not simulated': 2, 'EXECUTE IMMEDIATE is not simulated': 1 },
          },
          statements: { total: 20, ran: 18, failed: 2, percent: 90, scripts: [] },
        }}
      />,
    )
    expect(screen.getByTestId('import-apex-coverage-line').textContent).toBe(
      '7 of 10 components run (70%): 4 as expressions or declarative steps, 3 as SQL or PL/SQL; 3 not simulated.',
    )
    const row = document.querySelector('[data-coverage-of="process"]')!
    expect([...row.children].map((c) => c.textContent)).toEqual(['process', '4 of 6', '2'])
    expect([...screen.getByTestId('import-apex-coverage-reasons').querySelectorAll('li')].map((l) => l.textContent)).toEqual([
      '2 × XMLTYPE is not simulated',
      '1 × EXECUTE IMMEDIATE is not simulated',
    ])
    expect(screen.getByTestId('import-apex-statements').textContent).toBe('Supporting objects: 18 of 20 install statements ran (90%), 2 failed.')
  })
})
