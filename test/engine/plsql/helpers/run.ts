import { compilePlsql, runPlsql, type PlsqlKind, type RunResult } from '../../../../src-main/engine/plsql'
import { fakeHost, type FakeHost } from './fake-host'

/** Compiles (failing the test when it does not) and runs one unit against a fake host. */
export function run(text: string, kind: PlsqlKind = 'block', host: FakeHost = fakeHost()): { result: RunResult; host: FakeHost } {
  const c = compilePlsql(text, kind)
  if (!c.ok) throw new Error(`did not compile: ${c.reason.message} at ${c.reason.line}:${c.reason.col}`)
  return { result: runPlsql(c.program, host), host }
}

/** The value a function body returns (failing the test on an error). */
export function value(text: string, host: FakeHost = fakeHost()): string | null | boolean | undefined {
  const { result } = run(text, 'functionBody', host)
  if (!result.ok) throw new Error(`failed: ${result.error.message} at ${result.error.line}:${result.error.col}`)
  return result.value
}

/** The error of a unit that must fail. */
export function error(text: string, kind: PlsqlKind = 'block', host: FakeHost = fakeHost()): { message: string; line: number; col: number; oraCode?: number } {
  const { result } = run(text, kind, host)
  if (result.ok) throw new Error('expected an error, got success')
  return result.error
}
