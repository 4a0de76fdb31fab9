/**
 * The PL/SQL syntax tree the parser builds and the interpreter walks.
 * Every node carries the 1-based line/col of its first token so runtime errors
 * and the step budget can name the place.
 */
import type { Value } from './values'

export interface Pos {
  line: number
  col: number
}

// ---------------------------------------------------------------- expressions

export interface Arg {
  /** `name => value` (upper-cased) or positional. */
  name?: string
  value: Expr
}

export type Expr =
  | { k: 'lit'; value: Value; pos: Pos }
  /** A dotted name: a variable, record field, package variable, APEX global or parameterless function. */
  | { k: 'name'; parts: string[]; pos: Pos }
  /** `:ITEM` — session state through the host. */
  | { k: 'bind'; name: string; pos: Pos }
  /** `name(args)`: a function call, or an element of a collection; `x.exists(i)` too. */
  | { k: 'call'; parts: string[]; args: Arg[]; pos: Pos }
  /** `obj(args).field` — a field of a collection element / function result. */
  | { k: 'member'; target: Expr; field: string; pos: Pos }
  /** `f(args).method(args)` — an XMLType member function called on a function's result (xmltype.ts). */
  | { k: 'method'; target: Expr; name: string; args: Arg[]; pos: Pos }
  | { k: 'unary'; op: '-' | '+' | 'NOT'; e: Expr; pos: Pos }
  | { k: 'binary'; op: string; l: Expr; r: Expr; pos: Pos }
  | { k: 'isNull'; e: Expr; not: boolean; pos: Pos }
  | { k: 'like'; e: Expr; pattern: Expr; escape?: Expr; not: boolean; pos: Pos }
  | { k: 'between'; e: Expr; lo: Expr; hi: Expr; not: boolean; pos: Pos }
  | { k: 'in'; e: Expr; list: Expr[]; not: boolean; pos: Pos }
  | { k: 'case'; subject?: Expr; whens: { when: Expr; then: Expr }[]; else?: Expr; pos: Pos }
  /** `SQL%ROWCOUNT`, `cur%FOUND`, `cur%NOTFOUND`, `cur%ISOPEN`, `cur%ROWCOUNT`, `SQL%FOUND`... */
  | { k: 'cursorAttr'; cursor: string[]; attr: string; pos: Pos }

// ---------------------------------------------------------------- embedded SQL

/**
 * A SQL statement inside PL/SQL, kept as pieces of its original text: plain
 * text, and dotted names that may refer to PL/SQL variables (decided at run
 * time against the scopes, where they become bind variables).
 */
export type SqlPiece = { text: string } | { name: string[]; text: string; pos: Pos }

export interface EmbeddedSql {
  pieces: SqlPiece[]
  pos: Pos
  /** The statement's first keyword: SELECT, WITH, INSERT, UPDATE, DELETE, MERGE. */
  verb: string
  /** Table names and aliases of the statement: `alias.x` belongs to SQL even if a variable has that name. */
  aliases?: string[]
}

// ---------------------------------------------------------------- types

export type TypeRef =
  | { k: 'scalar'; name: string; length?: number; precision?: number; scale?: number; pos: Pos }
  /** `x%TYPE`, `table.column%TYPE`, `table%ROWTYPE`, `cursor%ROWTYPE`. */
  | { k: 'anchored'; parts: string[]; attr: 'TYPE' | 'ROWTYPE'; pos: Pos }
  /** A user-declared TYPE (record or collection) or a package's type. */
  | { k: 'named'; parts: string[]; pos: Pos }

export type TypeDef =
  | { k: 'record'; fields: { name: string; type: TypeRef; init?: Expr }[] }
  | { k: 'collection'; of: TypeRef; indexByString: boolean }
  /** SUBTYPE name IS type. */
  | { k: 'alias'; of: TypeRef }

// ---------------------------------------------------------------- declarations

export interface Param {
  name: string
  mode: 'IN' | 'OUT' | 'IN OUT'
  type: TypeRef
  default?: Expr
  pos: Pos
}

export interface Subprogram {
  kind: 'procedure' | 'function'
  name: string
  params: Param[]
  returns?: TypeRef
  /** Absent in a package spec or a forward declaration. */
  body?: Block
  pos: Pos
  /** Why calling it cannot be simulated, though the unit around it compiles. */
  notSimulated?: string
  /** PIPELINED: its rows are the values its PIPE ROW statements send; it returns the collection of them. */
  pipelined?: boolean
}

