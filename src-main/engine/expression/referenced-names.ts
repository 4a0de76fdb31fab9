/**
 * The item names an expression reads, for load-time checks ("P1_X is not an
 * item of this app") and for "why" explanations. `V`/`NV` count only when
 * their argument is a literal: a computed name cannot be known before run time.
 */
import { normalizeName } from '../model/values.js'
import { childrenOf, type Expr } from './ast.js'

/** Upper-cased, unique, in order of first appearance in the source. */
export function referencedNames(expr: Expr): string[] {
  const names = new Set<string>()
  const visit = (e: Expr): void => {
    if (e.kind === 'ref') names.add(e.name)
    if (e.kind === 'call' && (e.fn === 'V' || e.fn === 'NV')) {
      const arg = e.args[0]
      if (arg?.kind === 'string') {
        const name = normalizeName(arg.value)
        if (name !== '') names.add(name)
      }
    }
    for (const child of childrenOf(e)) visit(child)
  }
  visit(expr)
  return [...names]
}
