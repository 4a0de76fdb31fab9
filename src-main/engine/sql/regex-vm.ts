/**
 * A backtracking-free regular-expression engine (a Pike VM: Thompson's NFA
 * simulation carrying capture positions) for Oracle's regular expressions.
 * Time is O(input × program) whatever the pattern — `(a+)+$` on "aaaa…!"
 * costs the same as `a+$` — and every call also has a work budget, so no
 * pattern can hang the engine.
 *
 * Syntax (POSIX ERE with Oracle's Perl extensions): literals, `.`, bracket
 * expressions with ranges and `[:class:]`, `^ $` (`\A \Z`), groups `( )` and
 * `(?: )`, `|`, `* + ? {n} {n,} {n,m}` and their lazy `?` forms, `\d \D \s \S
 * \w \W`, escaped characters. Matching is leftmost-first (the alternative or
 * repetition written first wins), as in Oracle and Perl. Back-references
 * (`\1` in a pattern) cannot run on an NFA: `compileProgram` returns
 * 'backreference' and the caller decides.
 */

export class RegexSyntaxError extends Error {}

type CharTest = (c: number) => boolean

type Node =
  | { k: 'char'; test: CharTest }
  | { k: 'bol' }
  | { k: 'eol' }
  | { k: 'bos' }
  | { k: 'eos' }
  | { k: 'group'; index: number | null; body: Node }
  | { k: 'concat'; items: Node[] }
  | { k: 'alt'; options: Node[] }
  | { k: 'repeat'; body: Node; min: number; max: number; lazy: boolean }

type Inst =
  | { op: 'char'; test: CharTest }
  | { op: 'split'; x: number; y: number }
  | { op: 'jmp'; x: number }
  | { op: 'save'; n: number }
  | { op: 'assert'; kind: 'bol' | 'eol' | 'bos' | 'eos' }
  | { op: 'match' }

export interface RegexProgram {
  insts: Inst[]
  groups: number
  multiline: boolean
}

export interface VmMatch {
  start: number
  end: number
  groups: (string | undefined)[]
}

/** Programs larger than this (e.g. `a{1000}{1000}`) are refused. */
export const MAX_PROGRAM = 20_000

const POSIX: Record<string, CharTest> = {
  alpha: (c) => isLetter(c),
  digit: (c) => c >= 48 && c <= 57,
  alnum: (c) => isLetter(c) || (c >= 48 && c <= 57),
  upper: (c) => (c >= 65 && c <= 90) || (c > 127 && String.fromCharCode(c) !== String.fromCharCode(c).toLowerCase()),
  lower: (c) => (c >= 97 && c <= 122) || (c > 127 && String.fromCharCode(c) !== String.fromCharCode(c).toUpperCase()),
  space: (c) => c === 32 || (c >= 9 && c <= 13),
  blank: (c) => c === 32 || c === 9,
  punct: (c) => (c >= 33 && c <= 47) || (c >= 58 && c <= 64) || (c >= 91 && c <= 96) || (c >= 123 && c <= 126),
  xdigit: (c) => (c >= 48 && c <= 57) || (c >= 65 && c <= 70) || (c >= 97 && c <= 102),
  cntrl: (c) => c < 32 || c === 127,
  print: (c) => c >= 32 && c !== 127,
  graph: (c) => c > 32 && c !== 127,
}

function isLetter(c: number): boolean {
  if ((c >= 65 && c <= 90) || (c >= 97 && c <= 122)) return true
  return c > 127 && /\p{L}/u.test(String.fromCharCode(c))
}

const isWordChar: CharTest = (c) => isLetter(c) || (c >= 48 && c <= 57) || c === 95

interface Options {
  ignoreCase: boolean
  dotAll: boolean
  multiline: boolean
}

/** Parses and compiles; 'backreference' when the pattern needs one. */
export function compileProgram(pattern: string, opts: Options): RegexProgram | 'backreference' {
  const parser = new PatternParser(pattern, opts)
  const node = parser.parse()
  if (parser.usesBackreference) return 'backreference'
  const insts: Inst[] = [{ op: 'save', n: 0 }]
  emit(node, insts)
  insts.push({ op: 'save', n: 1 }, { op: 'match' })
  return { insts, groups: parser.groupCount, multiline: opts.multiline }
}

class PatternParser {
  private i = 0
  groupCount = 0
  usesBackreference = false
  private depth = 0

  constructor(
    private readonly p: string,
    private readonly opts: Options,
  ) {}

