/**
 * APEX_COLLECTION's per-session store. The engine owns one per session (cloned
 * with the session, dropped with it); `MemoryCollectionStore` is the in-memory
 * implementation the engine and the tests use.
 *
 * Values are what APEX keeps: c001..c050 VARCHAR2, n001..n005 NUMBER,
 * d001..d005 DATE (text in the interpreter's default date format), clob001.
 * Names are upper-cased, as APEX does.
 */

export const CHAR_ATTRS = Array.from({ length: 50 }, (_, i) => `C${String(i + 1).padStart(3, '0')}`)
export const NUMBER_ATTRS = Array.from({ length: 5 }, (_, i) => `N${String(i + 1).padStart(3, '0')}`)
export const DATE_ATTRS = Array.from({ length: 5 }, (_, i) => `D${String(i + 1).padStart(3, '0')}`)
/** Every member attribute, in the column order of the APEX_COLLECTIONS view. */
export const MEMBER_ATTRS = [...CHAR_ATTRS, ...NUMBER_ATTRS, ...DATE_ATTRS, 'CLOB001', 'XMLTYPE001']

export type MemberValues = Record<string, string | number | null>

export interface CollectionMember {
  seq: number
  values: MemberValues
}

export class CollectionError extends Error {
  constructor(
    message: string,
    readonly oraCode = 20101,
  ) {
    super(message)
  }
}

export interface CollectionStore {
  exists(name: string): boolean
  /** Fails when it exists already (APEX: "Collection already exists"). */
  create(name: string): void
  createOrTruncate(name: string): void
  truncate(name: string): void
  delete(name: string): void
  /** Appends a member; returns its sequence ID. */
  addMember(name: string, values: MemberValues): number
  /** Replaces every attribute of a member (unnamed ones become null, as APEX does). */
  updateMember(name: string, seq: number, values: MemberValues): void
  updateMemberAttribute(name: string, seq: number, attr: string, value: string | number | null): void
  deleteMember(name: string, seq: number): void
  memberCount(name: string): number
  moveMemberUp(name: string, seq: number): void
  moveMemberDown(name: string, seq: number): void
  resequence(name: string): void
  /** Every collection's members in seq order (for the APEX_COLLECTIONS view and the UI). */
  all(): { name: string; members: CollectionMember[] }[]
  /** An independent copy (a session clone gets one). */
  clone(): CollectionStore
}

function key(name: string): string {
  const k = name.trim().toUpperCase()
  if (k === '') throw new CollectionError('Collection name cannot be null')
  return k
}

export class MemoryCollectionStore implements CollectionStore {
  private readonly collections = new Map<string, CollectionMember[]>()

  private get(name: string): CollectionMember[] {
    const members = this.collections.get(key(name))
    if (!members) throw new CollectionError(`Collection ${key(name)} does not exist`)
    return members
  }

  private member(name: string, seq: number): CollectionMember {
    const m = this.get(name).find((x) => x.seq === seq)
    if (!m) throw new CollectionError(`Member ${seq} does not exist in collection ${key(name)}`)
    return m
  }

  exists(name: string): boolean {
    return this.collections.has(key(name))
  }

  create(name: string): void {
    if (this.exists(name)) throw new CollectionError(`Collection ${key(name)} already exists`)
    this.collections.set(key(name), [])
  }

  createOrTruncate(name: string): void {
    this.collections.set(key(name), [])
  }

  truncate(name: string): void {
    this.get(name)
    this.collections.set(key(name), [])
  }

  delete(name: string): void {
    this.get(name)
    this.collections.delete(key(name))
  }

  addMember(name: string, values: MemberValues): number {
    const members = this.get(name)
    const seq = members.reduce((max, m) => Math.max(max, m.seq), 0) + 1
    members.push({ seq, values: normalise(values) })
    return seq
  }

  updateMember(name: string, seq: number, values: MemberValues): void {
    this.member(name, seq).values = normalise(values)
  }

  updateMemberAttribute(name: string, seq: number, attr: string, value: string | number | null): void {
    const a = attr.toUpperCase()
    if (!MEMBER_ATTRS.includes(a)) throw new CollectionError(`Invalid attribute ${attr}`)
    this.member(name, seq).values[a] = value === '' ? null : value
  }

  deleteMember(name: string, seq: number): void {
    const members = this.get(name)
    const i = members.findIndex((m) => m.seq === seq)
    if (i < 0) throw new CollectionError(`Member ${seq} does not exist in collection ${key(name)}`)
    members.splice(i, 1)
  }

  memberCount(name: string): number {
    return this.get(name).length
  }

