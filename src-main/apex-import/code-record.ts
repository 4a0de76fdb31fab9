/**
 * The record a component keeps for SQL or PL/SQL the expression language
 * cannot state: its builder label, original text, language, APEX type and how
 * the engine runs it on the app database (docs/trace-format.md). The engine
 * decides at load whether the text compiles; the import only says what it is.
 */
import type { CodeRun, NotSimulated } from '../engine/model/app-definition.js'

export function codeRecord(kind: string, text: string, apexType: string, run: CodeRun): NotSimulated {
  return { kind, text, language: run.startsWith('plsql') ? 'plsql' : 'sql', apexType, run }
}

/** The PL/SQL or SQL way an "Expression" of the given language runs. */
export function expressionRun(language: string): CodeRun {
  return language === 'SQL' ? 'sqlExpression' : 'plsqlExpression'
}