  parse(): Node {
    const node = this.alt()
    if (this.i < this.p.length) throw new RegexSyntaxError(`ORA-12725: unmatched parentheses in regular expression "${this.p}"`)
    return node
  }

  private alt(): Node {
    if (++this.depth > 200) throw new RegexSyntaxError('regular expression nested too deeply')
    const options = [this.concat()]
    while (this.p.charAt(this.i) === '|') {
      this.i++
      options.push(this.concat())
    }
    this.depth--
    return options.length === 1 ? (options[0] as Node) : { k: 'alt', options }
  }

  private concat(): Node {
    const items: Node[] = []
    while (this.i < this.p.length && this.p.charAt(this.i) !== '|' && this.p.charAt(this.i) !== ')') {
      let atom = this.atom()
      for (;;) {
        const q = this.quantifier()
        if (!q) break
        atom = { k: 'repeat', body: atom, ...q }
      }
      items.push(atom)
    }
    return { k: 'concat', items }
  }

  private quantifier(): { min: number; max: number; lazy: boolean } | undefined {
    const c = this.p.charAt(this.i)
    let min: number
    let max: number
    if (c === '*') {
      min = 0
      max = Infinity
      this.i++
    } else if (c === '+') {
      min = 1
      max = Infinity
      this.i++
    } else if (c === '?') {
      min = 0
      max = 1
      this.i++
    } else if (c === '{') {
      const m = /^\{(\d+)(,(\d*))?\}/.exec(this.p.slice(this.i))
      if (!m) return undefined // a literal "{"
      min = Number(m[1])
      max = m[2] === undefined ? min : m[3] === '' || m[3] === undefined ? Infinity : Number(m[3])
      if (max < min) throw new RegexSyntaxError(`ORA-12728: invalid range in regular expression "${this.p}"`)
      if (min > 1000 || (max !== Infinity && max > 1000)) throw new RegexSyntaxError(`repetition count over 1000 in regular expression "${this.p}"`)
      this.i += m[0].length
    } else return undefined
    const lazy = this.p.charAt(this.i) === '?'
    if (lazy) this.i++
    return { min, max, lazy }
  }

  private atom(): Node {
    const c = this.p.charAt(this.i)
    switch (c) {
      case '(': {
        this.i++
        let index: number | null = null
        if (this.p.startsWith('?:', this.i)) this.i += 2
        else index = ++this.groupCount
        const body = this.alt()
        if (this.p.charAt(this.i) !== ')') throw new RegexSyntaxError(`ORA-12725: unmatched parentheses in regular expression "${this.p}"`)
        this.i++
        return { k: 'group', index, body }
      }
      case '[':
        return this.bracket()
      case '.':
        this.i++
        return { k: 'char', test: this.opts.dotAll ? () => true : (x) => x !== 10 }
      case '^':
        this.i++
        return { k: 'bol' }
      case '$':
        this.i++
        return { k: 'eol' }
      case '\\':
        return this.escape()
      default:
        if ((c === '*' || c === '+' || c === '?') && this.i === 0) {
          // A leading quantifier is a literal in POSIX EREs.
          this.i++
          return this.literal(c.charCodeAt(0))
        }
        if (c === '*' || c === '+' || c === '?') throw new RegexSyntaxError(`ORA-12727: invalid back reference or quantifier in regular expression "${this.p}"`)
        this.i++
        return this.literal(c.charCodeAt(0))
    }
  }

  private literal(code: number): Node {
    if (!this.opts.ignoreCase) return { k: 'char', test: (x) => x === code }
    const ch = String.fromCharCode(code)
    const lower = ch.toLowerCase().charCodeAt(0)
    const upper = ch.toUpperCase().charCodeAt(0)
    return { k: 'char', test: (x) => x === code || x === lower || x === upper }
  }

  private escape(): Node {
    const c = this.p.charAt(this.i + 1)
    this.i += 2
    if (c === '') throw new RegexSyntaxError(`ORA-12725: trailing backslash in regular expression "${this.p}"`)
    switch (c) {
      case 'd': return { k: 'char', test: POSIX.digit as CharTest }
      case 'D': return { k: 'char', test: (x) => !(POSIX.digit as CharTest)(x) }
      case 's': return { k: 'char', test: POSIX.space as CharTest }
      case 'S': return { k: 'char', test: (x) => !(POSIX.space as CharTest)(x) }
      case 'w': return { k: 'char', test: isWordChar }
      case 'W': return { k: 'char', test: (x) => !isWordChar(x) }
      case 'A': return { k: 'bos' }
      case 'Z': case 'z': return { k: 'eos' }
      case 'n': return this.literal(10)
      case 't': return this.literal(9)
      case 'r': return this.literal(13)
      default:
        if (c >= '1' && c <= '9') {
          this.usesBackreference = true
          return { k: 'concat', items: [] }
        }
        return this.literal(c.charCodeAt(0))
    }
  }

