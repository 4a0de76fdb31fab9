/**
 * Oracle regular expressions (POSIX ERE with Perl extensions), bounded so no
 * pattern and input can take unbounded time:
 * - they run on a backtracking-free engine (`regex-vm.ts`, a Pike VM): time
 *   linear in the input for a given pattern, plus a work budget per call;
 * - the pattern is at most 512 characters (Oracle's own limit), the input at
 *   most MAX_VM_INPUT characters;
 * - only a pattern with a back-reference (`\1`), which an NFA cannot run,
 *   falls back to JavaScript's engine, and then a quantified group that itself
 *   repeats or alternates between overlapping branches (`(a+)+`, `(a|aa)*`,
 *   the shapes that backtrack exponentially) is refused with a clear error and
 *   the input is capped at MAX_REGEX_INPUT characters.
 */
import { compileProgram, RegexSyntaxError, runProgram } from './regex-vm.js'

export const MAX_PATTERN_LENGTH = 512
/** Input limit of the back-reference fallback (JavaScript's backtracking engine). */
export const MAX_REGEX_INPUT = 32_767
/** Input limit of the linear engine. */
export const MAX_VM_INPUT = 4_000_000
/** Thread steps one search may take. */
export const REGEX_WORK_BUDGET = 50_000_000

export class OracleRegexError extends Error {}

export interface RegexMatch {
  start: number
  end: number
  /** Captured groups by number (1-based index 0 = whole match); undefined when a group did not take part. */
  groups: (string | undefined)[]
}

export interface OracleRegex {
  /** First match at or after `from`. */
  exec(text: string, from: number): RegexMatch | null
}

const POSIX_CLASSES: Record<string, string> = {
  alpha: 'A-Za-z', digit: '0-9', alnum: 'A-Za-z0-9', upper: 'A-Z', lower: 'a-z', space: ' \\t\\r\\n\\v\\f',
  punct: '!-\\/:-@\\[-`{-~', xdigit: '0-9A-Fa-f', blank: ' \\t', cntrl: '\\x00-\\x1f\\x7f', print: '\\x20-\\x7e', graph: '\\x21-\\x7e',
}

const cache = new Map<string, OracleRegex>()

/** Match parameters: i (ignore case), c (case-sensitive), n (. matches newline), m (multi-line), x (ignore blanks). */
export function compileOracleRegex(pattern: string, flags: string | null): OracleRegex {
  const key = `${flags ?? ''}\u0000${pattern}`
  const hit = cache.get(key)
  if (hit) return hit
  if (pattern.length > MAX_PATTERN_LENGTH) throw new OracleRegexError(`ORA-12733: regular expression too long (over ${MAX_PATTERN_LENGTH} characters)`)
  let ignoreCase = false
  let dotAll = false
  let multiline = false
  let extended = false
  for (const f of flags ?? '') {
    if (f === 'i') ignoreCase = true
    else if (f === 'c') ignoreCase = false
    else if (f === 'n') dotAll = true
    else if (f === 'm') multiline = true
    else if (f === 'x') extended = true
    else throw new OracleRegexError(`ORA-01760: illegal argument for function (match parameter "${f}")`)
  }
  const text = extended ? pattern.replace(/\s+/g, '') : pattern
  let program: ReturnType<typeof compileProgram>
  try {
    program = compileProgram(text, { ignoreCase, dotAll, multiline })
  } catch (error) {
    throw new OracleRegexError(error instanceof Error ? error.message : String(error))
  }
  if (program !== 'backreference') {
    const linear = program
    const compiledVm: OracleRegex = {
      exec(input, from) {
        if (input.length > MAX_VM_INPUT) throw new OracleRegexError(`regular expressions are limited to ${MAX_VM_INPUT} characters of input in this simulation (got ${input.length})`)
        try {
          return runProgram(linear, input, from, { steps: REGEX_WORK_BUDGET })
        } catch (error) {
          if (error instanceof RegexSyntaxError) throw new OracleRegexError(error.message)
          throw error
        }
      },
    }
    if (cache.size > 500) cache.clear()
    cache.set(key, compiledVm)
    return compiledVm
  }
  const source = translatePattern(text)
  let re: RegExp
  try {
    re = new RegExp(source, `g${ignoreCase ? 'i' : ''}${dotAll ? 's' : ''}${multiline ? 'm' : ''}`)
  } catch (error) {
    throw new OracleRegexError(`ORA-12725: bad regular expression "${pattern}": ${(error as Error).message}`)
  }
  const compiled: OracleRegex = {
    exec(text, from) {
      if (text.length > MAX_REGEX_INPUT) throw new OracleRegexError(`regular expressions are limited to ${MAX_REGEX_INPUT} characters of input in this simulation (got ${text.length})`)
      re.lastIndex = from
      const m = re.exec(text)
      if (!m) return null
      return { start: m.index, end: m.index + m[0].length, groups: [...m] }
    },
  }
  if (cache.size > 500) cache.clear()
  cache.set(key, compiled)
  return compiled
}

