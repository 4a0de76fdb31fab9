/**
 * What the application database knows about its Oracle objects beyond what
 * SQLite stores: each table's Oracle definition (so ALTER TABLE … ADD
 * CONSTRAINT can rebuild it, SQLite having no such statement), the columns an
 * INSERT must fill (identity columns, key-filling triggers, DEFAULT ON NULL)
 * and the sequences. Persisted as JSON in the database itself so a database
 * opened from a file knows them too.
 */
import type { InsertFill } from '../sql/emit-sqlite.js'
import { quoteIdent } from '../sql/emit-sqlite.js'

export interface ColumnDef {
  name: string
  /** The Oracle type as written, normalised (`VARCHAR2(30)`, `NUMBER(7,2)`, `DATE`). */
  oracleType: string
  /** SQLite's declared type: the Oracle name where its affinity is right. */
  sqliteType: string
  notNull: boolean
  defaultSql?: string
  /** Virtual column: `AS (expr)`. */
  generatedSql?: string
}

export interface ConstraintDef {
  name?: string
  kind: 'PRIMARY KEY' | 'UNIQUE' | 'FOREIGN KEY' | 'CHECK'
  columns: string[]
  refTable?: string
  refColumns?: string[]
  onDelete?: 'CASCADE' | 'SET NULL'
  checkSql?: string
}

export interface TableDef {
  name: string
  columns: ColumnDef[]
  constraints: ConstraintDef[]
}

export interface SequenceDef {
  name: string
  /** The value NEXTVAL hands out next. */
  next: number
  increment: number
  min: number
  max: number
  cycle: boolean
  /** CURRVAL: undefined until NEXTVAL ran in this database's life. */
  current?: number
}

export class Catalog {
  tables = new Map<string, TableDef>()
  /** By table: columns filled at INSERT time. */
  fills = new Map<string, InsertFill[]>()
  sequences = new Map<string, SequenceDef>()
  /** Sequences changed since the last save. */
  dirtySequences = new Set<string>()

  toJson(): string {
    return JSON.stringify({ tables: [...this.tables.values()], fills: [...this.fills.entries()] })
  }

  loadJson(json: string): void {
    const data = JSON.parse(json) as { tables: TableDef[]; fills: [string, InsertFill[]][] }
    this.tables = new Map(data.tables.map((t) => [t.name, t]))
    this.fills = new Map(data.fills)
  }

  addFill(table: string, fill: InsertFill): void {
    const list = (this.fills.get(table) ?? []).filter((f) => f.column !== fill.column)
    list.push(fill)
    this.fills.set(table, list)
  }

  nextval(name: string): number {
    const seq = this.sequences.get(name)
    if (!seq) throw new Error(`ORA-02289: sequence ${name} does not exist`)
    let value = seq.next
    if ((seq.increment > 0 && value > seq.max) || (seq.increment < 0 && value < seq.min)) {
      if (!seq.cycle) throw new Error(`ORA-08004: sequence ${name}.NEXTVAL exceeds ${seq.increment > 0 ? 'MAXVALUE' : 'MINVALUE'} and cannot be instantiated`)
      value = seq.increment > 0 ? seq.min : seq.max
    }
    seq.current = value
    seq.next = value + seq.increment
    this.dirtySequences.add(name)
    return value
  }

  currval(name: string): number {
    const seq = this.sequences.get(name)
    if (!seq) throw new Error(`ORA-02289: sequence ${name} does not exist`)
    if (seq.current === undefined) throw new Error(`ORA-08002: sequence ${name}.CURRVAL is not yet defined in this session`)
    return seq.current
  }

  /** A sequence the database creates for itself (SYS_GUID, identity columns) if it is missing. */
  ensureSequence(name: string): void {
    if (!this.sequences.has(name)) {
      this.sequences.set(name, { name, next: 1, increment: 1, min: 1, max: Number.MAX_SAFE_INTEGER, cycle: false })
      this.dirtySequences.add(name)
    }
  }
}

/** The SQLite CREATE TABLE for an Oracle table definition. */
export function createTableSql(def: TableDef, name = def.name): string {
  const parts = def.columns.map((c) => {
    let text = `${quoteIdent(c.name)} ${c.sqliteType}`
    if (c.generatedSql) return `${text} GENERATED ALWAYS AS (${c.generatedSql}) VIRTUAL`
    if (c.notNull) text += ' NOT NULL'
    if (c.defaultSql) text += ` DEFAULT (${c.defaultSql})`
    return text
  })
  for (const k of def.constraints) {
    const prefix = k.name ? `CONSTRAINT ${quoteIdent(k.name)} ` : ''
    const cols = `(${k.columns.map(quoteIdent).join(', ')})`
    switch (k.kind) {
      case 'PRIMARY KEY':
      case 'UNIQUE':
        parts.push(`${prefix}${k.kind} ${cols}`)
        break
      case 'FOREIGN KEY':
        parts.push(
          `${prefix}FOREIGN KEY ${cols} REFERENCES ${quoteIdent(k.refTable as string)}${k.refColumns && k.refColumns.length > 0 ? ` (${k.refColumns.map(quoteIdent).join(', ')})` : ''}${k.onDelete ? ` ON DELETE ${k.onDelete}` : ''}`,
        )
        break
      case 'CHECK':
        parts.push(`${prefix}CHECK (${k.checkSql as string})`)
        break
    }
  }
  return `CREATE TABLE ${quoteIdent(name)} (${parts.join(', ')})`
}
