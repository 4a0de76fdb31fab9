/**
 * A PL/SQL block that is one INSERT / UPDATE / DELETE / MERGE naming no
 * PL/SQL variable — the usual APEX "PL/SQL Code" process that logs a row or
 * writes a table with page items as binds — runs without an Interpreter: no
 * scopes, no closures, no statement dispatch per run, only the statement.
 *
 * It must answer exactly as the interpreter does (property-tested against
 * it): the text sent is the statement's own text (no piece names a variable
 * in a block that declares none), binds are the host's items, a failure is
 * the interpreter's SQL failure at the statement's position. A block this
 * cannot decide without running — a `pkg.name` that may be a package
 * variable, an APEX_ view inlined at run time, a budget of no step — is left
 * to the interpreter.
 */
import type { Block, PlsqlProgram, Pos, Stmt } from './ast'
import type { PlsqlHost } from './host'
import { sqlFailure } from './interpreter'
import { canonicalPackage } from './supported-apis'

export interface OneStatement {
  /** The SQL text as the interpreter would build it (every piece kept as written). */
  text: string
  /** The statement's position (where a failure is reported). */
  pos: Pos
  /** First parts of `a.b` names: each could be a package variable, so a package of that name sends the run to the interpreter. */
  qualifiers: string[]
  /** The interpreter's steps for the run: one per statement, a `begin … end;` around it being one. */
  steps: number
}

const DML = new Set(['INSERT', 'UPDATE', 'DELETE', 'MERGE'])

/** The one statement of a block that qualifies (see the file comment), else null. Worked out once per program. */
export function oneStatementOf(program: PlsqlProgram): OneStatement | null {
  let one = KEPT.get(program)
  if (one === undefined) {
    one = decide(program)
    KEPT.set(program, one)
  }
  return one
}

const KEPT = new WeakMap<PlsqlProgram, OneStatement | null>()

/** A block that only groups: no label, declarations or handlers, one statement. */
function plain(block: Block): Stmt | null {
  return block.label === undefined && block.decls.length === 0 && block.handlers.length === 0 && block.body.length === 1 ? (block.body[0] as Stmt) : null
}

function decide(program: PlsqlProgram): OneStatement | null {
  if (program.kind !== 'block' || !program.block) return null
  let s = plain(program.block)
  let steps = 1
  // `begin insert … ; end;` as APEX processes are usually written: the inner block is a statement of the outer one.
  while (s !== null && s.k === 'block') {
    s = plain(s.block)
    steps++
  }
  if (s === null || s.k !== 'sql' || s.into.length > 0 || s.bulk || !DML.has(s.sql.verb)) return null
  const qualifiers: string[] = []
  let text = ''
  for (const p of s.sql.pieces) {
    text += p.text
    if (!('name' in p)) continue
    const first = p.name[0] as string
    // APEX_COLLECTIONS and the APEX_ views become inline views; APEX_APPLICATION.G_x are bound values.
    if (p.name.length === 1 && first.startsWith('APEX_')) return null
    if (p.name.length === 2) {
      if (canonicalPackage(first) === 'APEX_APPLICATION') return null
      qualifiers.push(first)
    }
  }
  return { text, pos: s.pos, qualifiers, steps }
}

export type OneStatementResult = { ok: true } | { ok: false; error: { message: string; line: number; col: number; oraCode: number } }

/** Runs the block's one statement; undefined when the interpreter must run it (a qualifier names a package now, or no step is left). */
export function runOneStatement(one: OneStatement, host: PlsqlHost): OneStatementResult | undefined {
  if (host.budget.steps < one.steps) return undefined
  for (const q of one.qualifiers) if (host.packages.getPackage(q)) return undefined
  try {
    host.db.execute(one.text, (name) => host.item(name))
    return { ok: true }
  } catch (e) {
    const error = sqlFailure(e).at(one.pos.line, one.pos.col)
    return { ok: false, error: { message: error.message, line: error.line, col: error.col, oraCode: error.code } }
  }
}
