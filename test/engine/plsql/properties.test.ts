/**
 * Properties: compilePlsql never throws, whatever the text (random strings,
 * PL/SQL word soup, mutated real snippets); runPlsql always comes back —
 * within the step budget — on generated programs, including endless ones.
 */
import { describe, expect } from 'vitest'
import { fc, test } from '@fast-check/vitest'
import { existsSync } from 'node:fs'
import { PackageRegistry, compilePlsql, runPlsql, type PlsqlKind } from '../../../src-main/engine/plsql'
import { fakeHost } from './helpers/fake-host'
import { componentUnits } from './helpers/sample-units'
import { sharedFixture } from '../../helpers/shared-fixtures.js'

const REGISTRY = new PackageRegistry()
REGISTRY.load('create or replace package p as procedure run(x number); end;')
REGISTRY.load('create or replace procedure t(x number) is begin null; end;')

const KINDS: PlsqlKind[] = ['block', 'functionBody', 'expression', 'condition']
const kind = fc.constantFrom(...KINDS)

const WORDS = ['declare', 'begin', 'end', 'if', 'then', 'else', 'elsif', 'loop', 'while', 'for', 'in', 'reverse', 'exit', 'when', 'case', 'return',
  'exception', 'others', 'raise', 'select', 'into', 'from', 'where', 'cursor', 'is', 'open', 'fetch', 'close', 'procedure', 'function', 'type',
  'record', 'table', 'of', 'index', 'by', 'x', 'y', 'p1', ':P1_X', "'s'", "''", '1', '..', ':=', '=>', '(', ')', ';', ',', '.', '%', 'rowtype',
  '||', '+', '-', '*', '/', '=', '<>', 'null', 'not', 'and', 'or', 'number', 'varchar2(10)', 'apex_util.set_session_state', 'pragma',
  'exception_init', 'bulk', 'collect', 'execute', 'immediate', '<<', '>>', '--', '/*', '*/', 'q\'[', ']\'', '"q', 'trim', 'cast', 'as']

const SNIPPETS = [
  "declare l_x varchar2(10) := 'a'; begin for r in (select id from t where n = l_x) loop :P1_X := r.id; end loop; exception when no_data_found then null; end;",
  "begin if :P1_A is null then apex_error.add_error(p_message => 'x', p_display_location => apex_error.c_inline_with_field); end if; end;",
  "declare cursor c is select * from emp; r c%rowtype; begin open c; loop fetch c into r; exit when c%notfound; end loop; close c; end;",
  "return case when :P1_X > 1 then 'a' else 'b' end;",
  "declare type t is table of number index by pls_integer; a t; begin a(1) := 1; return a.count; end;",
]

function realSnippets(): string[] {
  // Real text when the shared exports are there; the snippets alone otherwise (a corpus, not a check of the exports).
  const dir = sharedFixture('oracle-samples-24.2')
  const path = `${dir}/sample-collections.sql`
  if (!existsSync(path)) return SNIPPETS
  return [...SNIPPETS, ...componentUnits(path).map((u) => u.text).slice(0, 30)]
}

const mutation = fc.oneof(
  fc.record({ op: fc.constant('delete' as const), at: fc.nat(), len: fc.integer({ min: 1, max: 20 }) }),
  fc.record({ op: fc.constant('insert' as const), at: fc.nat(), word: fc.constantFrom(...WORDS) }),
  fc.record({ op: fc.constant('duplicate' as const), at: fc.nat(), len: fc.integer({ min: 1, max: 40 }) }),
  fc.record({ op: fc.constant('truncate' as const), at: fc.nat() }),
)

function mutate(text: string, ms: { op: string; at: number; len?: number; word?: string }[]): string {
  let s = text
  for (const m of ms) {
    const at = s.length === 0 ? 0 : m.at % s.length
    if (m.op === 'delete') s = s.slice(0, at) + s.slice(at + (m.len ?? 1))
    else if (m.op === 'insert') s = `${s.slice(0, at)} ${m.word ?? ''} ${s.slice(at)}`
    else if (m.op === 'duplicate') s = s.slice(0, at) + s.slice(at, at + (m.len ?? 1)) + s.slice(at)
    else s = s.slice(0, at)
  }
  return s
}