  /** Swaps the member with the one before it (by seq); the first member stays. */
  moveMemberUp(name: string, seq: number): void {
    this.swapWithNeighbour(name, seq, -1)
  }

  moveMemberDown(name: string, seq: number): void {
    this.swapWithNeighbour(name, seq, +1)
  }

  private swapWithNeighbour(name: string, seq: number, direction: -1 | 1): void {
    const members = this.get(name).slice().sort((a, b) => a.seq - b.seq)
    const i = members.findIndex((m) => m.seq === seq)
    if (i < 0) throw new CollectionError(`Member ${seq} does not exist in collection ${key(name)}`)
    const other = members[i + direction]
    const self = members[i]
    if (!other || !self) return
    const s = self.seq
    self.seq = other.seq
    other.seq = s
  }

  /** Renumbers members 1..n keeping their order. */
  resequence(name: string): void {
    const members = this.get(name)
    members.sort((a, b) => a.seq - b.seq)
    members.forEach((m, i) => (m.seq = i + 1))
  }

  all(): { name: string; members: CollectionMember[] }[] {
    return [...this.collections].map(([name, members]) => ({
      name,
      members: members.slice().sort((a, b) => a.seq - b.seq),
    }))
  }

  clone(): MemoryCollectionStore {
    const copy = new MemoryCollectionStore()
    for (const [name, members] of this.collections) copy.collections.set(name, members.map((m) => ({ seq: m.seq, values: { ...m.values } })))
    return copy
  }
}

function normalise(values: MemberValues): MemberValues {
  const out: MemberValues = {}
  for (const [k, v] of Object.entries(values)) {
    const a = k.toUpperCase()
    if (!MEMBER_ATTRS.includes(a)) throw new CollectionError(`Invalid attribute ${k}`)
    out[a] = v === '' ? null : v
  }
  return out
}

/** The APEX_COLLECTIONS view's columns, in order. */
export const APEX_COLLECTIONS_COLUMNS = ['COLLECTION_NAME', 'SEQ_ID', ...MEMBER_ATTRS, 'MD5_ORIGINAL']

/** The rows of the APEX_COLLECTIONS view for one session, in APEX_COLLECTIONS_COLUMNS order. */
export function apexCollectionsRows(store: CollectionStore): (string | number | null)[][] {
  const rows: (string | number | null)[][] = []
  for (const c of store.all()) {
    for (const m of c.members) rows.push([c.name, m.seq, ...MEMBER_ATTRS.map((a) => m.values[a] ?? null), null])
  }
  return rows
}

/**
 * APEX_COLLECTIONS as an inline view — `(select … from dual union all …)` —
 * of one session's members, to put in place of the view's name in a query:
 * SQL reads the session's collections without a table to keep in step.
 * Text values go through `bind` (it returns the bind's SQL text, e.g.
 * `:"__v3"`); numbers are written as literals. The interpreter does this for
 * embedded SQL; the engine can do the same for report regions.
 */
export function apexCollectionsInlineView(store: CollectionStore, bind: (text: string) => string): string {
  // Numbers travel as text too: an inline view's values have no SQLite affinity, and SEQ_ID = :P4_SEQ (a text
  // bind) must match. The price: ORDER BY SEQ_ID sorts as text past 9 members (docs/plsql.md).
  const rows = apexCollectionsRows(store).map((r) => r.map((v) => (typeof v === 'number' ? numberText(v) : v)))
  return inlineView(APEX_COLLECTIONS_COLUMNS, rows, bind)
}

function numberText(n: number): string {
  const s = String(n)
  return s.startsWith('0.') ? s.slice(1) : s.startsWith('-0.') ? '-' + s.slice(2) : s
}

/** Rows as `(select v1 c1, … from dual union all …)`; text values through `bind`, numbers as literals. */
export function inlineView(columns: string[], rows: (string | number | null)[][], bind: (text: string) => string): string {
  const name = (c: string): string => `"${c.toUpperCase().replace(/"/g, '')}"`
  if (rows.length === 0) return `(select ${columns.map((c) => `null ${name(c)}`).join(', ')} from dual where 1 = 0)`
  const literal = (v: string | number | null | undefined): string => (v === null || v === undefined ? 'null' : typeof v === 'number' ? String(v) : bind(v))
  const selects = rows.map((r) => `select ${columns.map((c, i) => `${literal(r[i])} ${name(c)}`).join(', ')} from dual`)
  return `(${selects.join(' union all ')})`
}

/** Does this SQL text name the APEX_COLLECTIONS view (so the caller must materialise it first)? */
export function mentionsApexCollections(sql: string): boolean {
  return /\bapex_collections\b/i.test(sql)
}
