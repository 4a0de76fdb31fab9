/**
 * Splits a supporting-objects install script into statements the way
 * SQL*Plus / SQL Workshop does: a SQL statement ends at `;` or at a line
 * holding only `/`; a PL/SQL unit (CREATE PACKAGE/PROCEDURE/FUNCTION/TRIGGER/
 * TYPE, or an anonymous DECLARE/BEGIN block) ends only at a line holding
 * only `/` (or the end of the script). SQL*Plus commands (PROMPT, SET, …)
 * take their line. Uses the shared lexer, so `;` inside strings and comments
 * never splits.
 */
import type { Token } from '../sql/lexer.js'
import { tokenize } from '../sql/lexer.js'

export interface ScriptStatement {
  /** The statement's text without its terminator. */
  text: string
  /** 1-based line of its first character in the script. */
  line: number
  kind: 'sql' | 'plsql' | 'sqlplus'
}

const SQLPLUS = new Set([
  'PROMPT', 'PRO', 'SET', 'WHENEVER', 'SPOOL', 'REM', 'REMARK', 'DEFINE', 'UNDEFINE', 'COLUMN', 'COL', 'EXIT', 'QUIT', 'SHOW', 'CLEAR',
  'TTITLE', 'BTITLE', 'BREAK', 'COMPUTE', 'HOST', 'TIMING', 'PAUSE', 'ACCEPT', 'VARIABLE', 'VAR', 'PRINT', 'CONNECT', 'DISCONNECT',
])

const PLSQL_UNITS = new Set(['PACKAGE', 'PROCEDURE', 'FUNCTION', 'TRIGGER', 'TYPE', 'LIBRARY', 'JAVA'])

export function splitScript(text: string): ScriptStatement[] {
  const statements: ScriptStatement[] = []
  let tokens = tokenize(text)
  let i = 0
  const lineStartOf = (offset: number): number => {
    const nl = Math.max(text.lastIndexOf('\n', offset - 1), text.lastIndexOf('\r', offset - 1))
    return nl + 1
  }
  const lineEndOf = (offset: number): number => {
    let end = offset
    while (end < text.length && text.charAt(end) !== '\n' && text.charAt(end) !== '\r') end++
    return end
  }
  /** `/` alone on its line (blanks around allowed). */
  const isSlashLine = (t: Token): boolean =>
    t.kind === 'op' && t.value === '/' && text.slice(lineStartOf(t.offset), t.offset).trim() === '' && text.slice(t.offset + 1, lineEndOf(t.offset)).trim() === ''
  /** Re-lexes from `offset` (after a SQL*Plus line whose text the lexer may have misread). */
  const restartAt = (offset: number): void => {
    const rest = tokenize(text.slice(offset))
    const before = text.slice(0, offset)
    const lines = before.split(/\r\n|\r|\n/)
    const lineBase = lines.length - 1
    const colBase = (lines[lines.length - 1] ?? '').length
    tokens = rest.map((t) => ({ ...t, offset: t.offset + offset, line: t.line + lineBase, col: t.line === 1 ? t.col + colBase : t.col }))
    i = 0
  }

  while (i < tokens.length) {
    const first = tokens[i] as Token
    if (first.kind === 'eof') break
    if (first.kind === 'error') {
      statements.push({ text: text.slice(first.offset), line: first.line, kind: 'sql' })
      break
    }
    if (isSlashLine(first) || (first.kind === 'punct' && first.value === ';')) {
      i++
      continue
    }
    const lineStart = lineStartOf(first.offset)
    if (first.kind === 'word' && SQLPLUS.has(first.value) && text.slice(lineStart, first.offset).trim() === '') {
      const end = lineEndOf(first.offset)
      statements.push({ text: text.slice(first.offset, end), line: first.line, kind: 'sqlplus' })
      restartAt(end)
      continue
    }
    const plsql = isPlsqlStart(tokens, i)
    let j = i
    let endOffset = text.length
    let next = tokens.length - 1
    for (; j < tokens.length; j++) {
      const t = tokens[j] as Token
      if (t.kind === 'eof') break
      if (t.kind === 'error') {
        endOffset = text.length
        next = tokens.length - 1
        break
      }
      if (j > i && isSlashLine(t)) {
        endOffset = t.offset
        next = j + 1
        break
      }
      if (!plsql && t.kind === 'punct' && t.value === ';') {
        endOffset = t.offset
        next = j + 1
        break
      }
    }
    statements.push({ text: text.slice(first.offset, endOffset).trimEnd(), line: first.line, kind: plsql ? 'plsql' : 'sql' })
    i = next
    if ((tokens[i] as Token | undefined)?.kind === 'eof') break
  }
  return statements
}

function isPlsqlStart(tokens: Token[], i: number): boolean {
  const word = (k: number): string | undefined => {
    const t = tokens[i + k]
    return t?.kind === 'word' ? t.value : undefined
  }
  if (word(0) === 'DECLARE' || word(0) === 'BEGIN') return true
  if (word(0) !== 'CREATE') return false
  let k = 1
  if (word(k) === 'OR' && word(k + 1) === 'REPLACE') k += 2
  if (word(k) === 'EDITIONABLE' || word(k) === 'NONEDITIONABLE') k++
  if (word(k) === 'AND' && (word(k + 1) === 'COMPILE' || word(k + 1) === 'RESOLVE')) k += 2
  return PLSQL_UNITS.has(word(k) ?? '')
}