describe('compilePlsql never throws', () => {
  test.prop([fc.string({ maxLength: 200 }), kind])('on random strings', (text, k) => {
    const r = compilePlsql(text, k)
    expect(typeof r.ok).toBe('boolean')
    if (!r.ok) expect(r.reason.line).toBeGreaterThanOrEqual(1)
  })

  test.prop([fc.array(fc.constantFrom(...WORDS), { maxLength: 60 }), kind])('on PL/SQL word soup', (words, k) => {
    const r = compilePlsql(words.join(' '), k)
    expect(typeof r.ok).toBe('boolean')
  })

  test.prop([fc.constantFrom(...realSnippets()), fc.array(mutation, { minLength: 1, maxLength: 4 }), kind])('on mutated real snippets', (text, ms, k) => {
    const mutated = mutate(text, ms)
    const r = compilePlsql(mutated, k)
    expect(typeof r.ok).toBe('boolean')
    // The call check against a registry never throws either.
    expect(typeof compilePlsql(mutated, k, { packages: REGISTRY }).ok).toBe('boolean')
    // And what compiles also runs without throwing, against an empty database.
    if (r.ok) expect(typeof runPlsql(r.program, fakeHost({ steps: 2_000 })).ok).toBe('boolean')
  })

  test.prop([fc.integer({ min: 1, max: 5000 })])('on deep nesting (no stack overflow escapes)', (depth) => {
    expect(typeof compilePlsql('('.repeat(depth) + '1' + ')'.repeat(depth), 'expression').ok).toBe('boolean')
    expect(typeof compilePlsql('begin '.repeat(depth) + 'null;' + ' end;'.repeat(depth), 'block').ok).toBe('boolean')
  })
})

// Generated programs: loops with bounds, endless loops, recursion, raises, handlers.
const { stmts } = fc.letrec<{ stmts: string; stmt: string }>((tie) => ({
  stmts: fc.array(tie('stmt'), { minLength: 1, maxLength: 3 }).map((xs) => xs.join(' ')),
  stmt: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    fc.constant('x := x + 1;'),
    fc.constant('loop null; end loop;'),
    fc.constant('while true loop x := x + 1; end loop;'),
    fc.constant('p(x);'),
    fc.constant('raise no_data_found;'),
    fc.integer({ min: 0, max: 50 }).map((n) => `x := x * 2 + ${n};`),
    fc.tuple(tie('stmts'), fc.integer({ min: 0, max: 200 })).map(([b, n]) => `for i in 1 .. ${n} loop ${b} end loop;`),
    fc.tuple(tie('stmts'), fc.integer({ min: 0, max: 200 })).map(([b, n]) => `loop ${b} exit when x > ${n}; end loop;`),
    fc.tuple(tie('stmts'), tie('stmts')).map(([a, b]) => `if mod(x, 2) = 0 then ${a} else ${b} end if;`),
    tie('stmts').map((b) => `begin ${b} exception when others then x := x + 1; end;`),
  ),
}))

describe('runPlsql terminates within the budget', () => {
  test.prop([stmts, fc.integer({ min: 10, max: 5000 })])('on generated programs', (body, budget) => {
    const text = `declare x number := 0; procedure p(n number) is begin if n >= 0 then p(n + 1); end if; end; begin ${body} end;`
    const c = compilePlsql(text, 'block')
    expect(c.ok).toBe(true)
    if (!c.ok) return
    const r = runPlsql(c.program, fakeHost({ steps: budget }))
    if (!r.ok && /step budget/.test(r.error.message)) expect(r.error.message).toContain(`step budget of ${budget} exceeded at line 1`)
    else expect(typeof r.ok).toBe('boolean')
  })
})