export type Decl =
  | { k: 'var'; name: string; type: TypeRef; constant: boolean; notNull: boolean; init?: Expr; pos: Pos }
  | { k: 'exception'; name: string; pos: Pos }
  | { k: 'exceptionInit'; name: string; code: number; pos: Pos }
  | { k: 'cursor'; name: string; params: Param[]; sql: EmbeddedSql; pos: Pos }
  | { k: 'type'; name: string; def: TypeDef; pos: Pos }
  | { k: 'subprogram'; sub: Subprogram; pos: Pos }

// ---------------------------------------------------------------- statements

export interface Handler {
  /** Upper-cased exception names (possibly dotted), or ['OTHERS']. */
  names: string[]
  body: Stmt[]
  pos: Pos
}

export interface Block {
  label?: string
  decls: Decl[]
  body: Stmt[]
  handlers: Handler[]
  pos: Pos
}

/** A target of `:=`, INTO or an OUT parameter. */
export type Target = Extract<Expr, { k: 'name' } | { k: 'bind' } | { k: 'call' } | { k: 'member' }>

export type CursorSource = { k: 'sql'; sql: EmbeddedSql } | { k: 'cursor'; name: string[]; args: Arg[] }

export type Stmt =
  | { k: 'null'; pos: Pos }
  /** PIPE ROW (expr), in a PIPELINED function: adds a row to what the function returns. */
  | { k: 'pipeRow'; value: Expr; pos: Pos }
  | { k: 'assign'; target: Target; value: Expr; pos: Pos }
  | { k: 'call'; call: Extract<Expr, { k: 'name' } | { k: 'call' }>; pos: Pos }
  | { k: 'if'; branches: { cond: Expr; body: Stmt[] }[]; else?: Stmt[]; pos: Pos }
  | { k: 'case'; subject?: Expr; whens: { when: Expr; body: Stmt[] }[]; else?: Stmt[]; pos: Pos }
  | { k: 'loop'; label?: string; body: Stmt[]; pos: Pos }
  | { k: 'while'; label?: string; cond: Expr; body: Stmt[]; pos: Pos }
  | { k: 'forNum'; label?: string; index: string; reverse: boolean; lo: Expr; hi: Expr; body: Stmt[]; pos: Pos }
  | { k: 'forCursor'; label?: string; record: string; source: CursorSource; body: Stmt[]; pos: Pos }
  | { k: 'exit'; label?: string; when?: Expr; pos: Pos }
  | { k: 'continue'; label?: string; when?: Expr; pos: Pos }
  | { k: 'return'; value?: Expr; pos: Pos }
  | { k: 'raise'; name?: string[]; pos: Pos }
  /** SELECT … INTO (into set, `bulk` for BULK COLLECT INTO), or DML with optional RETURNING … INTO. */
  | { k: 'sql'; sql: EmbeddedSql; into: Target[]; bulk: boolean; pos: Pos }
  | { k: 'open'; cursor: string[]; args: Arg[]; pos: Pos }
  | { k: 'fetch'; cursor: string[]; into: Target[]; bulk: boolean; pos: Pos }
  | { k: 'close'; cursor: string[]; pos: Pos }
  | { k: 'block'; block: Block; pos: Pos }
  /** COMMIT / ROLLBACK / SAVEPOINT: no-ops inside a request (docs/plsql.md). */
  | { k: 'transaction'; verb: string; pos: Pos }

export type PlsqlKind = 'block' | 'functionBody' | 'expression' | 'condition'

/** What compilePlsql produces: a checked tree, ready to run any number of times. */
export interface PlsqlProgram {
  kind: PlsqlKind
  /** For block / functionBody. */
  block?: Block
  /** For expression / condition. */
  expr?: Expr
  text: string
}

/** A compilation unit from supporting objects: CREATE [OR REPLACE] PACKAGE [BODY] / PROCEDURE / FUNCTION. */
export type Unit =
  | { k: 'packageSpec'; name: string; decls: Decl[]; pos: Pos }
  | { k: 'packageBody'; name: string; decls: Decl[]; init?: Block; pos: Pos }
  | { k: 'subprogram'; sub: Subprogram; pos: Pos }
