/**
 * Packages and standalone procedures/functions from an app's supporting
 * objects, compiled when they are loaded. A unit that does not compile is
 * kept as "not simulated" with its reason, so a call to it fails with that
 * reason rather than "unknown procedure".
 *
 * Package state (package-level variables, initialised by the package body's
 * BEGIN section on first use) lives per APEX session, as Oracle keeps it per
 * database session: one request's assignments are seen by the session's later
 * requests, never by another session's. A session clone starts with fresh
 * package state, and the engine calls `resetState(session)` when a session
 * ends. Package state is not a step effect: stepping back does not undo it
 * (docs/plsql.md lists this limit).
 */
import type { Subprogram, Unit } from './ast'
import { NotSimulated, Parser, type NotSimulatedReason } from './parser'

export interface PackageDefinition {
  name: string
  spec?: Extract<Unit, { k: 'packageSpec' }>
  body?: Extract<Unit, { k: 'packageBody' }>
  /** Set when the spec or the body did not compile. */
  notSimulated?: NotSimulatedReason & { unit: string }
}

export interface LoadResult {
  ok: boolean
  /** PACKAGE X, PACKAGE BODY X, PROCEDURE X, FUNCTION X. */
  unit?: string
  error?: string
  reason?: NotSimulatedReason
}

export class PackageRegistry {
  private readonly packages = new Map<string, PackageDefinition>()
  private readonly standalone = new Map<string, { sub?: Subprogram; notSimulated?: NotSimulatedReason & { unit: string } }>()
  /** Per-session package state: session → package name → opaque instance owned by the interpreter. */
  private readonly states = new Map<number, Map<string, unknown>>()

  /** Compiles one CREATE … PACKAGE/PACKAGE BODY/PROCEDURE/FUNCTION text; never throws. */
  load(text: string): LoadResult {
    const name = unitName(text)
    try {
      const unit = new Parser(text).parseUnit()
      if (unit.k === 'subprogram') {
        this.standalone.set(unit.sub.name, { sub: unit.sub })
        return { ok: true, unit: `${unit.sub.kind.toUpperCase()} ${unit.sub.name}` }
      }
      const def = this.packages.get(unit.name) ?? { name: unit.name }
      if (unit.k === 'packageSpec') def.spec = unit
      else def.body = unit
      if (def.notSimulated?.unit === (unit.k === 'packageSpec' ? 'PACKAGE' : 'PACKAGE BODY')) delete def.notSimulated
      this.packages.set(unit.name, def)
      this.states.clear()
      return { ok: true, unit: `${unit.k === 'packageSpec' ? 'PACKAGE' : 'PACKAGE BODY'} ${unit.name}` }
    } catch (e) {
      const reason: NotSimulatedReason =
        e instanceof NotSimulated ? e.reason : { construct: 'internal', message: `the parser failed: ${String(e)}`, line: 1, col: 1 }
      if (name) {
        if (name.kind === 'PACKAGE' || name.kind === 'PACKAGE BODY') {
          const def = this.packages.get(name.name) ?? { name: name.name }
          def.notSimulated = { ...reason, unit: name.kind }
          this.packages.set(name.name, def)
        } else this.standalone.set(name.name, { notSimulated: { ...reason, unit: name.kind } })
      }
      return { ok: false, unit: name ? `${name.kind} ${name.name}` : undefined, error: `${reason.message} (line ${reason.line}, col ${reason.col})`, reason }
    }
  }

  getPackage(name: string): PackageDefinition | undefined {
    return this.packages.get(name)
  }

  getStandalone(name: string): { sub?: Subprogram; notSimulated?: NotSimulatedReason & { unit: string } } | undefined {
    return this.standalone.get(name)
  }

  packageNames(): string[] {
    return [...this.packages.keys()]
  }

  standaloneNames(): string[] {
    return [...this.standalone.keys()]
  }

  /** The interpreter's per-session package instances. */
  stateOf(session: number): Map<string, unknown> {
    let s = this.states.get(session)
    if (!s) {
      s = new Map()
      this.states.set(session, s)
    }
    return s
  }

  /** Forget a session's package state (at the start of each request, and when the session ends). */
  resetState(session: number): void {
    this.states.delete(session)
  }
}

/** The kind and name of a CREATE unit, read from its first words (for naming a unit that does not parse). */
export function unitName(text: string): { kind: string; name: string } | null {
  const m = /^\s*create\s+(?:or\s+replace\s+)?(?:(?:non)?editionable\s+)?(package\s+body|package|procedure|function|trigger|type\s+body|type)\s+(?:"?[\w$#]+"?\s*\.\s*)?"?([\w$#]+)"?/i.exec(
    text.replace(/^(\s*--[^\n]*\n|\s*\/\*[\s\S]*?\*\/)*/, ''),
  )
  if (!m) return null
  return { kind: (m[1] ?? '').toUpperCase().replace(/\s+/g, ' '), name: (m[2] ?? '').toUpperCase() }
}