  private bracket(): Node {
    this.i++
    let negate = false
    if (this.p.charAt(this.i) === '^') {
      negate = true
      this.i++
    }
    const tests: CharTest[] = []
    let first = true
    for (;;) {
      if (this.i >= this.p.length) throw new RegexSyntaxError(`ORA-12726: unmatched bracket in regular expression "${this.p}"`)
      const c = this.p.charAt(this.i)
      if (c === ']' && !first) {
        this.i++
        break
      }
      first = false
      if (this.p.startsWith('[:', this.i)) {
        const close = this.p.indexOf(':]', this.i + 2)
        const cls = close < 0 ? undefined : POSIX[this.p.slice(this.i + 2, close)]
        if (!cls) throw new RegexSyntaxError(`ORA-12729: invalid character class in regular expression "${this.p}"`)
        tests.push(cls)
        this.i = close + 2
        continue
      }
      if (this.p.startsWith('[=', this.i) || this.p.startsWith('[.', this.i)) {
        const end = this.p.indexOf(this.p.charAt(this.i + 1) + ']', this.i + 2)
        if (end < 0) throw new RegexSyntaxError(`ORA-12726: unmatched bracket in regular expression "${this.p}"`)
        const chars = this.p.slice(this.i + 2, end)
        for (const ch of chars) tests.push(this.charTest(ch.charCodeAt(0)))
        this.i = end + 2
        continue
      }
      const from = c.charCodeAt(0)
      if (this.p.charAt(this.i + 1) === '-' && this.p.charAt(this.i + 2) !== ']' && this.i + 2 < this.p.length) {
        const to = this.p.charCodeAt(this.i + 2)
        if (to < from) throw new RegexSyntaxError(`ORA-12728: invalid range in regular expression "${this.p}"`)
        tests.push(this.rangeTest(from, to))
        this.i += 3
        continue
      }
      tests.push(this.charTest(from))
      this.i++
    }
    const any: CharTest = (x) => tests.some((t) => t(x))
    return { k: 'char', test: negate ? (x) => !any(x) : any }
  }

  private charTest(code: number): CharTest {
    return (this.literal(code) as { test: CharTest }).test
  }

  private rangeTest(from: number, to: number): CharTest {
    if (!this.opts.ignoreCase) return (x) => x >= from && x <= to
    return (x) => {
      const ch = String.fromCharCode(x)
      const lower = ch.toLowerCase().charCodeAt(0)
      const upper = ch.toUpperCase().charCodeAt(0)
      return (x >= from && x <= to) || (lower >= from && lower <= to) || (upper >= from && upper <= to)
    }
  }
}

function emit(node: Node, out: Inst[]): void {
  if (out.length > MAX_PROGRAM) throw new RegexSyntaxError(`regular expression too large to run (over ${MAX_PROGRAM} steps once repetitions are expanded)`)
  switch (node.k) {
    case 'char':
      out.push({ op: 'char', test: node.test })
      return
    case 'bol':
    case 'eol':
    case 'bos':
    case 'eos':
      out.push({ op: 'assert', kind: node.k })
      return
    case 'group':
      if (node.index !== null) out.push({ op: 'save', n: node.index * 2 })
      emit(node.body, out)
      if (node.index !== null) out.push({ op: 'save', n: node.index * 2 + 1 })
      return
    case 'concat':
      for (const item of node.items) emit(item, out)
      return
    case 'alt': {
      const jumps: Inst[] = []
      node.options.forEach((option, i) => {
        if (i < node.options.length - 1) {
          const split: Inst & { op: 'split' } = { op: 'split', x: out.length + 1, y: -1 }
          out.push(split)
          emit(option, out)
          const jmp: Inst & { op: 'jmp' } = { op: 'jmp', x: -1 }
          out.push(jmp)
          jumps.push(jmp)
          split.y = out.length
        } else emit(option, out)
      })
      for (const j of jumps) (j as { x: number }).x = out.length
      return
    }
    case 'repeat': {
      for (let i = 0; i < node.min; i++) emit(node.body, out)
      if (node.max === Infinity) {
        // L: split body, exit (greedy) / exit, body (lazy); body; jmp L
        const split: Inst & { op: 'split' } = { op: 'split', x: -1, y: -1 }
        const at = out.length
        out.push(split)
        emit(node.body, out)
        out.push({ op: 'jmp', x: at })
        const exit = out.length
        if (node.lazy) {
          split.x = exit
          split.y = at + 1
        } else {
          split.x = at + 1
          split.y = exit
        }
        return
      }
      const splits: (Inst & { op: 'split' })[] = []
      for (let i = node.min; i < node.max; i++) {
        const split: Inst & { op: 'split' } = { op: 'split', x: -1, y: -1 }
        out.push(split)
        splits.push(split)
        const body = out.length
        emit(node.body, out)
        if (node.lazy) split.y = body
        else split.x = body
      }
      const exit = out.length
      for (const s of splits) {
        if (node.lazy) s.x = exit
        else s.y = exit
      }
    }
  }
}

