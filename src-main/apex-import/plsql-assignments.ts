/**
 * PL/SQL process bodies that only set items, e.g.
 *
 *     begin
 *       :P2_STATUS := 'NEW';
 *       apex_util.set_session_state('P2_OWNER', :APP_USER);
 *     end;
 *
 * become a `setItems` process the engine can run. Any other statement (a
 * loop, a package call, a declaration) makes the whole body "not simulated":
 * running half a process would show state that APEX never produces.
 */
import { itemRef } from './expression-text.js'
import type { PlsqlToken } from './plsql-tokens.js'
import { tokenizePlsql } from './plsql-tokens.js'
import type { TranslateContext } from './plsql-translator.js'
import { translateTokens } from './plsql-translator.js'

const SET_STATE_PROCEDURES = new Set([
  'apex_util.set_session_state',
  'htmldb_util.set_session_state',
  'apex_session_state.set_value',
])

/**
 * Item name (upper case) → expression, in statement order (empty for a body of
 * `null;` only); undefined when the body does anything else. An item set twice is not handled (the record would
 * lose the first write's position).
 */
export function translateAssignments(body: string, context: TranslateContext = {}): Record<string, string> | undefined {
  const tokens = tokenizePlsql(body)
  if (tokens === undefined) return undefined
  let from = 0
  let to = tokens.length
  if (wordAt(tokens, 0) === 'begin') {
    // `begin … end;` or `begin … end name;`
    let close = to
    if (punctAt(tokens, close - 1) === ';') close--
    if (close - 1 > 0 && wordAt(tokens, close - 1) !== 'end') close--
    if (wordAt(tokens, close - 1) !== 'end') return undefined
    from = 1
    to = close - 1
  }
  const items: Record<string, string> = {}
  let count = 0
  const ranges = statements(tokens, from, to)
  if (ranges === undefined) return undefined
  for (const [start, end] of ranges) {
    // `null;` does nothing, and a body of only `null;` is a process that sets nothing.
    if (end - start === 1 && wordAt(tokens, start) === 'null') {
      count++
      continue
    }
    const assignment = translateStatement(tokens, start, end, context)
    if (assignment === undefined) return undefined
    const [name, expression] = assignment
    if (Object.prototype.hasOwnProperty.call(items, name)) return undefined
    items[name] = expression
    count++
  }
  // An empty body is not valid PL/SQL; APEX would fail, so it is not simulated.
  return count > 0 ? items : undefined
}

function translateStatement(
  tokens: readonly PlsqlToken[],
  start: number,
  end: number,
  context: TranslateContext,
): [string, string] | undefined {
  const first = tokens[start]
  if (first?.type === 'bind' && punctAt(tokens, start + 1) === ':=') {
    const expression = translateTokens(tokens, start + 2, end, context)
    return expression === undefined ? undefined : [refName(first.name), expression]
  }
  // apex_util.set_session_state('ITEM', expr) / (p_name => 'ITEM', p_value => expr)
  let i = start
  let path = wordAt(tokens, i)
  if (path === undefined) return undefined
  i++
  while (punctAt(tokens, i) === '.' && wordAt(tokens, i + 1) !== undefined) {
    path += `.${wordAt(tokens, i + 1)}`
    i += 2
  }
  if (!SET_STATE_PROCEDURES.has(path) || punctAt(tokens, i) !== '(' || punctAt(tokens, end - 1) !== ')') return undefined
  const args = splitArguments(tokens, i + 1, end - 1)
  if (args === undefined) return undefined
  const nameArg = args.named.get('p_name') ?? args.named.get('p_item') ?? args.positional[0]
  const valueArg = args.named.get('p_value') ?? args.positional[1]
  if (nameArg === undefined || valueArg === undefined) return undefined
  const nameToken = tokens[nameArg[0]]
  if (nameArg[1] - nameArg[0] !== 1 || nameToken?.type !== 'string' || nameToken.value.trim() === '') return undefined
  const expression = translateTokens(tokens, valueArg[0], valueArg[1], context)
  return expression === undefined ? undefined : [refName(nameToken.value), expression]
}

/** The item name as the engine keys it (the same text `itemRef` writes, without the colon). */
function refName(name: string): string {
  return itemRef(name).slice(1).replace(/^"(.*)"$/, '$1')
}

/**
 * `[start, end)` ranges between top-level semicolons; undefined when the last
 * statement lacks its `;` (invalid PL/SQL, which APEX would refuse to run).
 */
function statements(tokens: readonly PlsqlToken[], from: number, to: number): Array<[number, number]> | undefined {
  const ranges: Array<[number, number]> = []
  let depth = 0
  let start = from
  for (let i = from; i < to; i++) {
    const p = punctAt(tokens, i)
    if (p === '(') depth++
    else if (p === ')') depth--
    else if (p === ';' && depth === 0) {
      if (i > start) ranges.push([start, i])
      start = i + 1
    }
  }
  return start < to ? undefined : ranges
}

function splitArguments(
  tokens: readonly PlsqlToken[],
  from: number,
  to: number,
): { named: Map<string, [number, number]>; positional: Array<[number, number]> } | undefined {
  const named = new Map<string, [number, number]>()
  const positional: Array<[number, number]> = []
  let depth = 0
  let start = from
  const flush = (end: number): boolean => {
    if (end <= start) return false
    const name = wordAt(tokens, start)
    if (name !== undefined && punctAt(tokens, start + 1) === '=>') named.set(name, [start + 2, end])
    else positional.push([start, end])
    return true
  }
  for (let i = from; i < to; i++) {
    const p = punctAt(tokens, i)
    if (p === '(') depth++
    else if (p === ')') depth--
    else if (p === ',' && depth === 0) {
      if (!flush(i)) return undefined
      start = i + 1
    }
  }
  if (!flush(to)) return undefined
  return { named, positional }
}

function wordAt(tokens: readonly PlsqlToken[], i: number): string | undefined {
  const t = tokens[i]
  return t?.type === 'word' ? t.word : undefined
}

function punctAt(tokens: readonly PlsqlToken[], i: number): string | undefined {
  const t = tokens[i]
  return t?.type === 'punct' ? t.punct : undefined
}
