/**
 * The calls of a unit that can be known not to exist before it runs: once the
 * app's supporting objects are loaded, a procedure call `p(…)` or a
 * `pkg.member` reference that is neither declared in the unit, built in, nor
 * in the PackageRegistry can never succeed, so the unit is "not simulated"
 * at load (docs/plsql.md). Single-name function calls inside expressions are
 * not judged: the database may know them (`SELECT f(…) FROM dual`).
 */
import type { Arg, Block, Decl, EmbeddedSql, Expr, Stmt, Target } from './ast'
import { BUILTINS } from './builtins'
import type { PackageRegistry } from './packages'
import type { NotSimulatedReason } from './parser'
import { canonicalPackage, isSystemPackage } from './supported-apis'

/** Names a unit declares, innermost scope last. */
type Names = Set<string>[]

const ALWAYS_KNOWN = new Set(['RAISE_APPLICATION_ERROR', 'SQLERRM', 'SQLCODE', 'USER', 'SYS_GUID'])

class Unknown extends Error {
  constructor(readonly reason: NotSimulatedReason) {
    super(reason.message)
  }
}

export function unknownCalls(root: { block?: Block; expr?: Expr }, packages: PackageRegistry): NotSimulatedReason | null {
  const checker = new Checker(packages)
  try {
    if (root.block) checker.block(root.block, [new Set()])
    if (root.expr) checker.expr(root.expr, [new Set()])
    return null
  } catch (e) {
    if (e instanceof Unknown) return e.reason
    throw e
  }
}

class Checker {
  constructor(private readonly packages: PackageRegistry) {}

  private declared(name: string, names: Names): boolean {
    return names.some((s) => s.has(name))
  }

  /** Why `parts` cannot resolve, or null when it can (or may). */
  private why(parts: string[], names: Names, procedureCall: boolean): string | null {
    const first = parts[0] as string
    if (this.declared(first, names)) return null
    if (parts.length === 1) {
      if (!procedureCall || ALWAYS_KNOWN.has(first) || BUILTINS[first]) return null
      const s = this.packages.getStandalone(first)
      if (s?.sub) return null
      if (s?.notSimulated) return `calls ${first}, which is not simulated (${s.notSimulated.message})`
      return `calls the procedure ${first}, which is neither declared here nor in the supporting objects`
    }
    const schema = parts.length >= 3 && (first === 'SYS' || /^APEX_\d+$/.test(first))
    const pkg = canonicalPackage(schema ? (parts[1] as string) : first)
    const member = (schema ? parts[2] : parts[1]) as string
    if (isSystemPackage(pkg) || pkg === 'APEX_APPLICATION_GLOBAL') return null
    if (parts.length === 2 && this.packages.getStandalone(first)) return null
    const def = this.packages.getPackage(pkg)
    if (!def) {
      if (parts.length === 2 && BUILTINS[member] && first === 'SYS') return null
      return `names ${pkg}.${member}, but no package ${pkg} is in the supporting objects`
    }
    if (def.notSimulated) return `calls ${pkg}.${member}, but the ${def.notSimulated.unit} ${pkg} is not simulated (${def.notSimulated.message})`
    const declaredIn = [...(def.spec?.decls ?? []), ...(def.body?.decls ?? [])].some((d) => declName(d) === member)
    return declaredIn ? null : `${pkg} has no member ${member}`
  }

  private check(parts: string[], names: Names, procedureCall: boolean, pos: { line: number; col: number }): void {
    const why = this.why(parts, names, procedureCall)
    if (why) throw new Unknown({ construct: parts.join('.'), message: why, line: pos.line, col: pos.col })
  }

  block(b: Block, outer: Names): void {
    const names = [...outer, new Set<string>()]
    const mine = names[names.length - 1] as Set<string>
    if (b.label) mine.add(b.label)
    for (const d of b.decls) {
      const n = declName(d)
      if (n) mine.add(n)
      if (d.k === 'var' && d.init) this.expr(d.init, names)
      if (d.k === 'cursor') {
        const inner = [...names, new Set(d.params.map((p) => p.name))]
        this.sql(d.sql, inner)
      }
      if (d.k === 'subprogram' && d.sub.body) {
        const inner = [...names, new Set([d.sub.name, ...d.sub.params.map((p) => p.name)])]
        for (const p of d.sub.params) if (p.default) this.expr(p.default, inner)
        this.block(d.sub.body, inner)
      }
    }
    this.stmts(b.body, names)
    for (const h of b.handlers) this.stmts(h.body, names)
  }