interface Thread {
  pc: number
  caps: number[]
}

/**
 * Runs the program on `text` from `from`: the leftmost match, preferring
 * alternatives in the order written. `budget.steps` is decreased per thread
 * step; running out throws.
 */
export function runProgram(prog: RegexProgram, text: string, from: number, budget: { steps: number }): VmMatch | null {
  const n = prog.insts.length
  let clist: Thread[] = []
  let nlist: Thread[] = []
  const mark = new Int32Array(n).fill(-1)
  let matched: number[] | null = null
  const slots = (prog.groups + 1) * 2

  const add = (list: Thread[], pc: number, caps: number[], pos: number, gen: number): void => {
    // Iterative follow of jmp/split/save/assert with an explicit stack (no recursion depth limit).
    const stack: [number, number[]][] = [[pc, caps]]
    while (stack.length > 0) {
      const [p, c] = stack.pop() as [number, number[]]
      if (mark[p] === gen) continue
      mark[p] = gen
      const inst = prog.insts[p] as Inst
      switch (inst.op) {
        case 'jmp':
          stack.push([inst.x, c])
          break
        case 'split':
          // Push y first so x is explored first (priority).
          stack.push([inst.y, c])
          stack.push([inst.x, c])
          break
        case 'save': {
          const copy = c.slice()
          copy[inst.n] = pos
          stack.push([p + 1, copy])
          break
        }
        case 'assert': {
          const ok =
            inst.kind === 'bos' ? pos === 0
            : inst.kind === 'eos' ? pos === text.length
            : inst.kind === 'bol' ? pos === 0 || (prog.multiline && text.charCodeAt(pos - 1) === 10)
            : pos === text.length || (prog.multiline && text.charCodeAt(pos) === 10)
          if (ok) stack.push([p + 1, c])
          break
        }
        default:
          list.push({ pc: p, caps: c })
      }
    }
  }

  let gen = 0
  /** The generation clist was built with: seeding a new start joins it, so no state is listed twice. */
  let listGen = gen++
  const empty = new Array<number>(slots).fill(-1)
  for (let pos = from; pos <= text.length; pos++) {
    if (matched === null) add(clist, 0, empty, pos, listGen)
    if (clist.length === 0) break
    const code = pos < text.length ? text.charCodeAt(pos) : -1
    const next = gen++
    listGen = next
    for (let t = 0; t < clist.length; t++) {
      if (--budget.steps < 0) throw new RegexSyntaxError('regular expression work limit reached (the text is too long for this pattern)')
      const thread = clist[t] as Thread
      const inst = prog.insts[thread.pc] as Inst
      if (inst.op === 'match') {
        matched = thread.caps
        // Lower-priority threads are dropped: the leftmost-first match is this one or a longer one of higher priority.
        break
      }
      if (inst.op === 'char' && code >= 0 && inst.test(code)) add(nlist, thread.pc + 1, thread.caps, pos + 1, next)
    }
    const swap = clist
    clist = nlist
    nlist = swap
    nlist.length = 0
    if (matched !== null && clist.length === 0) break
  }
  if (matched === null) return null
  const caps = matched
  const groups: (string | undefined)[] = []
  for (let g = 0; g <= prog.groups; g++) {
    const s = caps[g * 2] as number
    const e = caps[g * 2 + 1] as number
    groups.push(s >= 0 && e >= 0 ? text.slice(s, e) : undefined)
  }
  return { start: caps[0] as number, end: caps[1] as number, groups }
}
