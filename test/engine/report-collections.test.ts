/**
 * A report on the APEX_COLLECTIONS view shows the session's own members
 * (report-sql.ts puts them in as an inline view), and only the view's name
 * is replaced — not text in strings, comments or other names.
 */
import { describe, expect, it } from 'vitest'
import { replaceName } from '../../src-main/engine/logic/report-sql.js'
import type { AppDefinition } from '../../src-main/engine/model/app-definition.js'
import type { ReportView } from '../../src-main/engine/runtime/report-regions.js'
import { makeEngine, phase, show } from './helpers/engine-helpers.js'

const plsql = (text: string) => ({ kind: 'PL/SQL process', text, language: 'plsql', apexType: 'NATIVE_PLSQL', run: 'plsqlBlock' })
const APP = {
  id: 500,
  name: 'Collections',
  homePage: 1,
  supportingObjects: { scripts: [{ name: 'none', sequence: 1, text: 'create table dummy (x number);\n' }] },
  pages: [
    {
      id: 1,
      name: 'Cart',
      items: [{ name: 'P1_ITEM' }],
      processes: [
        {
          name: 'Add',
          point: 'beforeHeader',
          type: 'notSimulated',
          notSimulated: plsql(
            "begin\n  if not apex_collection.collection_exists('CART') then apex_collection.create_collection('CART'); end if;\n  if :P1_ITEM is not null then apex_collection.add_member(p_collection_name => 'CART', p_c001 => :P1_ITEM); end if;\nend;",
          ),
        },
      ],
      regions: [{ name: 'Cart', type: 'NATIVE_SQL_REPORT', query: "select seq_id, c001 item from apex_collections where collection_name = 'CART' order by seq_id", id: '1' }],
    },
  ],
} as unknown as AppDefinition

const rowsOf = (steps: ReturnType<typeof show>) => ((phase(steps.at(-1)!, 'itemsRender').detail?.reports ?? []) as ReportView[])[0]!

describe('reports on APEX_COLLECTIONS', () => {
  it("shows the session's members, and another session's report stays its own", () => {
    const engine = makeEngine([APP])
    show(engine, 'f?p=500:1:::::P1_ITEM:apple', { as: 'A' })
    const a = rowsOf(show(engine, 'f?p=500:1:&SESSION.::::P1_ITEM:pear', { session: 'A' }))
    expect(a.error).toBeUndefined()
    expect(a.rows).toEqual([
      ['1', 'apple'],
      ['2', 'pear'],
    ])
    const b = rowsOf(show(engine, 'f?p=500:1', { as: 'B' }))
    expect(b.rows).toEqual([])
    expect(b.total).toBe(0)
  })

  it('replaces the name only where it is a name of its own', () => {
    const sql = "select 'apex_collections' t, a.apex_collections, x from Apex_Collections -- apex_collections\n/* apex_collections */ join my_apex_collections on 1=1"
    expect(replaceName(sql, 'APEX_COLLECTIONS', () => 'V')).toBe(
      "select 'apex_collections' t, a.apex_collections, x from V -- apex_collections\n/* apex_collections */ join my_apex_collections on 1=1",
    )
  })
})