/** POSIX bracket classes → JS ranges, and the nested-quantifier guard. */
function translatePattern(pattern: string): string {
  let out = ''
  // For each open group: whether it contains a quantifier or an alternation.
  const groups: { risky: boolean; alternates: boolean; start: number }[] = []
  let i = 0
  while (i < pattern.length) {
    const ch = pattern.charAt(i)
    if (ch === '\\') {
      out += pattern.slice(i, i + 2)
      i += 2
      continue
    }
    if (ch === '[') {
      let j = i + 1
      let body = ''
      if (pattern.charAt(j) === '^') {
        body += '^'
        j++
      }
      if (pattern.charAt(j) === ']') {
        body += '\\]'
        j++
      }
      while (j < pattern.length && pattern.charAt(j) !== ']') {
        if (pattern.startsWith('[:', j)) {
          const close = pattern.indexOf(':]', j + 2)
          const name = close < 0 ? '' : pattern.slice(j + 2, close)
          const cls = POSIX_CLASSES[name]
          if (!cls) throw new OracleRegexError(`ORA-12729: invalid character class in regular expression "${pattern}"`)
          body += cls
          j = close + 2
          continue
        }
        const c = pattern.charAt(j)
        // Inside POSIX brackets a backslash is literal.
        body += c === '\\' || c === '[' ? '\\' + c : c
        j++
      }
      if (j >= pattern.length) throw new OracleRegexError(`ORA-12726: unmatched bracket in regular expression "${pattern}"`)
      out += `[${body}]`
      i = j + 1
      continue
    }
    if (ch === '(') {
      groups.push({ risky: false, alternates: false, start: out.length + 1 })
      out += ch
      i++
      continue
    }
    if (ch === ')') {
      const group = groups.pop()
      // Alternatives of plain text starting with distinct characters cannot overlap: (a|b)* stays linear.
      if (group?.alternates && !disjointLiterals(out.slice(group.start))) group.risky = true
      out += ch
      i++
      const next = pattern.charAt(i)
      const quantified = next === '*' || next === '+' || next === '{'
      if (group?.risky && quantified) {
        throw new OracleRegexError(`regular expression "${pattern}" repeats a group that itself repeats or alternates; refused because it can take exponential time`)
      }
      if (group && groups.length > 0) {
        const outer = groups[groups.length - 1] as { risky: boolean }
        if (group.risky || quantified) outer.risky = true
      }
      continue
    }
    if (ch === '*' || ch === '+' || ch === '{') {
      const top = groups[groups.length - 1]
      if (top) top.risky = true
    }
    if (ch === '|') {
      const top = groups[groups.length - 1]
      if (top) top.alternates = true
    }
    out += ch
    i++
  }
  if (groups.length > 0) throw new OracleRegexError(`ORA-12725: unmatched parentheses in regular expression "${pattern}"`)
  return out
}

function disjointLiterals(body: string): boolean {
  const alternatives = body.split('|')
  if (alternatives.some((a) => a === '' || /[\\[\](){}.*+?^$]/.test(a))) return false
  const firsts = new Set(alternatives.map((a) => a.charAt(0).toLowerCase()))
  return firsts.size === alternatives.length
}
