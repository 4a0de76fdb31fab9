/**
 * Run-time scopes: a block's (or subprogram's, or package's) declarations.
 * Lookups walk outward through `parent`, which is the lexical parent — a
 * subprogram's scope hangs off the scope it was declared in, not the caller's.
 */
import type { EmbeddedSql, Param, Subprogram } from './ast'
import type { Value } from './values'

/** A declared type, resolved. 'any' takes whatever it is given (e.g. table.column%TYPE). */
export type RType =
  | { k: 'scalar'; name: string; length?: number; precision?: number; scale?: number }
  | {
      k: 'record'
      /** null = open: the fields come from the row fetched into it. */
      fields: [string, RType][] | null
      /** Field defaults of TYPE … IS RECORD (f type := value), evaluated when the type is declared. */
      defaults?: Map<string, Value>
    }
  | { k: 'collection'; of: RType; indexByString: boolean }
  | { k: 'any' }

export interface Variable {
  value: Value
  type: RType
  constant: boolean
  notNull: boolean
}

export interface CursorState {
  def: { name: string; params: Param[]; sql: EmbeddedSql; scope: Scope }
  open: boolean
  columns: string[]
  rows: (string | number | null)[][]
  next: number
  /** %ROWCOUNT: rows fetched so far. */
  fetched: number
  /** %FOUND after the last fetch (null before the first fetch). */
  found: boolean | null
}

export interface DeclaredException {
  name: string
  /** Set by PRAGMA EXCEPTION_INIT (positive ORA number). */
  code?: number
}

export class Scope {
  readonly vars = new Map<string, Variable>()
  readonly types = new Map<string, RType>()
  readonly exceptions = new Map<string, DeclaredException>()
  readonly cursors = new Map<string, CursorState>()
  readonly subs = new Map<string, { sub: Subprogram; scope: Scope }[]>()

  constructor(
    readonly parent: Scope | null,
    /** A block label, a subprogram or a package name: `label.x` names this scope's x. */
    readonly label?: string,
  ) {}

  findVar(name: string): Variable | undefined {
    return this.vars.get(name) ?? this.parent?.findVar(name)
  }

  findType(name: string): RType | undefined {
    return this.types.get(name) ?? this.parent?.findType(name)
  }

  findException(name: string): DeclaredException | undefined {
    return this.exceptions.get(name) ?? this.parent?.findException(name)
  }

  findCursor(name: string): CursorState | undefined {
    return this.cursors.get(name) ?? this.parent?.findCursor(name)
  }

  findSubs(name: string): { sub: Subprogram; scope: Scope }[] | undefined {
    return this.subs.get(name) ?? this.parent?.findSubs(name)
  }

  findLabelled(label: string): Scope | undefined {
    return this.label === label ? this : this.parent?.findLabelled(label)
  }
}