  private stmts(list: Stmt[], names: Names): void {
    for (const s of list) this.stmt(s, names)
  }

  private stmt(s: Stmt, names: Names): void {
    switch (s.k) {
      case 'assign':
        this.target(s.target, names)
        this.expr(s.value, names)
        return
      case 'call':
        if (s.call.k === 'call') this.args(s.call.args, names)
        this.check(s.call.parts, names, true, s.pos)
        return
      case 'if':
        for (const b of s.branches) {
          this.expr(b.cond, names)
          this.stmts(b.body, names)
        }
        if (s.else) this.stmts(s.else, names)
        return
      case 'case':
        if (s.subject) this.expr(s.subject, names)
        for (const w of s.whens) {
          this.expr(w.when, names)
          this.stmts(w.body, names)
        }
        if (s.else) this.stmts(s.else, names)
        return
      case 'loop':
        return this.stmts(s.body, s.label ? [...names, new Set([s.label])] : names)
      case 'while':
        this.expr(s.cond, names)
        return this.stmts(s.body, s.label ? [...names, new Set([s.label])] : names)
      case 'forNum':
        this.expr(s.lo, names)
        this.expr(s.hi, names)
        return this.stmts(s.body, [...names, new Set([s.index, ...(s.label ? [s.label] : [])])])
      case 'forCursor':
        if (s.source.k === 'sql') this.sql(s.source.sql, names)
        else this.args(s.source.args, names)
        return this.stmts(s.body, [...names, new Set([s.record, ...(s.label ? [s.label] : [])])])
      case 'exit':
      case 'continue':
        if (s.when) this.expr(s.when, names)
        return
      case 'return':
        if (s.value) this.expr(s.value, names)
        return
      case 'sql':
        this.sql(s.sql, names)
        for (const t of s.into) this.target(t, names)
        return
      case 'open':
        return this.args(s.args, names)
      case 'fetch':
        for (const t of s.into) this.target(t, names)
        return
      case 'block':
        return this.block(s.block, names)
      default:
        return
    }
  }

  private target(t: Target, names: Names): void {
    if (t.k === 'call') this.args(t.args, names)
    if (t.k === 'member') this.expr(t.target, names)
    if (t.k === 'name' || t.k === 'call') this.check(t.parts, names, false, t.pos)
  }

  private args(args: Arg[], names: Names): void {
    for (const a of args) this.expr(a.value, names)
  }

  /** Embedded SQL is the database's business; nothing to judge here. */
  private sql(_sql: EmbeddedSql, _names: Names): void {}

  expr(e: Expr, names: Names): void {
    switch (e.k) {
      case 'name':
        return this.check(e.parts, names, false, e.pos)
      case 'call':
        this.args(e.args, names)
        return this.check(e.parts, names, false, e.pos)
      case 'member':
        return this.expr(e.target, names)
      case 'method':
        this.args(e.args, names)
        return this.expr(e.target, names)
      case 'unary':
      case 'isNull':
        return this.expr(e.e, names)
      case 'binary':
        this.expr(e.l, names)
        return this.expr(e.r, names)
      case 'like':
        this.expr(e.e, names)
        this.expr(e.pattern, names)
        if (e.escape) this.expr(e.escape, names)
        return
      case 'between':
        this.expr(e.e, names)
        this.expr(e.lo, names)
        return this.expr(e.hi, names)
      case 'in':
        this.expr(e.e, names)
        for (const x of e.list) this.expr(x, names)
        return
      case 'case':
        if (e.subject) this.expr(e.subject, names)
        for (const w of e.whens) {
          this.expr(w.when, names)
          this.expr(w.then, names)
        }
        if (e.else) this.expr(e.else, names)
        return
      default:
        return
    }
  }
}

function declName(d: Decl): string | undefined {
  switch (d.k) {
    case 'var':
    case 'exception':
    case 'cursor':
    case 'type':
      return d.name
    case 'subprogram':
      return d.sub.name
    default:
      return undefined
  }
}
